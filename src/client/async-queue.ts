/**
 * A single-consumer async iterable fed by push(): the bridge between callback sources
 * (in-memory watchers) and `for await` consumers. Unbounded: producers never block.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private error: { readonly value: unknown } | undefined;

  /** onClose runs once when the consumer stops iterating or end()/fail() is called. */
  constructor(private readonly onClose?: () => void) {}

  get closed(): boolean {
    return this.done;
  }

  /** Items waiting to be consumed. */
  get size(): number {
    return this.buffer.length;
  }

  push(value: T): void {
    if (this.done) {
      return;
    }
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      w.resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  /** Ends the stream after the buffered items. */
  end(): void {
    this.finish(undefined);
  }

  /** Ends the stream with an error, thrown after the buffered items. */
  fail(error: unknown): void {
    this.finish({ value: error });
  }

  private finish(error: { readonly value: unknown } | undefined): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.error = error;
    this.onClose?.();
    const w = this.waiter;
    if (w !== undefined && this.buffer.length === 0) {
      this.waiter = undefined;
      if (error !== undefined) {
        w.reject(error.value);
      } else {
        w.resolve({ value: undefined, done: true });
      }
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.buffer.length > 0) {
          return Promise.resolve({ value: this.buffer.shift() as T, done: false });
        }
        if (this.done) {
          const err = this.error;
          this.error = undefined;
          return err !== undefined ? Promise.reject(err.value) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.buffer.length = 0;
        this.finish(undefined);
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
