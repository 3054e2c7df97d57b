import { join } from 'node:path';
import { REPO_ROOT } from './karmada-process.js';
import { run, type CommandResult } from './kubectl.js';

/** Runs karmadactl from the sources against the control plane of `kubeconfig`. */
export function karmadactl(kubeconfig: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cmd/karmadactl.ts'), ...args], {
    env: { KUBECONFIG: kubeconfig },
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

/** Awaits a command and returns its stdout, failing the test with its output when it exited non-zero. */
export async function ok(result: Promise<CommandResult>, what: string): Promise<string> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} failed (${String(r.code)}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
