/**
 * One process-wide timer for every simulated member's periodic work (node heartbeats), so a
 * hundred members in one process do not each keep their own intervals. Subscribers are spread
 * over their period (a random first due time) so their writes do not all land on the same tick.
 */

interface Subscription {
  readonly intervalMs: number;
  readonly fn: () => Promise<void> | void;
  due: number;
  running: boolean;
}

export class SharedTicker {
  private readonly subscriptions = new Set<Subscription>();
  private timer: NodeJS.Timeout | undefined;

  /** @param resolutionMs how often due subscriptions are checked. */
  constructor(private readonly resolutionMs = 1000) {}

  /**
   * Calls fn every intervalMs (at the ticker's resolution) until signal aborts. A call still
   * running when the next one is due is not overlapped; that round is skipped.
   */
  every(intervalMs: number, fn: () => Promise<void> | void, signal: AbortSignal, firstDelayMs = Math.random() * intervalMs): void {
    if (signal.aborted) {
      return;
    }
    const subscription: Subscription = { intervalMs, fn, due: Date.now() + firstDelayMs, running: false };
    this.subscriptions.add(subscription);
    signal.addEventListener(
      'abort',
      () => {
        this.subscriptions.delete(subscription);
        if (this.subscriptions.size === 0 && this.timer !== undefined) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
      { once: true },
    );
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), this.resolutionMs);
      this.timer.unref();
    }
  }

  /** Number of live subscriptions (tests). */
  get size(): number {
    return this.subscriptions.size;
  }

  private tick(): void {
    const now = Date.now();
    for (const s of this.subscriptions) {
      if (s.due > now) {
        continue;
      }
      s.due = now + s.intervalMs;
      if (s.running) {
        continue;
      }
      s.running = true;
      Promise.resolve()
        .then(s.fn)
        .catch(() => undefined)
        .finally(() => {
          s.running = false;
        });
    }
  }
}

/** The ticker shared by every simulated member of the process. */
export const sharedTicker = new SharedTicker();
