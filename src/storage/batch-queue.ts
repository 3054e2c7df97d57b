/**
 * An unbounded push queue consumed as an async iterator of batches: producers push
 * batches without waiting, the consumer gets everything queued so far merged into one
 * batch (up to `maxBatch` items), so a slow consumer loses nothing and catches up in
 * large steps.
 */

/** Hooks of a BatchQueue. */
export interface BatchQueueOptions<T> {
  /**
   * Called on every pull before the queue is looked at; a non-empty result is returned
   * as the next batch (used to page in history before live events). May throw.
   */
  readonly pull?: () => readonly T[] | undefined;
  /** Called once when the queue stops: end, failure, or the consumer returning early. */
  readonly onStop?: () => void;
  /** Most items merged into one batch (default 10000). */
  readonly maxBatch?: number;
}

interface Waiter<T> {
  resolve(result: IteratorResult<readonly T[]>): void;
  reject(error: unknown): void;
}

/** Push-based async iterable of batches; see the module comment. */
export class BatchQueue<T> implements AsyncIterableIterator<readonly T[]> {
  readonly #batches: (readonly T[])[] = [];
  #head = 0;
  #waiter: Waiter<T> | undefined;
  #stopped = false;
  #failure: { error: unknown } | undefined;
  readonly #options: BatchQueueOptions<T>;

  constructor(options: BatchQueueOptions<T> = {}) {
    this.#options = options;
  }

  /** False once ended, failed or returned: pushes are then ignored. */
  get active(): boolean {
    return !this.#stopped;
  }

  push(batch: readonly T[]): void {
    if (this.#stopped || batch.length === 0) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ done: false, value: batch });
      return;
    }
    this.#batches.push(batch);
  }

  /** Ends the stream after the batches already queued. */
  end(): void {
    this.#stop();
    this.#settleWaiter();
  }

  /** Fails the stream: the consumer gets the error after the batches already queued. */
  fail(error: unknown): void {
    if (this.#stopped) return;
    this.#failure = { error };
    this.end();
  }

  next(): Promise<IteratorResult<readonly T[]>> {
    if (!this.#stopped && this.#options.pull !== undefined) {
      try {
        const pulled = this.#options.pull();
        if (pulled !== undefined && pulled.length > 0) return Promise.resolve({ done: false, value: pulled });
      } catch (error) {
        this.#stop();
        this.#batches.length = 0;
        this.#head = 0;
        return Promise.reject(error);
      }
    }
    const merged = this.#take();
    if (merged !== undefined) return Promise.resolve({ done: false, value: merged });
    if (this.#stopped) return this.#finish();
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<readonly T[]>> {
    this.#stop();
    this.#batches.length = 0;
    this.#head = 0;
    this.#failure = undefined;
    this.#settleWaiter();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #take(): readonly T[] | undefined {
    const available = this.#batches.length - this.#head;
    if (available <= 0) return undefined;
    const max = this.#options.maxBatch ?? 10000;
    let first = this.#batches[this.#head] ?? [];
    this.#head++;
    if (available > 1 && first.length < max) {
      const merged = first.slice();
      while (this.#head < this.#batches.length) {
        const next = this.#batches[this.#head] ?? [];
        if (merged.length + next.length > max) break;
        for (const item of next) merged.push(item);
        this.#head++;
      }
      first = merged;
    }
    if (this.#head === this.#batches.length) {
      this.#batches.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024) {
      this.#batches.splice(0, this.#head);
      this.#head = 0;
    }
    return first;
  }

  #finish(): Promise<IteratorResult<readonly T[]>> {
    const failure = this.#failure;
    if (failure !== undefined) {
      this.#failure = undefined;
      return Promise.reject(failure.error);
    }
    return Promise.resolve({ done: true, value: undefined });
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#options.onStop?.();
  }

  #settleWaiter(): void {
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    this.#waiter = undefined;
    const failure = this.#failure;
    if (failure !== undefined) {
      this.#failure = undefined;
      waiter.reject(failure.error);
    } else {
      waiter.resolve({ done: true, value: undefined });
    }
  }
}

/** A queue that fails on the first pull (for errors found before a watch starts). */
export function failedQueue<T>(error: unknown): BatchQueue<T> {
  const queue = new BatchQueue<T>();
  queue.fail(error);
  return queue;
}

/** A queue that is already over (a watch started on a closed store). */
export function endedQueue<T>(): BatchQueue<T> {
  const queue = new BatchQueue<T>();
  queue.end();
  return queue;
}
