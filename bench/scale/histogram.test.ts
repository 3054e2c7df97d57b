import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exactPercentiles, LogHistogram } from './histogram.js';
import { bucketQuantile } from './server-histograms.js';

test('LogHistogram percentiles stay within 2 % of the exact ones', () => {
  const h = new LogHistogram();
  const samples = Array.from({ length: 10_000 }, (_, i) => 0.05 + (i % 1000) * 1.7 + Math.floor(i / 1000));
  for (const s of samples) h.record(s);
  const exact = exactPercentiles(samples);
  const got = h.summary();
  for (const k of ['p50', 'p90', 'p99'] as const) assert.ok(Math.abs(got[k] - exact[k]) / exact[k] < 0.02, `${k}: ${got[k]} vs ${exact[k]}`);
  assert.equal(got.max, exact.max);
  assert.equal(got.count, 10_000);
});

test('bucketQuantile interpolates within a bucket as Prometheus does', () => {
  const buckets = new Map([
    [0.001, 0],
    [0.01, 50],
    [0.1, 100],
    [Number.POSITIVE_INFINITY, 100],
  ]);
  assert.ok(Math.abs(bucketQuantile(0.5, buckets) - 10) < 1e-9);
  assert.ok(Math.abs(bucketQuantile(0.75, buckets) - 55) < 1e-9);
  assert.equal(bucketQuantile(0.5, new Map()), 0);
});
