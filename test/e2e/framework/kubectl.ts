import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const VERSIONED_DIR = '/usr/lib/google-cloud-sdk/bin';

/** The versioned kubectl binary (kubectl.1.NN beside the dispatcher) or the one on PATH. */
export function kubectlBinary(minor?: number): string {
  if (minor !== undefined) {
    const path = `${VERSIONED_DIR}/kubectl.1.${minor}`;
    if (existsSync(path)) {
      return path;
    }
  }
  return 'kubectl';
}

/** Runs a command with input, collecting output. */
export function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A kubectl bound to one kubeconfig, with its own discovery cache dir. */
export class Kubectl {
  constructor(
    readonly kubeconfig: string,
    private readonly cacheDir: string,
    private readonly minor?: number,
  ) {}

  run(args: readonly string[], input?: string, timeoutMs?: number): Promise<CommandResult> {
    return run(kubectlBinary(this.minor), [`--kubeconfig=${this.kubeconfig}`, `--cache-dir=${this.cacheDir}`, ...args], {
      ...(input === undefined ? {} : { input }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** Runs and fails with the output when kubectl exits non-zero. */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) {
      throw new Error(`kubectl ${args.join(' ')} failed (${String(result.code)}):\n${result.stderr}${result.stdout}`);
    }
    return result.stdout;
  }

  async json<T = Record<string, unknown>>(args: readonly string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }
}
