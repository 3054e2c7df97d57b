/**
 * The scheduler's queue (`pkg/scheduler/internal/queue`): an active heap ordered by
 * `schedulePriority` (then arrival), a backoff area for bindings that failed with an error, and
 * an unschedulable pool for bindings no cluster fits, flushed back on cluster events or after a
 * while. A key being scheduled is never handed out twice; re-adds during processing are kept.
 */
import type { Clock, TimerHandle } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';

interface Entry {
  readonly key: string;
  readonly priority: number;
  readonly seq: number;
}

/** Queue timing (Karmada: backoff 1 s doubling to 10 s; unschedulable flushed after 5 min). */
export interface SchedulingQueueOptions {
  readonly clock?: Clock;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly unschedulableFlushMs?: number;
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly flushAfter: number;
  private heap: Entry[] = [];
  private readonly queued = new Map<string, number>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Map<string, number>();
  private readonly attempts = new Map<string, number>();
  private readonly backoff = new Map<string, TimerHandle>();
  private readonly unschedulable = new Map<string, { priority: number; since: number }>();
  private waiters: ((key: string | undefined) => void)[] = [];
  private seq = 0;
  private closed = false;
  private flushTimer: TimerHandle | undefined;

  constructor(options: SchedulingQueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.initialBackoff = options.initialBackoffMs ?? 1000;
    this.maxBackoff = options.maxBackoffMs ?? 10_000;
    this.flushAfter = options.unschedulableFlushMs ?? 300_000;
  }

  /** Adds (or re-prioritises) a key for scheduling now. */
  add(key: string, priority = 0): void {
    if (this.closed) return;
    this.unschedulable.delete(key);
    const timer = this.backoff.get(key);
    if (timer !== undefined) {
      this.clock.clearTimeout(timer);
      this.backoff.delete(key);
    }
    if (this.processing.has(key)) {
      this.dirty.set(key, Math.max(priority, this.dirty.get(key) ?? priority));
      return;
    }
    const current = this.queued.get(key);
    if (current !== undefined && current >= priority) return;
    if (current !== undefined) this.heap = this.heap.filter((e) => e.key !== key);
    this.queued.set(key, priority);
    this.push({ key, priority, seq: this.seq++ });
    this.wake();
  }

  /** After a failed attempt with an error: back off exponentially, then retry. */
  addBackoff(key: string, priority = 0): void {
    if (this.closed || this.backoff.has(key)) return;
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    const delay = Math.min(this.maxBackoff, this.initialBackoff * 2 ** (n - 1));
    const handle = this.clock.setTimeout(() => {
      this.backoff.delete(key);
      this.add(key, priority);
    }, delay);
    this.backoff.set(key, handle);
  }

  /** After an attempt no cluster could satisfy: wait for a cluster event (or the periodic flush). */
  addUnschedulable(key: string, priority = 0): void {
    if (this.closed) return;
    this.attempts.set(key, (this.attempts.get(key) ?? 0) + 1);
    this.unschedulable.set(key, { priority, since: this.clock.now() });
    this.scheduleFlush();
  }

  /** Cluster state changed: retry everything that was unschedulable (through backoff). */
  moveAllToActive(): void {
    for (const [key, { priority }] of [...this.unschedulable]) {
      this.unschedulable.delete(key);
      this.addBackoff(key, priority);
    }
  }

  /** Resets a key's failure count (after success). */
  forget(key: string): void {
    this.attempts.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next key (highest priority, then oldest), or undefined once closed. */
  async pop(): Promise<string | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const entry = this.shift();
      if (entry !== undefined) {
        this.queued.delete(entry.key);
        this.processing.add(entry.key);
        return entry.key;
      }
      const key = await new Promise<string | undefined>((resolve) => this.waiters.push(resolve));
      if (key === undefined && this.closed) return undefined;
    }
  }

  /** Marks the key processed; a re-add made meanwhile is queued now. */
  done(key: string): void {
    this.processing.delete(key);
    const again = this.dirty.get(key);
    if (again !== undefined) {
      this.dirty.delete(key);
      this.add(key, again);
    }
  }

  /** Keys waiting (active), in backoff, and unschedulable. */
  sizes(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.heap.length, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  close(): void {
    this.closed = true;
    for (const handle of this.backoff.values()) this.clock.clearTimeout(handle);
    this.backoff.clear();
    if (this.flushTimer !== undefined) this.clock.clearTimeout(this.flushTimer);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(undefined);
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.closed) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      const now = this.clock.now();
      for (const [key, { priority, since }] of [...this.unschedulable]) {
        if (now - since >= this.flushAfter) {
          this.unschedulable.delete(key);
          this.add(key, priority);
        }
      }
      if (this.unschedulable.size > 0) this.scheduleFlush();
    }, Math.min(this.flushAfter, 30_000));
  }

  private wake(): void {
    const w = this.waiters.shift();
    if (w !== undefined) w('');
  }

  private less(a: Entry, b: Entry): boolean {
    return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as Entry;
      if (!this.less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  private shift(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = last;
      const left = h[l];
      const right = h[r];
      if (left !== undefined && this.less(left, best)) {
        m = l;
        best = left;
      }
      if (right !== undefined && this.less(right, best)) {
        m = r;
        best = right;
      }
      if (m === i) break;
      h[i] = best;
      i = m;
    }
    h[i] = last;
    return top;
  }
}
