import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseScaleOptions } from './options.js';
import { runScaleBench } from './scale-bench.js';

// Correctness only, not speed: the reduced run of the scale benchmark (10 members, 300 workloads).
test('scale benchmark, reduced: every object lands, every status is aggregated, a restart settles, nothing is left behind', { timeout: 20 * 60_000 }, async () => {
  const parent = mkdtempSync(join(tmpdir(), 'scale-smoke-'));
  try {
    const options = parseScaleOptions(['--members', '10', '--workloads', '300', '--rate', '0', '--burst', '0', '--probe-rate', '2', '--quiet', '3000', '--no-write', '--data-dir', join(parent, 'data')]);
    const result = await runScaleBench(options);
    const main = result.phases[0];
    assert.ok(main !== undefined);
    assert.deepEqual(main.counts, { workloads: 300, submitted: 300, bindings: 300, scheduled: 300, distributed: 300, deps: 300, ready: 300 });
    assert.equal(main.api.createErrors, 0);
    assert.equal(main.latencies.distribution.count, 300);
    assert.equal(result.steady.pods, 100 * 2 * 3 + 100 * 2 + 100 * 2, 'duplicated: 2 replicas x 3 clusters; static and dynamic: 2 replicas');
    assert.deepEqual(result.watchErrors, []);
    assert.equal(result.steady.idle.idle, true, 'settled before the restart');
    assert.equal(result.restart?.idle.idle, true, 'settled after the restart');
    assert.deepEqual(result.teardown.stillListening, []);
    assert.deepEqual(result.teardown.activeResources, []);
    assert.ok(readdirSync(join(parent, 'data')).includes('karmada.db'), 'the control plane used the given data dir');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
