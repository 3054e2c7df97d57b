import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `~/.karmada` unless KARMADA_DATA_DIR says otherwise. */
export function defaultDataDir(): string {
  return process.env['KARMADA_DATA_DIR'] ?? join(homedir(), '.karmada');
}

export function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : resolve(path);
}

/** The admin kubeconfig of a control plane's data dir. */
export function adminKubeconfigPath(dataDir: string): string {
  return join(dataDir, 'karmada-apiserver.config');
}
