import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Taint, Toleration } from '../../api/policy/kube-core.js';
import { findUntoleratedTaint, taintToString, toleratesTaint } from './taints.js';

const noSchedule: Taint = { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' };
const dedicated: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoExecute' };

describe('toleratesTaint', () => {
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    ['Exists on the key', { key: 'cluster.karmada.io/not-ready', operator: 'Exists' }, noSchedule, true],
    ['empty key with Exists tolerates all', { operator: 'Exists' }, dedicated, true],
    ['Equal with value', { key: 'dedicated', operator: 'Equal', value: 'gpu' }, dedicated, true],
    ['default operator is Equal', { key: 'dedicated', value: 'gpu' }, dedicated, true],
    ['wrong value', { key: 'dedicated', value: 'cpu' }, dedicated, false],
    ['wrong effect', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, dedicated, false],
    ['empty effect matches all effects', { key: 'dedicated', operator: 'Exists', effect: '' }, dedicated, true],
  ];
  for (const [name, tol, taint, want] of cases) it(name, () => assert.equal(toleratesTaint(tol, taint), want));
});

describe('findUntoleratedTaint', () => {
  it('skips taints the predicate ignores and tolerated ones', () => {
    const prefer: Taint = { key: 'x', effect: 'PreferNoSchedule' };
    const pred = (t: Taint) => t.effect !== 'PreferNoSchedule';
    assert.equal(findUntoleratedTaint([prefer, noSchedule], [{ key: noSchedule.key, operator: 'Exists' }], pred), undefined);
    assert.equal(findUntoleratedTaint([prefer, dedicated], [], pred), dedicated);
  });

  it('formats like corev1.Taint.ToString', () => {
    assert.equal(taintToString(dedicated), 'dedicated=gpu:NoExecute');
    assert.equal(taintToString(noSchedule), 'cluster.karmada.io/not-ready:NoSchedule');
  });
});
