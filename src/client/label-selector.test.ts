import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFieldSelector, matchesFieldSelector } from './field-selector.js';
import { formatLabelSelector, labelSelectorMatches, matchesRequirements, parseLabelSelector } from './label-selector.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  const table: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web, db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['version>2', true],
    ['version<3', false],
    ['app in ()', false],
  ];
  for (const [selector, want] of table) {
    it(`"${selector}" ${want ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesRequirements(parseLabelSelector(selector), labels), want);
    });
  }
  for (const bad of ['app in web', 'app=web,', '=x', 'app in (a', 'version>x', 'a b']) {
    it(`refuses "${bad}"`, () => {
      assert.throws(() => parseLabelSelector(bad));
    });
  }
  it('matches and renders structured selectors', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }, { key: 'old', operator: 'DoesNotExist' }] };
    assert.equal(labelSelectorMatches(sel, labels), true);
    assert.equal(labelSelectorMatches({}, undefined), true);
    assert.equal(formatLabelSelector(sel), 'app=web,tier in (back,front),!old');
    assert.deepEqual(parseLabelSelector(formatLabelSelector(sel)).length, 3);
    assert.throws(() => labelSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'Gt' }] }, labels));
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
  const table: [string, boolean][] = [
    ['', true],
    ['metadata.name=p', true],
    ['metadata.name==p,metadata.namespace=ns', true],
    ['status.phase!=Running', false],
    ['spec.nodeName=', false],
    ['spec.missing=', true],
    ['spec.nodeName=n1,status.phase=Pending', false],
  ];
  for (const [selector, want] of table) {
    it(`"${selector}" ${want ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesFieldSelector(parseFieldSelector(selector), pod), want);
    });
  }
  it('refuses clauses without an operator', () => {
    assert.throws(() => parseFieldSelector('metadata.name'));
  });
});
