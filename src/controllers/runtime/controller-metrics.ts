/** controller-runtime's controller metrics, as Karmada's controller-manager exposes them. */
import type { Registry } from 'prom-client';
import { counterOn, gaugeOn, histogramOn } from '../../client/metrics.js';

/** controller-runtime's reconcile time buckets (seconds). */
export const RECONCILE_TIME_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20,
  25, 30, 40, 50, 60,
];

export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

export interface ControllerMetrics {
  reconciled(outcome: ReconcileOutcome, seconds: number): void;
  activeWorkers(delta: number): void;
}

/** Metrics of one controller (label `controller`) on registry. */
export function controllerMetrics(registry: Registry, controller: string, maxConcurrent: number): ControllerMetrics {
  const total = counterOn(registry, {
    name: 'controller_runtime_reconcile_total',
    help: 'Total number of reconciliations per controller',
    labelNames: ['controller', 'result'],
  });
  const errors = counterOn(registry, {
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Total number of reconciliation errors per controller',
    labelNames: ['controller'],
  });
  const time = histogramOn(registry, {
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'],
    buckets: [...RECONCILE_TIME_BUCKETS],
  });
  const max = gaugeOn(registry, {
    name: 'controller_runtime_max_concurrent_reconciles',
    help: 'Maximum number of concurrent reconciles per controller',
    labelNames: ['controller'],
  });
  const active = gaugeOn(registry, {
    name: 'controller_runtime_active_workers',
    help: 'Number of currently used workers per controller',
    labelNames: ['controller'],
  });
  max.set({ controller }, maxConcurrent);
  active.set({ controller }, 0);
  // Counters exist from the start at zero, as controller-runtime initialises them.
  for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) {
    total.inc({ controller, result }, 0);
  }
  errors.inc({ controller }, 0);
  return {
    reconciled(outcome, seconds) {
      total.inc({ controller, result: outcome });
      if (outcome === 'error') {
        errors.inc({ controller });
      }
      time.observe({ controller }, seconds);
    },
    activeWorkers(delta) {
      active.inc({ controller }, delta);
    },
  };
}
