import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiMetrics } from './metrics.js';
import { parseRequestInfo } from './request-info.js';

const create = parseRequestInfo('POST', '/api/v1/namespaces/ns/configmaps', new URLSearchParams());
const watch = parseRequestInfo('GET', '/apis/apps/v1/deployments', new URLSearchParams('watch=true'));
const labels = 'verb="CREATE",group="",version="v1",resource="configmaps",subresource=""';

async function lines(observations: [typeof create, number, number][]): Promise<string[]> {
  const metrics = new ApiMetrics();
  for (const [info, code, seconds] of observations) metrics.observe(info, code, seconds);
  return (await metrics.render()).split('\n').filter((l) => l.startsWith('apiserver_request'));
}

test('requests are counted per verb, resource and code', async () => {
  const got = await lines([
    [create, 201, 0.003],
    [create, 201, 0.004],
    [create, 409, 0.0002],
  ]);
  assert.ok(got.includes(`apiserver_request_total{${labels},code="201"} 2`));
  assert.ok(got.includes(`apiserver_request_total{${labels},code="409"} 1`));
});

test('durations fill cumulative buckets (upper bound inclusive), sum and count', async () => {
  const got = await lines([
    [create, 201, 0.0005],
    [create, 201, 0.003],
    [create, 201, 100],
  ]);
  const table: [string, number][] = [
    ['0.0005', 1],
    ['0.001', 1],
    ['0.005', 2],
    ['60', 2],
    ['+Inf', 3],
  ];
  for (const [le, want] of table) {
    assert.ok(got.includes(`apiserver_request_duration_seconds_bucket{le="${le}",${labels}} ${want}`), le);
  }
  assert.ok(got.includes(`apiserver_request_duration_seconds_count{${labels}} 3`));
  assert.ok(got.some((l) => l.startsWith(`apiserver_request_duration_seconds_sum{${labels}} 100.003`)));
});

test('watches are counted but have no duration', async () => {
  const got = await lines([[watch, 200, 30]]);
  assert.ok(got.includes('apiserver_request_total{verb="WATCH",group="apps",version="v1",resource="deployments",subresource="",code="200"} 1'));
  assert.ok(!got.some((l) => l.startsWith('apiserver_request_duration_seconds') && l.includes('WATCH')));
});
