import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { schedulerMetrics } from './scheduler-metrics.js';

test("attempts, durations, incoming bindings and queue sizes are exposed under Karmada's names", async () => {
  const registry = new Registry();
  let sizes = { active: 2, backoff: 1, unschedulable: 0 };
  const metrics = schedulerMetrics(registry, () => sizes);
  metrics.incoming('BindingAdd');
  metrics.incoming('ClusterChanged', 3);
  metrics.attempt('success', 'ReconcileSchedule', 0.003);
  metrics.attempt('unschedulable', 'ScaleSchedule', 0.001);
  sizes = { active: 0, backoff: 0, unschedulable: 4 };
  const text = await registry.metrics();
  assert.match(text, /^karmada_scheduler_schedule_attempts_total\{result="success",schedule_type="ReconcileSchedule"\} 1$/m);
  assert.match(text, /^karmada_scheduler_schedule_attempts_total\{result="unschedulable",schedule_type="ScaleSchedule"\} 1$/m);
  assert.match(text, /^karmada_scheduler_e2e_scheduling_duration_seconds_bucket\{le="0.004",result="success",schedule_type="ReconcileSchedule"\} 1$/m);
  assert.match(text, /^karmada_scheduler_queue_incoming_bindings_total\{event="ClusterChanged"\} 3$/m);
  assert.match(text, /^scheduler_pending_bindings\{queue="unschedulable"\} 4$/m);
  // A restarted scheduler on the same registry reports its own queue.
  schedulerMetrics(registry, () => ({ active: 7, backoff: 0, unschedulable: 0 }));
  assert.match(await registry.metrics(), /^scheduler_pending_bindings\{queue="active"\} 7$/m);
});
