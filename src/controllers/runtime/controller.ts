/**
 * A controller: watch sources (informers) map events to keys, a work queue de-duplicates
 * them, N workers reconcile keys (never the same key twice at once), failures retry with
 * backoff, and controller-runtime metrics are published.
 */
import type { Registry } from 'prom-client';
import type { KubeObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { objectKey } from '../../client/object-key.js';
import type { RateLimiter } from '../../client/rate-limiter.js';
import { WorkQueue, runWorkers } from '../../client/work-queue.js';
import type { ControllerMetrics } from './controller-metrics.js';
import { controllerMetrics } from './controller-metrics.js';
import type { Predicate, SourceEvent } from './predicates.js';
import type { Reconciler } from './reconciler.js';

export interface ControllerOptions {
  /** Names the controller in logs and metrics (and its work queue). */
  readonly name: string;
  readonly reconciler: Reconciler;
  /** Concurrent reconciles (default 1). */
  readonly workers?: number;
  readonly registry?: Registry;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Default: client-go's controller rate limiter on the same clock. */
  readonly rateLimiter?: RateLimiter<string>;
  /** Abort a reconcile's signal after this long (default: no limit). */
  readonly reconcileTimeoutMs?: number;
}

export interface SourceOptions<T extends KubeObject> {
  /** Keys to enqueue for an event (default: the object's own `namespace/name`). */
  readonly map?: (event: SourceEvent<T>) => readonly string[];
  /** Every predicate must pass for the event to enqueue. */
  readonly predicates?: readonly Predicate<T>[];
}

/** Something started with a signal that runs until it aborts (controllers and other loops). */
export interface Runnable {
  start(signal: AbortSignal): Promise<void>;
}

export class Controller implements Runnable {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private readonly informers = new Set<Informer<KubeObject>>();
  private readonly removers: (() => void)[] = [];
  private readonly workers: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly metrics: ControllerMetrics | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: ControllerOptions) {
    this.name = options.name;
    this.workers = Math.max(1, options.workers ?? 1);
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? noopLogger;
    this.queue = new WorkQueue<string>({
      name: options.name,
      clock: this.clock,
      ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    });
    this.metrics = options.registry === undefined ? undefined : controllerMetrics(options.registry, options.name, this.workers);
  }

  /** Enqueues keys for the informer's events. Call before start(). */
  watch<T extends KubeObject>(informer: Informer<T>, options: SourceOptions<T> = {}): this {
    const map = options.map ?? ((e: SourceEvent<T>) => [objectKey(e.object)]);
    const predicates = options.predicates ?? [];
    const handle = (event: SourceEvent<T>): void => {
      if (predicates.every((p) => p(event))) {
        for (const key of map(event)) {
          this.queue.add(key);
        }
      }
    };
    this.informers.add(informer as unknown as Informer<KubeObject>);
    this.removers.push(
      informer.addEventHandler({
        onAdd: (object) => handle({ type: 'add', object }),
        onUpdate: (oldObject, object) => handle({ type: 'update', object, oldObject }),
        onDelete: (object) => handle({ type: 'delete', object }),
      }),
    );
    return this;
  }

  /** Enqueues a key directly. */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(key: string, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  /**
   * Starts the watched informers (if not yet), waits for their caches, then runs the
   * workers until signal aborts or stop() is called. Resolves once every worker is done.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.running !== undefined) {
      throw new Error(`controller ${this.name} already started`);
    }
    const onAbort = (): void => void this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) {
      onAbort();
    }
    let finish: () => void = () => undefined;
    this.running = new Promise((resolve) => {
      finish = resolve;
    });
    try {
      for (const informer of this.informers) {
        informer.start();
      }
      const synced = await Promise.all([...this.informers].map((i) => i.waitForSync(this.abort.signal)));
      if (!synced.every(Boolean) || this.abort.signal.aborted) {
        return;
      }
      this.logger.info({ controller: this.name, workers: this.workers }, 'starting workers');
      await runWorkers(this.queue, this.workers, (key) => this.process(key));
    } finally {
      signal?.removeEventListener('abort', onAbort);
      for (const remove of this.removers) {
        remove();
      }
      finish();
    }
  }

  /** Stops taking keys, aborts running reconciles' signals, and waits for workers to finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.queue.shutDownWithDrain();
    await this.running;
  }

  private async process(key: string): Promise<void> {
    const started = this.clock.now();
    this.metrics?.activeWorkers(1);
    const timeout = this.options.reconcileTimeoutMs;
    const signal = timeout === undefined ? this.abort.signal : AbortSignal.any([this.abort.signal, AbortSignal.timeout(timeout)]);
    let outcome: 'success' | 'error' | 'requeue' | 'requeue_after' = 'success';
    try {
      const result = await this.options.reconciler.reconcile(key, signal);
      if (result?.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        outcome = 'requeue_after';
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfterMs);
      } else if (result?.requeue === true) {
        outcome = 'requeue';
        this.queue.addRateLimited(key);
      } else {
        this.queue.forget(key);
      }
    } catch (err) {
      outcome = 'error';
      if (!this.abort.signal.aborted) {
        this.logger.error({ err, controller: this.name, key }, 'reconcile failed');
        this.queue.addRateLimited(key);
      }
    } finally {
      this.metrics?.activeWorkers(-1);
      this.metrics?.reconciled(outcome, (this.clock.now() - started) / 1000);
    }
  }
}
