import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerUsage, usageQuantities } from './usage.js';
import type { Pod } from '../simulator/types.js';

const pod: Pod = { metadata: { name: 'p', uid: 'u-1' }, spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } }, { name: 'b' }] } };

describe('simulated usage', () => {
  it('uses a stable 30-60% of cpu and 40-70% of memory requests', () => {
    const [a] = pod.spec?.containers ?? [];
    assert.ok(a !== undefined);
    const usage = containerUsage(pod, a);
    assert.ok(usage.cpuNanos >= 300_000_000 && usage.cpuNanos < 600_000_000, String(usage.cpuNanos));
    assert.ok(usage.memoryBytes >= 0.4 * 1024 ** 3 && usage.memoryBytes < 0.7 * 1024 ** 3);
    assert.deepEqual(containerUsage(pod, a), usage);
  });
  it('uses a little when nothing is requested', () => {
    const b = pod.spec?.containers?.[1];
    assert.ok(b !== undefined);
    const usage = containerUsage(pod, b);
    assert.ok(usage.cpuNanos >= 1_000_000 && usage.cpuNanos < 5_000_000);
  });
  it("prints metrics-server's units", () => {
    assert.deepEqual(usageQuantities({ cpuNanos: 1234567, memoryBytes: 10 * 1024 * 1024 }), { cpu: '1234567n', memory: '10240Ki' });
  });
});
