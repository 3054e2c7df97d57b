import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint } from '../../api/policy/kube-core.js';
import { conflictingTaints, existingTaintKeys, parseTaints, reorganizeTaints } from './taints.js';

describe('karmadactl taint: argument parsing (kubectl ParseTaints)', () => {
  const ok: { spec: string[]; add?: Taint[]; remove?: { key: string; effect: string }[] }[] = [
    { spec: ['dedicated=special-user:NoSchedule'], add: [{ key: 'dedicated', value: 'special-user', effect: 'NoSchedule' }] },
    { spec: ['bar:NoExecute'], add: [{ key: 'bar', effect: 'NoExecute' }] },
    { spec: ['example.com/my-app=x:PreferNoSchedule'], add: [{ key: 'example.com/my-app', value: 'x', effect: 'PreferNoSchedule' }] },
    { spec: ['dedicated:NoSchedule-'], remove: [{ key: 'dedicated', effect: 'NoSchedule' }] },
    { spec: ['dedicated-'], remove: [{ key: 'dedicated', effect: '' }] },
    { spec: ['a=1:NoSchedule', 'b-'], add: [{ key: 'a', value: '1', effect: 'NoSchedule' }], remove: [{ key: 'b', effect: '' }] },
  ];
  for (const c of ok) {
    test(`parses ${c.spec.join(' ')}`, () => {
      assert.deepEqual(parseTaints(c.spec), { add: c.add ?? [], remove: c.remove ?? [] });
    });
  }

  const bad: { spec: string[]; error: RegExp }[] = [
    { spec: ['dedicated=x'], error: /^invalid taint spec: dedicated=x, name part must consist of/ },
    { spec: ['dedicated'], error: /^invalid taint spec: dedicated$/ },
    { spec: ['a=b:Sometimes'], error: /^invalid taint effect: Sometimes, unsupported taint effect$/ },
    { spec: ['a=b=c:NoSchedule'], error: /^invalid taint spec: a=b=c:NoSchedule$/ },
    { spec: ['a:b:c'], error: /^invalid taint spec: a:b:c$/ },
    { spec: ['-bad:NoSchedule'], error: /^invalid taint spec: -bad:NoSchedule, / },
    { spec: ['a=1:NoSchedule', 'a=2:NoSchedule'], error: /^duplicated taints with the same key and effect: a=2:NoSchedule$/ },
  ];
  for (const c of bad) {
    test(`rejects ${c.spec.join(' ')}`, () => {
      assert.throws(() => parseTaints(c.spec), { message: c.error });
    });
  }
});

describe('karmadactl taint: reorganizeTaints', () => {
  const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const noExec: Taint = { key: 'dedicated', effect: 'NoExecute' };
  const other: Taint = { key: 'other', effect: 'NoSchedule' };

  test('adding a new taint says tainted; new taints come first', () => {
    assert.deepEqual(reorganizeTaints([other], false, [gpu], []), { operation: 'tainted', taints: [gpu, other] });
  });
  test('overwriting replaces the value and says modified', () => {
    assert.deepEqual(reorganizeTaints([gpu, other], true, [{ ...gpu, value: 'cpu' }], []), { operation: 'modified', taints: [{ ...gpu, value: 'cpu' }, other] });
  });
  test('removing by key and effect, or by key alone, says untainted', () => {
    assert.deepEqual(reorganizeTaints([gpu, noExec, other], false, [], [{ key: 'dedicated', effect: 'NoSchedule' }]), { operation: 'untainted', taints: [noExec, other] });
    assert.deepEqual(reorganizeTaints([gpu, noExec, other], false, [], [{ key: 'dedicated', effect: '' }]), { operation: 'untainted', taints: [other] });
  });
  test('removing a missing taint fails', () => {
    assert.throws(() => reorganizeTaints([other], false, [], [{ key: 'nope', effect: '' }]), { message: 'taint "nope" not found' });
  });
  test('existing keys with the same effect, and add/remove conflicts', () => {
    assert.equal(existingTaintKeys([gpu, other], [{ ...gpu, value: 'x' }, noExec]), 'dedicated');
    assert.deepEqual(conflictingTaints([gpu], [{ key: 'dedicated', effect: '' }, { key: 'dedicated', effect: 'NoExecute' }]), ['{"dedicated":""}']);
  });
});
