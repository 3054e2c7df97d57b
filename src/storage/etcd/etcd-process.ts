/**
 * Starts a throwaway single-member etcd on free loopback ports (tests, e2e tests,
 * benchmarks). The process is killed on stop(), and also when this process exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's etcd-server package puts the binary. */
export const defaultEtcdBinary = '/usr/bin/etcd';

/** How to start etcd. */
export interface StartEtcdOptions {
  /** The etcd binary (default /usr/bin/etcd). */
  readonly binary?: string;
  /** Data directory; default a new temporary directory, removed on stop(). */
  readonly dataDir?: string;
  /** How long to wait for /health (default 20 s). */
  readonly startTimeoutMs?: number;
  /** Extra command-line flags. */
  readonly extraArgs?: readonly string[];
}

/** A running etcd started by startEtcd. */
export interface EtcdProcess {
  /** Client endpoint, e.g. http://127.0.0.1:23790. */
  readonly endpoint: string;
  /** Storage URL for openStore, e.g. etcd://127.0.0.1:23790. */
  readonly url: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
  readonly pid: number;
  /** Stops etcd (SIGTERM, then SIGKILL after 5 s) and removes a temporary data dir. */
  stop(): Promise<void>;
}

/** True when the etcd binary exists and is executable. */
export function etcdAvailable(binary: string = defaultEtcdBinary): boolean {
  try {
    accessSync(binary, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Running children and the temporary data dir each owns (removed at exit). */
const running = new Map<ChildProcess, string | undefined>();
let exitHookInstalled = false;

/** Starts etcd and resolves once it reports healthy; retries with new ports if they were taken meanwhile. */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(options: StartEtcdOptions): Promise<EtcdProcess> {
  const binary = options.binary ?? defaultEtcdBinary;
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'karmada-etcd-'));
  const clientPort = await freePort();
  let peerPort = await freePort();
  while (peerPort === clientPort) peerPort = await freePort();
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name=default',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${endpoint}`,
    `--advertise-client-urls=${endpoint}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    '--initial-cluster-state=new',
    '--logger=zap',
    '--log-outputs=stderr',
    '--log-level=error',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  installExitHook();
  running.set(child, ownDir ? dataDir : undefined);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    await waitHealthy(endpoint, exited, options.startTimeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw new Error(`etcd did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  }
  return { endpoint, url: `etcd://127.0.0.1:${clientPort}`, clientPort, peerPort, dataDir, pid: child.pid ?? -1, stop };
}

async function waitHealthy(endpoint: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error('etcd exited');
    try {
      const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body: unknown = await response.json();
      if (typeof body === 'object' && body !== null && 'health' in body && body.health === 'true') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no healthy answer from ${endpoint}/health within ${timeoutMs} ms`);
}

/** A loopback port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Never leave an etcd behind when the test or benchmark process ends.
  process.once('exit', () => {
    for (const [child, dir] of running) {
      child.kill('SIGKILL');
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  });
}
