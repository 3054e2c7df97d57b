/**
 * A controller work queue with client-go's guarantees:
 * - a key waiting in the queue is held once, however often it is added;
 * - a key being processed is never handed to a second worker; if it is added meanwhile it
 *   is handed out again after `done(key)`;
 * - `addRateLimited` delays by the rate limiter (per-key exponential backoff and an overall
 *   token bucket by default), `forget` resets a key's backoff;
 * - `addAfter` delays an add (the earliest pending time wins).
 *
 * Keys should be primitives (strings): identity is by `Map`/`Set` equality.
 * Shutdown differs from client-go in one way: keys still waiting are dropped (controllers
 * relist on restart), rather than handed out until the queue is empty.
 */
import type { Gauge, Registry } from 'prom-client';
import type { Clock, TimerHandle } from './clock.js';
import { realClock } from './clock.js';
import { WORKQUEUE_BUCKETS, counterOn, gaugeOn, histogramOn } from './metrics.js';
import type { RateLimiter } from './rate-limiter.js';
import { defaultControllerRateLimiter } from './rate-limiter.js';

export interface WorkQueueOptions<K> {
  /** Names the queue in metrics (label `name`). */
  readonly name?: string;
  /** Default: `defaultControllerRateLimiter` on the same clock. */
  readonly rateLimiter?: RateLimiter<K>;
  readonly clock?: Clock;
  /** Where to publish workqueue_* metrics; none when absent. */
  readonly registry?: Registry;
}

interface QueueMetrics {
  depth(delta: number): void;
  add(): void;
  retry(): void;
  queued(seconds: number): void;
  worked(seconds: number): void;
}

/** Queues publishing the scrape-time gauges, per gauge (shared by every queue on a registry). */
const liveQueues = new WeakMap<Gauge, Set<{ name: string; unfinished(): number; longest(): number }>>();

