/** Work-queue rate limiters, after client-go's workqueue package. Delays are in milliseconds. */
import type { Clock } from './clock.js';
import { realClock } from './clock.js';

export interface RateLimiter<K> {
  /** How long to wait before item may be processed again; counts one more retry of it. */
  when(item: K): number;
  /** Stops tracking item (its next failure starts from the base delay). */
  forget(item: K): void;
  /** Failures counted for item since it was last forgotten. */
  numRequeues(item: K): number;
}

/** base * 2^failures per item, capped at max (client-go: 5 ms .. 1000 s). */
export class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();

  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 1_000_000,
  ) {}

  when(item: K): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const delay = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(delay) ? Math.min(delay, this.maxDelayMs) : this.maxDelayMs;
  }

  forget(item: K): void {
    this.failures.delete(item);
  }

  numRequeues(item: K): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (qps refill, burst capacity) shared by all items: each `when`
 * reserves one token and answers how long until that token exists (golang.org/x/time/rate).
 */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps = 10,
    private readonly burst = 100,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(_item: K): number {
    const now = this.clock.now();
    // Time only moves forward for the bucket (reservations may be in the future).
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(_item: K): void {}

  numRequeues(_item: K): number {
    return 0;
  }
}

/** The largest delay of several limiters. */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(item: K): number {
    let max = 0;
    for (const l of this.limiters) {
      max = Math.max(max, l.when(item));
    }
    return max;
  }

  forget(item: K): void {
    for (const l of this.limiters) {
      l.forget(item);
    }
  }

  numRequeues(item: K): number {
    let max = 0;
    for (const l of this.limiters) {
      max = Math.max(max, l.numRequeues(item));
    }
    return max;
  }
}

export interface ControllerRateLimiterOptions {
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly qps?: number;
  readonly burst?: number;
  readonly clock?: Clock;
}

/**
 * client-go's DefaultControllerRateLimiter: per-item exponential 5 ms .. 1000 s, and an
 * overall bucket of 10 qps / 100 burst; the larger delay wins.
 */
export function defaultControllerRateLimiter<K>(options: ControllerRateLimiterOptions = {}): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter<K>(options.baseDelayMs ?? 5, options.maxDelayMs ?? 1_000_000),
    new BucketRateLimiter<K>(options.qps ?? 10, options.burst ?? 100, options.clock ?? realClock),
  );
}
