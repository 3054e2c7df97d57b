/**
 * Karmada's scheduler metrics (subsystem `karmada_scheduler`, and `scheduler_pending_bindings`):
 * scheduling attempts and their end-to-end duration by result and schedule type, bindings entering
 * the queue by event, and the bindings waiting in each queue. Names and labels follow Karmada's
 * metrics reference so its dashboards and alerts work unchanged.
 */
import type { Registry } from 'prom-client';
import { counterOn, gaugeOn, histogramOn } from '../../client/metrics.js';

/** Why a binding entered the queue (Karmada's event label values). */
export type IncomingEvent = 'BindingAdd' | 'BindingUpdate' | 'ScheduleAttemptFailure' | 'ClusterChanged';

/** The outcome of one attempt: placed, no cluster fits, or a failure. */
export type AttemptResult = 'success' | 'unschedulable' | 'error';

export interface QueueSizes {
  readonly active: number;
  readonly backoff: number;
  readonly unschedulable: number;
}

export interface SchedulerMetrics {
  incoming(event: IncomingEvent, count?: number): void;
  attempt(result: AttemptResult, scheduleType: string, seconds: number): void;
}

/** Karmada's buckets for the end-to-end duration: exponential from 1 ms, factor 2, 15 buckets. */
const E2E_BUCKETS = Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i);

/** Per registry, where the pending-bindings gauge reads the queue (the latest scheduler's, after a restart). */
const queueOf = new WeakMap<Registry, () => QueueSizes>();

const NOOP: SchedulerMetrics = { incoming: () => undefined, attempt: () => undefined };

/** The scheduler's metrics on registry (no-ops without one). */
export function schedulerMetrics(registry: Registry | undefined, sizes: () => QueueSizes): SchedulerMetrics {
  if (registry === undefined) return NOOP;
  queueOf.set(registry, sizes);
  const attempts = counterOn(registry, {
    name: 'karmada_scheduler_schedule_attempts_total',
    help: 'Number of attempts to schedule resourceBinding',
    labelNames: ['result', 'schedule_type'],
  });
  const e2e = histogramOn(registry, {
    name: 'karmada_scheduler_e2e_scheduling_duration_seconds',
    help: 'E2E scheduling latency in seconds',
    labelNames: ['result', 'schedule_type'],
    buckets: E2E_BUCKETS,
  });
  const incoming = counterOn(registry, {
    name: 'karmada_scheduler_queue_incoming_bindings_total',
    help: 'Number of bindings added to scheduling queues by event type',
    labelNames: ['event'],
  });
  gaugeOn(registry, {
    name: 'scheduler_pending_bindings',
    help: 'Number of pending bindings, by the queue type: active, backoff or unschedulable',
    labelNames: ['queue'],
    collect() {
      const current = queueOf.get(registry)?.();
      if (current === undefined) return;
      for (const queue of ['active', 'backoff', 'unschedulable'] as const) this.set({ queue }, current[queue]);
    },
  });
  return {
    incoming(event, count = 1) {
      if (count > 0) incoming.inc({ event }, count);
    },
    attempt(result, scheduleType, seconds) {
      attempts.inc({ result, schedule_type: scheduleType });
      e2e.observe({ result, schedule_type: scheduleType }, seconds);
    },
  };
}