function queueMetrics(registry: Registry, name: string, probe: { name: string; unfinished(): number; longest(): number }): { metrics: QueueMetrics; detach(): void } {
  const labels = { name };
  const depth = gaugeOn(registry, { name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'] });
  const adds = counterOn(registry, { name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'] });
  const retries = counterOn(registry, { name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'] });
  const latency = histogramOn(registry, {
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: ['name'],
    buckets: [...WORKQUEUE_BUCKETS],
  });
  const work = histogramOn(registry, {
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames: ['name'],
    buckets: [...WORKQUEUE_BUCKETS],
  });
  const scrapeGauges: Gauge[] = [];
  for (const [metricName, help, read] of [
    [
      'workqueue_unfinished_work_seconds',
      'How many seconds of work has been done that is in progress and has not been observed by work_duration',
      (p: typeof probe) => p.unfinished(),
    ],
    ['workqueue_longest_running_processor_seconds', 'How many seconds has the longest running processor for workqueue been running', (p: typeof probe) => p.longest()],
  ] as const) {
    let set: Set<typeof probe> | undefined;
    const gauge = gaugeOn(registry, {
      name: metricName,
      help,
      labelNames: ['name'],
      collect() {
        for (const p of set ?? []) {
          this.set({ name: p.name }, read(p));
        }
      },
    });
    set = liveQueues.get(gauge);
    if (set === undefined) {
      set = new Set();
      liveQueues.set(gauge, set);
    }
    set.add(probe);
    scrapeGauges.push(gauge);
  }
  depth.set(labels, 0);
  return {
    metrics: {
      depth: (delta) => depth.inc(labels, delta),
      add: () => adds.inc(labels),
      retry: () => retries.inc(labels),
      queued: (s) => latency.observe(labels, s),
      worked: (s) => work.observe(labels, s),
    },
    detach: () => {
      for (const g of scrapeGauges) {
        liveQueues.get(g)?.delete(probe);
      }
    },
  };
}

const noMetrics: QueueMetrics = { depth: () => undefined, add: () => undefined, retry: () => undefined, queued: () => undefined, worked: () => undefined };

export class WorkQueue<K = string> {
  readonly name: string;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<K>;
  private fifo: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Map<K, number>(); // key -> start time
  private readonly addedAt = new Map<K, number>();
  private readonly delayed = new Map<K, { readonly at: number; readonly handle: TimerHandle }>();
  private waiters: ((item: K | undefined) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly metrics: QueueMetrics;
  private readonly detachMetrics: () => void;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.name = options.name ?? '';
    this.clock = options.clock ?? realClock;
    this.limiter = options.rateLimiter ?? defaultControllerRateLimiter<K>({ clock: this.clock });
    if (options.registry !== undefined) {
      const { metrics, detach } = queueMetrics(options.registry, this.name, {
        name: this.name,
        unfinished: () => this.unfinishedSeconds(),
        longest: () => this.longestRunningSeconds(),
      });
      this.metrics = metrics;
      this.detachMetrics = detach;
    } else {
      this.metrics = noMetrics;
      this.detachMetrics = () => undefined;
    }
  }

  /** Keys waiting to be handed out (not counting delayed or in-process ones). */
  len(): number {
    return this.fifo.length - this.head;
  }

  /** Keys being processed now. */
  processingCount(): number {
    return this.processing.size;
  }

  /** Keys waiting for a delayed add. */
  delayedCount(): number {
    return this.delayed.size;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Marks key as needing processing. No effect if it is already waiting, or after shutdown. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) {
      return;
    }
    this.metrics.add();
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    if (this.processing.has(key)) {
      return; // handed out again by done()
    }
    this.push(key);
  }

  /** Adds key after delayMs (at once when <= 0). A pending earlier delayed add wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) {
      return;
    }
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending !== undefined) {
      if (pending.at <= at) {
        return;
      }
      this.clock.clearTimeout(pending.handle);
    }
    const handle = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.delayed.set(key, { at, handle });
  }

  /** Adds key after the rate limiter's delay (counts a retry). */
  addRateLimited(key: K): void {
    if (this.shuttingDown) {
      return;
    }
    this.metrics.retry();
    this.addAfter(key, this.limiter.when(key));
  }

  /** Resets key's backoff (call after it was processed successfully). */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  /** Times key was rate-limited since it was last forgotten. */
  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  /**
   * The next key to process; the caller must call `done(key)` when finished. Resolves
   * undefined once the queue is shutting down.
   */
  get(): Promise<K | undefined> {
    if (this.shuttingDown) {
      return Promise.resolve(undefined);
    }
    if (this.len() > 0) {
      return Promise.resolve(this.take());
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Ends processing of key; if it was added meanwhile, it is queued again. */
  done(key: K): void {
    const started = this.processing.get(key);
    if (started === undefined) {
      return;
    }
    this.processing.delete(key);
    this.metrics.worked((this.clock.now() - started) / 1000);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.push(key);
    }
    if (this.processing.size === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) {
        w();
      }
    }
  }

  /** Stops handing out keys (waiting `get`s resolve undefined), drops waiting and delayed keys. */
  shutDown(): void {
    if (this.shuttingDown) {
      return;
    }
    this.shuttingDown = true;
    for (const { handle } of this.delayed.values()) {
      this.clock.clearTimeout(handle);
    }
    this.delayed.clear();
    this.metrics.depth(-this.len());
    this.fifo = [];
    this.head = 0;
    this.dirty.clear();
    this.addedAt.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w(undefined);
    }
    this.detachMetrics();
  }

  /** shutDown, then wait until every key handed out has been marked done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) {
      return;
    }
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  private push(key: K): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      this.metrics.depth(1);
      this.fifo.push(key);
      waiter(this.take());
      return;
    }
    this.metrics.depth(1);
    this.fifo.push(key);
  }

  private take(): K {
    const key = this.fifo[this.head] as K;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    this.metrics.depth(-1);
    const now = this.clock.now();
    const added = this.addedAt.get(key);
    if (added !== undefined) {
      this.metrics.queued((now - added) / 1000);
      this.addedAt.delete(key);
    }
    this.dirty.delete(key);
    this.processing.set(key, now);
    return key;
  }

  private unfinishedSeconds(): number {
    const now = this.clock.now();
    let total = 0;
    for (const started of this.processing.values()) {
      total += (now - started) / 1000;
    }
    return total;
  }

  private longestRunningSeconds(): number {
    const now = this.clock.now();
    let longest = 0;
    for (const started of this.processing.values()) {
      longest = Math.max(longest, (now - started) / 1000);
    }
    return longest;
  }
}

/**
 * How long workers may keep the process on microtasks before letting the event loop turn.
 * With in-process clients a reconcile often never waits on real I/O, so `await queue.get()`
 * + `await process(key)` chains can drain a whole backlog in one microtask run, starving
 * timers, sockets and every other component for seconds.
 */
const WORKER_SLICE_MS = 20;
let sliceStarted = performance.now();
let pendingYield: Promise<void> | undefined;

/** A promise for the next event-loop turn once the current slice is used up, else undefined. */
export function yieldIfBusy(): Promise<void> | undefined {
  if (performance.now() - sliceStarted < WORKER_SLICE_MS) {
    return undefined;
  }
  pendingYield ??= new Promise((resolve) =>
    setImmediate(() => {
      pendingYield = undefined;
      sliceStarted = performance.now();
      resolve();
    }),
  );
  return pendingYield;
}

/**
 * Runs n workers taking keys from queue and awaiting process(key); done(key) is called
 * after each. Resolves when the queue shuts down and every worker has finished its key.
 * A rejection from process is passed to onError (the worker goes on). Workers yield to the
 * event loop every WORKER_SLICE_MS of continuous work.
 */
export async function runWorkers<K>(
  queue: WorkQueue<K>,
  n: number,
  process: (key: K) => Promise<void>,
  onError: (err: unknown, key: K) => void = () => undefined,
): Promise<void> {
  const worker = async (): Promise<void> => {
    for (;;) {
      const turn = yieldIfBusy();
      if (turn !== undefined) {
        await turn;
      }
      const key = await queue.get();
      if (key === undefined) {
        return;
      }
      try {
        await process(key);
      } catch (err) {
        onError(err, key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, n) }, () => worker()));
}
