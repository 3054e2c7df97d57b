import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { WorkQueue } from '../../client/work-queue.js';
import { startMetricsServer } from './metrics-server.js';

describe('metrics server', () => {
  it('serves /metrics, /healthz and /readyz', async () => {
    const registry = new Registry();
    new WorkQueue<string>({ registry, name: 'q' }).add('a');
    let ready = false;
    const server = await startMetricsServer(registry, { port: 0, ready: () => ready });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const metrics = await fetch(`${base}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /workqueue_depth\{name="q"\} 1/);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      assert.equal((await fetch(`${base}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      assert.equal((await fetch(`${base}/nope`)).status, 404);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
