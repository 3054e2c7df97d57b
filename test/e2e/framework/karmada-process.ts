import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface KarmadaProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export function tempDataDir(prefix = 'karmada-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs `karmada <args>` from the sources (through tsx) and waits for its `ready` line, which
 * carries the URL and the kubeconfig path.
 */
export async function startKarmada(args: readonly string[], options: { dataDir?: string; timeoutMs?: number } = {}): Promise<KarmadaProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cmd/karmada.ts'), ...args, '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, KARMADA_LOG_LEVEL: process.env['KARMADA_LOG_LEVEL'] ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const ready = await new Promise<RegExpExecArray>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`karmada ${args.join(' ')} not ready after ${options.timeoutMs ?? 60000} ms:\n${out}`)), options.timeoutMs ?? 60_000);
    const check = (): void => {
      const m = /ready at (\S+?);? kubeconfig: (\S+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        res(m);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`karmada exited with ${String(code)} before ready:\n${out}`));
    });
  });
  return {
    child,
    dataDir,
    url: ready[1] ?? '',
    kubeconfig: ready[2] ?? '',
    output: () => out,
    async stop() {
      if (child.exitCode !== null) {
        return child.exitCode;
      }
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
