/**
 * Where the simulated members run: in `threads` worker threads (default 1), so that the control
 * plane has its own core as it would with members on other machines, or in the main thread
 * (`threads` 0, the earlier layout). The control plane reaches members over HTTPS either way;
 * the benchmark sees their objects through watch events forwarded from the members' thread.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { startMemberFleet, type MemberEndpoint, type MemberFleet, type MemberObjectEvent, type MemberSettings } from './member-fleet.js';
import type { MemberCall, MemberOp, MemberWorkerData, MemberWorkerMessage } from './member-protocol.js';
import type { Buckets } from './server-histograms.js';

export interface MemberHost {
  /** Endpoints of every member, sorted by index. */
  readonly members: readonly MemberEndpoint[];
  readonly threads: number;
  missingNamespaces(names: readonly string[]): Promise<number>;
  pods(): Promise<number>;
  buckets(): Promise<{ mutating: Buckets; read: Buckets }>;
  /** Heap of the member threads after a full GC, summed (undefined when members share the main thread's heap). */
  heap(): Promise<MemberHeap | undefined>;
  /** Forwards watch events of benchmark objects; `at` already converted to this thread's performance.now(). */
  watch(onEvents: (events: readonly MemberObjectEvent[]) => void, onError: (what: string) => void): Promise<void>;
  /** Linux thread ids of the member threads (empty when members run in the main thread or off Linux). */
  readonly threadIds: readonly number[];
  stop(): Promise<void>;
}

export interface MemberHeap {
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
}

export interface MemberHostOptions {
  readonly members: number;
  readonly threads: number;
  readonly settings: MemberSettings;
  readonly logger: Logger;
  readonly logLevel: string;
  /** Called as each member serves; the next member of that thread starts when it resolves (joining). */
  readonly onMember: (endpoint: MemberEndpoint) => Promise<void>;
}

const toLocal = (events: readonly MemberObjectEvent[]): MemberObjectEvent[] => events.map((e) => ({ ...e, at: e.at - performance.timeOrigin }));

function inThread(fleet: MemberFleet, endpoints: MemberEndpoint[]): MemberHost {
  return {
    members: endpoints,
    threads: 0,
    missingNamespaces: (names) => fleet.missingNamespaces(names),
    pods: () => fleet.pods(),
    buckets: () => fleet.buckets(),
    heap: () => Promise.resolve(undefined),
    watch(onEvents, onError) {
      fleet.watch((events) => onEvents(toLocal(events)), onError);
      return Promise.resolve();
    },
    threadIds: [],
    stop: () => fleet.stop(),
  };
}

/** The worker bootstrap: registers tsx in the worker (workers do not inherit `--import tsx`), then loads the entry. */
function workerSource(entry: string): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
}

interface WorkerHandle {
  readonly worker: Worker;
  tid?: number;
  call(op: MemberOp, names?: readonly string[]): Promise<unknown>;
  onEvents?: (events: readonly MemberObjectEvent[]) => void;
  onError?: (what: string) => void;
}

async function startWorker(indexes: readonly number[], options: MemberHostOptions, endpoints: MemberEndpoint[]): Promise<WorkerHandle> {
  const data: MemberWorkerData = { indexes, settings: options.settings, logLevel: options.logLevel };
  const worker = new Worker(workerSource(new URL('./member-worker.ts', import.meta.url).href), { eval: true, workerData: data });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const handle: WorkerHandle = {
    worker,
    call(op, names) {
      const id = nextId++;
      const call: MemberCall = { type: 'call', id, op, ...(names === undefined ? {} : { names }) };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(call);
      });
    },
  };
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`member worker exited with code ${code}`)));
    worker.on('message', (m: MemberWorkerMessage) => {
      switch (m.type) {
        case 'member':
          endpoints.push(m.endpoint);
          void options.onMember(m.endpoint).then(
            () => worker.postMessage({ type: 'joined', index: m.endpoint.index }),
            (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
          );
          break;
        case 'ready':
          if (m.tid !== undefined) handle.tid = m.tid;
          resolve();
          break;
        case 'events':
          handle.onEvents?.(toLocal(m.events));
          break;
        case 'watchError':
          handle.onError?.(m.what);
          break;
        case 'reply': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.error !== undefined) p?.reject(new Error(m.error));
          else p?.resolve(m.value);
          break;
        }
      }
    });
  });
  return handle;
}

/** Starts the members (in worker threads unless threads is 0) and resolves once all serve and are joined. */
export async function startMemberHost(options: MemberHostOptions): Promise<MemberHost> {
  const all = Array.from({ length: options.members }, (_, i) => i + 1);
  const endpoints: MemberEndpoint[] = [];
  const sort = (): void => void endpoints.sort((a, b) => a.index - b.index);
  if (options.threads <= 0) {
    const fleet = await startMemberFleet(all, options.settings, options.logger, async (endpoint) => {
      endpoints.push(endpoint);
      await options.onMember(endpoint);
    });
    sort();
    return inThread(fleet, endpoints);
  }
  const threads = Math.min(options.threads, options.members);
  // Members dealt round-robin, so each thread gets a mix of regions.
  const shares = Array.from({ length: threads }, (_, t) => all.filter((i) => (i - 1) % threads === t));
  const started = await Promise.allSettled(shares.map((indexes) => startWorker(indexes, options, endpoints)));
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(workers.map((w) => w.call('stop')));
    await Promise.allSettled(workers.map((w) => w.worker.terminate()));
  };
  if (failed !== undefined) {
    await stopAll();
    throw failed.reason;
  }
  sort();
  let stopped: Promise<void> | undefined;
  const sum = async (op: MemberOp, names?: readonly string[]): Promise<number> =>
    (await Promise.all(workers.map((w) => w.call(op, names)))).reduce((s: number, v) => s + Number(v), 0);
  return {
    members: endpoints,
    threads,
    missingNamespaces: (names) => sum('missingNamespaces', names),
    pods: () => sum('pods'),
    async buckets() {
      const parts = (await Promise.all(workers.map((w) => w.call('buckets')))) as { mutating: Buckets; read: Buckets }[];
      const merge = (pick: (p: { mutating: Buckets; read: Buckets }) => Buckets): Buckets => {
        const out: Buckets = new Map();
        for (const p of parts) for (const [le, n] of pick(p)) out.set(le, (out.get(le) ?? 0) + n);
        return out;
      };
      return { mutating: merge((p) => p.mutating), read: merge((p) => p.read) };
    },
    async heap() {
      const parts = (await Promise.all(workers.map((w) => w.call('heap')))) as MemberHeap[];
      return { heapUsedMb: parts.reduce((s, p) => s + p.heapUsedMb, 0), heapTotalMb: parts.reduce((s, p) => s + p.heapTotalMb, 0) };
    },
    async watch(onEvents, onError) {
      for (const w of workers) {
        w.onEvents = onEvents;
        w.onError = onError;
      }
      await Promise.all(workers.map((w) => w.call('watch')));
    },
    threadIds: workers.flatMap((w) => (w.tid === undefined ? [] : [w.tid])),
    stop() {
      stopped ??= (async () => {
        for (const w of workers) w.worker.removeAllListeners('exit');
        await stopAll();
      })();
      return stopped;
    },
  };
}
