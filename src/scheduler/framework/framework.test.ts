import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeBinding, makeCluster } from '../testing/fixtures.js';
import { Framework, ScorePluginError } from './framework.js';
import type { FilterPlugin, ScorePlugin } from './interface.js';
import { success, unschedulable } from './result.js';

const binding = makeBinding();
const cluster = makeCluster('m1');

describe('Framework', () => {
  it('stops at the first rejecting filter and names it', () => {
    let calls = 0;
    const pass: FilterPlugin = { name: 'Pass', filter: () => success() };
    const reject: FilterPlugin = { name: 'Reject', filter: () => unschedulable('nope') };
    const never: FilterPlugin = { name: 'Never', filter: () => { calls++; return success(); } };
    const verdict = new Framework([pass, reject, never]).runFilterPlugins({}, binding.spec, {}, cluster);
    assert.equal(verdict.plugin, 'Reject');
    assert.deepEqual(verdict.result.reasons, ['nope']);
    assert.equal(calls, 0);
  });

  it('turns a throwing plugin into an Error result', () => {
    const boom: FilterPlugin = { name: 'Boom', filter: () => { throw new Error('kaput'); } };
    const verdict = new Framework([boom]).runFilterPlugins({}, binding.spec, {}, cluster);
    assert.equal(verdict.result.code, 'Error');
    assert.match(verdict.result.reasons[0] ?? '', /Boom failed: kaput/);
  });

  it('sums normalised scores per cluster', () => {
    const a: ScorePlugin = { name: 'A', score: (_p, _s, c) => (c.metadata.name === 'm1' ? 10 : 20) };
    const b: ScorePlugin = {
      name: 'B',
      score: () => 500,
      normalize: (scores) => { for (const s of scores) s.score = s.score / 10; },
    };
    const table = new Framework([a, b]).runScorePlugins({}, binding.spec, [cluster, makeCluster('m2')]);
    assert.deepEqual(table.totals, [60, 70]);
    assert.deepEqual(table.byPlugin.get('A'), [10, 20]);
  });

  it('rejects scores outside 0..100', () => {
    const bad: ScorePlugin = { name: 'Bad', score: () => 101 };
    assert.throws(() => new Framework([bad]).runScorePlugins({}, binding.spec, [cluster]), ScorePluginError);
  });
});
