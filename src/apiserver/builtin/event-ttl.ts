import { isPlainObject } from '../../api/object.js';
import type { Store } from '../../storage/storage.js';
import { ConflictError, NotFoundError } from '../../storage/errors.js';
import { parseDuration } from '../protobuf/json-formats.js';

/** kube-apiserver's `--event-ttl` default. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

/** Where core/v1 and events.k8s.io/v1 events are stored. */
export const EVENT_PREFIXES: readonly string[] = ['/registry/core/events/', '/registry/events.k8s.io/events/'];

/** Parses an `--event-ttl` value (a Go duration such as `1h0m0s` or `30m`) into milliseconds; throws on anything else. */
export function parseEventTtl(text: string): number {
  const nanos = parseDuration(text);
  if (nanos === undefined || nanos < 0) {
    throw new Error(`invalid argument "${text}" for "--event-ttl" flag: time: invalid duration "${text}"`);
  }
  return nanos / 1e6;
}

export interface EventTtlOptions {
  /** How long an event lives after it was last written or observed. */
  readonly ttlMs?: number;
  /** Time between sweeps (default one minute). */
  readonly intervalMs?: number;
  /**
   * Keys read per storage list (default 10,000). Each page of a paginated list counts the keys
   * after it, so a pass costs about n²/pageSize index entries: small pages made a pass over
   * 250,000 events take tens of seconds.
   */
  readonly pageSize?: number;
  readonly now?: () => number;
}

function time(value: unknown): number {
  if (typeof value !== 'string' || value === '') {
    return 0;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * When an event was last touched: the newest of lastTimestamp, eventTime, series.lastObservedTime,
 * deprecatedLastTimestamp, creationTimestamp and its managedFields times (updates). Kube gives
 * each event write an etcd lease of the TTL; this approximates that last write.
 */
export function eventLastSeen(event: Record<string, unknown>): number {
  let latest = Math.max(time(event['lastTimestamp']), time(event['eventTime']), time(event['deprecatedLastTimestamp']));
  const series = event['series'];
  if (isPlainObject(series)) {
    latest = Math.max(latest, time(series['lastObservedTime']));
  }
  const metadata = event['metadata'];
  if (isPlainObject(metadata)) {
    latest = Math.max(latest, time(metadata['creationTimestamp']));
    const managed = metadata['managedFields'];
    if (Array.isArray(managed)) {
      for (const entry of managed) {
        if (isPlainObject(entry)) {
          latest = Math.max(latest, time(entry['time']));
        }
      }
    }
  }
  return latest;
}

/**
 * Deletes events older than the TTL, the way etcd leases expire them under kube-apiserver: a
 * sweep every interval reads the event prefixes page by page and deletes expired keys directly
 * in storage (guarded by their revision, so an event updated meanwhile survives). Watchers see
 * ordinary DELETED events.
 */
export class EventTtlSweeper {
  private readonly ttlMs: number;
  private readonly intervalMs: number;
  private readonly pageSize: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  /**
   * No event can expire before this: the oldest last-seen time kept by the previous pass, or
   * that pass's start (an event written later was last seen after it). 0: unknown.
   */
  private earliestExpiry = 0;

  constructor(
    private readonly store: Store,
    options: EventTtlOptions,
    private readonly onError: (error: unknown) => void,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_EVENT_TTL_MS;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.pageSize = options.pageSize ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  start(signal: AbortSignal): void {
    if (this.ttlMs <= 0) {
      return;
    }
    this.timer = setInterval(() => {
      if (this.sweeping) {
        return;
      }
      this.sweeping = true;
      this.sweepIfDue()
        .catch((error: unknown) => {
          if (!signal.aborted) {
            this.onError(error);
          }
        })
        .finally(() => {
          this.sweeping = false;
        });
    }, this.intervalMs);
    this.timer.unref();
    signal.addEventListener('abort', () => clearInterval(this.timer), { once: true });
  }

  /** A pass when an event may have expired since the last one (a pass reads every event); returns how many were deleted. */
  async sweepIfDue(): Promise<number> {
    if (this.now() < this.earliestExpiry) {
      return 0;
    }
    return this.sweep();
  }

  /** One pass over every event; returns how many were deleted. */
  async sweep(): Promise<number> {
    const started = this.now();
    const cutoff = started - this.ttlMs;
    let oldestKept = started;
    let deleted = 0;
    for (const prefix of EVENT_PREFIXES) {
      let startAfter: string | undefined;
      for (;;) {
        const page = await this.store.list(prefix, { limit: this.pageSize, ...(startAfter === undefined ? {} : { startAfter }) });
        for (const kv of page.kvs) {
          startAfter = kv.key;
          let event: unknown;
          try {
            event = JSON.parse(kv.value) as unknown;
          } catch {
            continue;
          }
          // an event without any timestamp cannot be aged: keep it
          const lastSeen = isPlainObject(event) ? eventLastSeen(event) : 0;
          if (lastSeen === 0 || lastSeen > cutoff) {
            if (lastSeen > 0) oldestKept = Math.min(oldestKept, lastSeen);
            continue;
          }
          try {
            await this.store.delete(kv.key, kv.modRevision);
            deleted++;
          } catch (error) {
            if (!(error instanceof ConflictError || error instanceof NotFoundError)) {
              throw error;
            }
          }
        }
        if (page.remaining === 0 || page.kvs.length === 0) {
          break;
        }
      }
    }
    this.earliestExpiry = oldestKept + this.ttlMs;
    return deleted;
  }
}
