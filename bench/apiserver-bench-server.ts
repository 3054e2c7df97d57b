/**
 * The server side of the API benchmark, in its own process so that its CPU time is measured
 * alone: `node --import tsx bench/apiserver-bench-server.ts <dataDir>` (started by
 * apiserver-bench.ts through fork, optionally with `--cpu-prof`). It starts the control
 * plane's API server, reports where it listens over IPC, then answers `cpu` messages with
 * its process.cpuUsage() and event-loop utilisation, records a V8 CPU profile between
 * `profile-start` and `profile-stop`, and exits on `stop`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { startControlPlane } from '../src/controlplane/control-plane.js';
import { createLogger } from '../src/util/logger.js';

/** Messages from the bench to the server process. */
export type ServerCommand =
  { readonly type: 'cpu' } | { readonly type: 'stop' } | { readonly type: 'profile-start' } | { readonly type: 'profile-stop'; readonly file: string };

/** Messages from the server process to the bench. */
export type ServerReport =
  | { readonly type: 'ready'; readonly url: string; readonly caPem: string; readonly token: string }
  | { readonly type: 'cpu'; readonly micros: number; readonly elu: number }
  | { readonly type: 'stopped' }
  | { readonly type: 'profiled' };

const dataDir = process.argv[2];
const send = (report: ServerReport): void => {
  process.send?.(report);
};

if (dataDir === undefined || process.send === undefined) {
  process.stderr.write('usage: fork apiserver-bench-server.ts <dataDir> (needs an IPC channel)\n');
  process.exit(2);
}

const plane = await startControlPlane({ dataDir, port: 0, bind: '127.0.0.1', logger: createLogger('bench-apiserver', 'warn') });
let elu = performance.eventLoopUtilization();
send({ type: 'ready', url: plane.url, caPem: plane.pki.ca.certPem, token: plane.pki.adminToken });

let session: Session | undefined;
const post = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
  new Promise((resolvePost, reject) => session?.post(method, params, (error, result) => (error === null ? resolvePost(result) : reject(error))));

async function startProfile(): Promise<void> {
  session = new Session();
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
}

async function stopProfile(file: string): Promise<void> {
  const result = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(result.profile));
  session?.disconnect();
  session = undefined;
}

process.on('message', (message: ServerCommand) => {
  if (message.type === 'profile-start') {
    void startProfile().then(() => send({ type: 'profiled' }));
  } else if (message.type === 'profile-stop') {
    void stopProfile(message.file).then(() => send({ type: 'profiled' }));
  } else if (message.type === 'cpu') {
    const used = process.cpuUsage();
    const now = performance.eventLoopUtilization();
    send({ type: 'cpu', micros: used.user + used.system, elu: performance.eventLoopUtilization(now, elu).utilization });
    elu = now;
  } else {
    void plane.stop().then(() => {
      send({ type: 'stopped' });
      // process.exit writes the --cpu-prof profile
      process.exit(0);
    });
  }
});
