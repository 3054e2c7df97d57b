/**
 * core/v1 Events as the simulated components report them (scheduler, workload controllers),
 * so `kubectl describe` shows Scheduled, FailedScheduling, ScalingReplicaSet, SuccessfulCreate
 * and the like. Repeats of the same event (object, reason, message) bump its count, as
 * client-go's correlator does. Writes are fire-and-forget: an event lost is not an error.
 */
import type { KubeObject } from '../../api/object.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import type { Logger } from '../../client/logger.js';
import { timestamp } from './object-util.js';
import { apiVersionOfRef } from './refs.js';

const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' };
/** Remembered events for aggregation; the oldest are forgotten beyond this. */
const MAX_REMEMBERED = 4096;

export type EventType = 'Normal' | 'Warning';

/** Records events for one source component. */
export interface EventSink {
  event(object: KubeObject, kind: ResourceRef, type: EventType, reason: string, message: string): void;
}

export const noEvents: EventSink = { event: () => undefined };

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number; first: string }>();

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A sink reporting as `component` (e.g. `default-scheduler`, `deployment-controller`). */
  sink(component: string): EventSink {
    return { event: (object, kind, type, reason, message) => this.record(component, object, kind, type, reason, message) };
  }

  private record(component: string, object: KubeObject, kind: ResourceRef, type: EventType, reason: string, message: string): void {
    void this.write(component, object, kind, type, reason, message).catch((err: unknown) => {
      this.logger.debug({ err, reason }, 'event not recorded');
    });
  }

  private async write(component: string, object: KubeObject, kind: ResourceRef, type: EventType, reason: string, message: string): Promise<void> {
    const now = this.clock.now();
    const at = timestamp(now);
    const namespace = object.metadata.namespace ?? 'default';
    const key = `${object.metadata.uid ?? ''}|${component}|${reason}|${message}`;
    const known = this.seen.get(key);
    if (known !== undefined) {
      known.count++;
      await this.client.patch(EVENTS, known.name, { count: known.count, lastTimestamp: at }, { type: 'merge', namespace: known.namespace });
      return;
    }
    const name = `${object.metadata.name ?? ''}.${(BigInt(now) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`;
    if (this.seen.size >= MAX_REMEMBERED) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) {
        this.seen.delete(oldest);
      }
    }
    this.seen.set(key, { name, namespace, count: 1, first: at });
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: kind.kind ?? '',
        namespace: object.metadata.namespace ?? '',
        name: object.metadata.name ?? '',
        uid: object.metadata.uid ?? '',
        apiVersion: apiVersionOfRef(kind),
        ...(object.metadata.resourceVersion === undefined ? {} : { resourceVersion: object.metadata.resourceVersion }),
      },
      reason,
      message,
      source: { component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    };
    await this.client.create(EVENTS, event, { namespace });
  }
}
