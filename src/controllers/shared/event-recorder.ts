/**
 * Records core/v1 Events about objects, as client-go's recorder does: one Event per
 * (object, type, reason, message), its count and lastTimestamp bumped on repeats. Recording
 * never throws and never blocks the caller (failures are logged).
 *
 * Repeats are written lazily, the way client-go's correlator and broadcaster keep event writes
 * off the hot path: a repeat only bumps the count in memory and schedules one count patch after
 * `coalesceMs`; every repeat until that patch goes out (or while a write of the same Event is in
 * flight) rides on it. A status that flips through several states in a second thus costs one
 * Event patch, not one per state (AggregateStatusSucceed was about a fifth of all writes).
 */
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { rfc3339 } from './conditions.js';

/** `Normal` or `Warning`. */
export type EventType = 'Normal' | 'Warning';

/** What an event is about. */
export interface EventSubject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly uid?: string; readonly resourceVersion?: string };
}

/** Records events; implementations never throw. */
export interface EventRecorder {
  event(subject: EventSubject, type: EventType, reason: string, message: string): void;
}

/** A recorder that drops everything (tests, dry runs). */
export const noopEventRecorder: EventRecorder = { event: () => undefined };

const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;
const MAX_REMEMBERED = 4096;
/** Default delay of a repeat's count patch. */
export const DEFAULT_EVENT_COALESCE_MS = 1000;

interface KnownEvent {
  readonly name: string;
  readonly namespace: string;
  /** Occurrences so far, and how many the server has. */
  count: number;
  written: number;
  lastTimestamp: string;
  /** A create or patch of this Event is in flight, or a patch is scheduled. */
  busy: boolean;
}
/**
 * Shared by every recorder of the process, so that two components recording about the same
 * object in the same millisecond still pick different Event names.
 */
let eventSequence = 0n;

/** Writes Events through a KubeClient with `source.component` = component. */
export class ClientEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, KnownEvent>();

  constructor(
    private readonly client: KubeClient,
    private readonly component: string,
    private readonly clock: Clock = realClock,
    private readonly logger: Logger = noopLogger,
    private readonly coalesceMs: number = DEFAULT_EVENT_COALESCE_MS,
  ) {}

  event(subject: EventSubject, type: EventType, reason: string, message: string): void {
    void this.record(subject, type, reason, message).catch((err: unknown) => {
      this.logger.debug({ err, reason }, 'event not recorded');
    });
  }

  private async record(subject: EventSubject, type: EventType, reason: string, message: string): Promise<void> {
    const name = subject.metadata.name ?? '';
    const namespace = subject.metadata.namespace !== undefined && subject.metadata.namespace !== '' ? subject.metadata.namespace : 'default';
    const now = rfc3339(this.clock.now());
    const key = [subject.metadata.uid ?? '', subject.kind ?? '', namespace, name, type, reason, message].join('\u0000');
    const known = this.seen.get(key);
    if (known !== undefined) {
      known.count++;
      known.lastTimestamp = now;
      this.schedule(key, known);
      return;
    }
    // Nanosecond-like suffix as client-go's `<name>.<unixnano hex>`; BigInt because ms * 1e6 is
    // beyond 2^53, where adding a small counter to a float is lost.
    // object names such as `system:basic-user` are not valid in an Event's name: keep the name readable, valid
    const eventName = `${name.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}.${(BigInt(Math.floor(this.clock.now())) * 1_000_000n + (eventSequence++ % 1_000_000n)).toString(16)}`;
    const event: KubeObject = {
      ...EVENT,
      metadata: { name: eventName, namespace },
      involvedObject: {
        ...(subject.apiVersion === undefined ? {} : { apiVersion: subject.apiVersion }),
        ...(subject.kind === undefined ? {} : { kind: subject.kind }),
        name,
        ...(subject.metadata.namespace === undefined || subject.metadata.namespace === '' ? {} : { namespace: subject.metadata.namespace }),
        ...(subject.metadata.uid === undefined ? {} : { uid: subject.metadata.uid }),
        ...(subject.metadata.resourceVersion === undefined ? {} : { resourceVersion: subject.metadata.resourceVersion }),
      },
      reason,
      message,
      type,
      source: { component: this.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.component,
      reportingInstance: '',
    };
    if (this.seen.size >= MAX_REMEMBERED) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    const entry: KnownEvent = { name: eventName, namespace, count: 1, written: 0, lastTimestamp: now, busy: true };
    this.seen.set(key, entry);
    try {
      await this.client.create(EVENT, event, { namespace });
    } catch (err) {
      // Not recorded: the next occurrence creates it rather than patching an Event that is not there.
      if (this.seen.get(key) === entry) this.seen.delete(key);
      throw err;
    }
    entry.written = 1;
    entry.busy = false;
    if (entry.count > entry.written) this.schedule(key, entry);
  }

  /** One count patch after coalesceMs, unless one is already scheduled or a write is in flight (it reschedules). */
  private schedule(key: string, known: KnownEvent): void {
    if (known.busy) return;
    known.busy = true;
    this.clock.setTimeout(() => {
      const count = known.count;
      void this.client.patch(EVENT, known.name, { count, lastTimestamp: known.lastTimestamp }, { type: 'merge', namespace: known.namespace }).then(
        () => {
          known.written = Math.max(known.written, count);
          known.busy = false;
          if (known.count > known.written) this.schedule(key, known);
        },
        (err: unknown) => {
          // Gone (expired) or failing: forget it, the next occurrence creates a fresh Event.
          if (this.seen.get(key) === known) this.seen.delete(key);
          this.logger.debug({ err, event: known.name }, 'event count not recorded');
        },
      );
    }, this.coalesceMs);
  }
}
