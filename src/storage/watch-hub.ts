/**
 * One fan-out point for a store's events (shared by the memory and SQLite drivers).
 * Writers publish committed events; the hub hands them, once per distinct watched
 * prefix, to every subscriber's queue on the next microtask. A subscriber that starts
 * in the past first pages its history in from the store (through a HistoryReader),
 * then continues with live events, without gaps or duplicates: live delivery is
 * filtered by revision.
 */
import { BatchQueue } from './batch-queue.js';
import type { WatchEvent } from './storage.js';

/**
 * Reads stored events under `prefix` with `after < revision <= until`, in revision
 * order, at most `limit` of them (fewer means there are no more). Throws
 * CompactedError when `after` is compacted.
 */
export type HistoryReader = (prefix: string, after: number, until: number, limit: number) => readonly WatchEvent[];

/** Events read per history page. */
const historyPage = 1000;

interface Subscriber {
  readonly prefix: string;
  /** Live events at or below this revision are skipped (already covered by history). */
  liveAfter: number;
  readonly queue: BatchQueue<WatchEvent>;
}

/** The revision of an event (for deletes too, kv.modRevision is the delete's revision). */
export function eventRevision(event: WatchEvent): number {
  return event.kv.modRevision;
}

/** Fan-out of a store's committed events to its watchers; see the module comment. */
export class WatchHub {
  #lastRevision: number;
  readonly #groups = new Map<string, Set<Subscriber>>();
  #pending: WatchEvent[] = [];
  #flushScheduled = false;
  #subscribers = 0;
  #closed = false;

  constructor(lastRevision: number) {
    this.#lastRevision = lastRevision;
  }

  /** The revision of the last event handed to publish (or advanced to). */
  get lastRevision(): number {
    return this.#lastRevision;
  }

  /** Number of live subscribers. */
  get size(): number {
    return this.#subscribers;
  }

  /** Hands over committed events, in revision order, all above lastRevision. */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    const last = events[events.length - 1];
    if (last !== undefined) this.#lastRevision = eventRevision(last);
    if (this.#subscribers === 0) return;
    for (const event of events) this.#pending.push(event);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flush());
    }
  }

  /**
   * Moves lastRevision forward without events: the caller states that nothing a
   * subscriber needs lies in between (nobody watches, or those revisions hold no rows).
   * Later subscribers read that range as history.
   */
  advanceTo(revision: number): void {
    if (revision > this.#lastRevision) this.#lastRevision = revision;
  }

  /**
   * Subscribes to events under prefix with revision > after: history (after, lastRevision]
   * is read through `history` as the consumer pulls, live events follow.
   */
  subscribe(prefix: string, after: number, history: HistoryReader, signal?: AbortSignal): BatchQueue<WatchEvent> {
    const until = this.#lastRevision;
    let historyAfter = after;
    let subscriber: Subscriber | undefined; // eslint-disable-line prefer-const -- assigned after the queue that refers to it
    const onAbort = (): void => queue.end();
    const queue = new BatchQueue<WatchEvent>({
      pull: () => {
        if (historyAfter >= until) return undefined;
        const page = history(prefix, historyAfter, until, historyPage);
        const last = page[page.length - 1];
        historyAfter = page.length < historyPage || last === undefined ? until : eventRevision(last);
        return page;
      },
      onStop: () => {
        signal?.removeEventListener('abort', onAbort);
        if (subscriber !== undefined) this.#remove(subscriber);
      },
    });
    if (this.#closed || signal?.aborted === true) {
      queue.end();
      return queue;
    }
    subscriber = { prefix, liveAfter: Math.max(after, until), queue };
    let group = this.#groups.get(prefix);
    if (group === undefined) {
      group = new Set();
      this.#groups.set(prefix, group);
    }
    group.add(subscriber);
    this.#subscribers++;
    signal?.addEventListener('abort', onAbort, { once: true });
    return queue;
  }

  /** Fails every subscriber (e.g. history they still need was compacted away). */
  failAll(error: unknown): void {
    for (const group of [...this.#groups.values()]) for (const s of [...group]) s.queue.fail(error);
  }

  /** Ends every subscription after what is already queued; later subscriptions end at once. */
  close(): void {
    this.#flush();
    this.#closed = true;
    for (const group of [...this.#groups.values()]) for (const s of [...group]) s.queue.end();
  }

  #remove(subscriber: Subscriber): void {
    const group = this.#groups.get(subscriber.prefix);
    if (group === undefined || !group.delete(subscriber)) return;
    this.#subscribers--;
    if (group.size === 0) this.#groups.delete(subscriber.prefix);
  }

  #flush(): void {
    this.#flushScheduled = false;
    const events = this.#pending;
    if (events.length === 0) return;
    this.#pending = [];
    for (const [prefix, group] of this.#groups) {
      // Filter once per distinct prefix, then share the batch between its subscribers.
      const matched = prefix === '' ? events : events.filter((e) => e.kv.key.startsWith(prefix));
      const first = matched[0];
      const last = matched[matched.length - 1];
      if (first === undefined || last === undefined) continue;
      const firstRevision = eventRevision(first);
      const lastRevision = eventRevision(last);
      for (const subscriber of group) {
        const after = subscriber.liveAfter;
        if (after >= lastRevision) continue;
        subscriber.liveAfter = lastRevision;
        subscriber.queue.push(after < firstRevision ? matched : matched.filter((e) => eventRevision(e) > after));
      }
    }
  }
}
