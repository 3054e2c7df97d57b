/**
 * Entry of a member worker thread (started by member-host.ts): hosts a share of the simulated
 * members so that they run on another core than the control plane, as members on other machines
 * would. Talks to the main thread only by messages (see MemberWorkerMessage).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../src/util/logger.js';
import { forceGc } from './force-gc.js';
import { currentThreadId } from './thread-cpu.js';
import { startMemberFleet, type MemberSettings } from './member-fleet.js';
import type { MemberCall, MemberWorkerData, MemberWorkerMessage } from './member-protocol.js';

const port = parentPort;
if (port === null) throw new Error('member-worker.ts runs as a worker thread');
const data = workerData as MemberWorkerData;
const settings: MemberSettings = data.settings;
const post = (m: MemberWorkerMessage): void => port.postMessage(m);
const joined = new Map<number, () => void>();

port.on('message', (m: MemberCall | { type: 'joined'; index: number }) => {
  if (m.type === 'joined') {
    joined.get(m.index)?.();
    joined.delete(m.index);
  }
});

const fleet = await startMemberFleet(data.indexes, settings, createLogger('scale-member', data.logLevel), (endpoint) => {
  const acked = new Promise<void>((resolve) => joined.set(endpoint.index, resolve));
  post({ type: 'member', endpoint });
  return acked;
});

port.on('message', (m: MemberCall | { type: 'joined'; index: number }) => {
  if (m.type !== 'call') return;
  void (async () => {
    try {
      let value: unknown;
      switch (m.op) {
        case 'missingNamespaces':
          value = await fleet.missingNamespaces(m.names ?? []);
          break;
        case 'pods':
          value = await fleet.pods();
          break;
        case 'buckets':
          value = await fleet.buckets();
          break;
        case 'heap': {
          // This thread's own heap (per isolate), after a full collection.
          forceGc();
          const m = process.memoryUsage();
          value = { heapUsedMb: m.heapUsed / 1048576, heapTotalMb: m.heapTotal / 1048576 };
          break;
        }
        case 'watch':
          fleet.watch(
            (events) => post({ type: 'events', events }),
            (what) => post({ type: 'watchError', what }),
          );
          break;
        case 'stop':
          await fleet.stop();
          break;
      }
      post({ type: 'reply', id: m.id, value });
    } catch (error) {
      post({ type: 'reply', id: m.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
const tid = currentThreadId();
post({ type: 'ready', ...(tid === undefined ? {} : { tid }) });
