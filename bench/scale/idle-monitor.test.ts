import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Gauge, Registry } from 'prom-client';
import { waitForIdle } from './idle-monitor.js';
import { WriteLog } from './tracker.js';

function queueMetrics(addsBefore: number): Registry {
  const registry = new Registry();
  new Gauge({ name: 'workqueue_depth', help: 'depth', labelNames: ['name'], registers: [registry] }).set({ name: 'binding' }, 0);
  new Gauge({ name: 'controller_runtime_active_workers', help: 'active', labelNames: ['controller'], registers: [registry] }).set({ controller: 'binding' }, 0);
  new Counter({ name: 'workqueue_adds_total', help: 'adds', labelNames: ['name'], registers: [registry] }).inc({ name: 'binding' }, addsBefore);
  return registry;
}

test('idle: controllers that took keys before the monitor started count as started (steady phase)', async () => {
  const registry = queueMetrics(5);
  const result = await waitForIdle(() => registry, new WriteLog(), performance.now(), { quietMs: 200, timeoutMs: 5000, pollMs: 20 });
  assert.equal(result.idle, true);
});

test('not idle: controllers that never took a key (a restart that has not begun) are not idle', async () => {
  const registry = queueMetrics(0);
  const result = await waitForIdle(() => registry, new WriteLog(), performance.now(), { quietMs: 100, timeoutMs: 400, pollMs: 20 });
  assert.equal(result.idle, false);
});
