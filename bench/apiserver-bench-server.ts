/**
 * The server side of the API benchmark, in its own process so that its CPU time is measured
 * alone: `node --import tsx bench/apiserver-bench-server.ts <dataDir>` (started by
 * apiserver-bench.ts through fork, optionally with `--cpu-prof`). It starts the control
 * plane's API server, reports where it listens over IPC, then answers `cpu` messages with
 * its process.cpuUsage() and event-loop utilisation, and exits on `stop`.
 */
import { startControlPlane } from '../src/controlplane/control-plane.js';
import { createLogger } from '../src/util/logger.js';

/** Messages from the bench to the server process. */
export type ServerCommand = { readonly type: 'cpu' } | { readonly type: 'stop' };

/** Messages from the server process to the bench. */
export type ServerReport =
  | { readonly type: 'ready'; readonly url: string; readonly caPem: string; readonly token: string }
  | { readonly type: 'cpu'; readonly micros: number; readonly elu: number }
  | { readonly type: 'stopped' };

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

process.on('message', (message: ServerCommand) => {
  if (message.type === 'cpu') {
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
