import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterAffinity } from '../../api/policy/placement.js';
import { makeCluster } from '../testing/fixtures.js';
import { clusterMatches } from './cluster-matches.js';
import { matchLabelSelector } from './selector.js';

const member1 = makeCluster('member1', { labels: { env: 'prod', tier: 'gold' }, provider: 'aws', region: 'us-east', zone: 'us-east-1a' });

describe('clusterMatches', () => {
  const cases: Array<[string, ClusterAffinity, boolean]> = [
    ['empty affinity matches all', {}, true],
    ['by name', { clusterNames: ['member1', 'member2'] }, true],
    ['other names', { clusterNames: ['member2'] }, false],
    ['excluded even if named', { clusterNames: ['member1'], exclude: ['member1'] }, false],
    ['label selector', { labelSelector: { matchLabels: { env: 'prod' } } }, true],
    ['label selector mismatch', { labelSelector: { matchLabels: { env: 'dev' } } }, false],
    ['label expression NotIn', { labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['silver'] }] } }, true],
    ['label and name are ANDed', { labelSelector: { matchLabels: { env: 'prod' } }, clusterNames: ['member2'] }, false],
    ['field selector region In', { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['us-east'] }] } }, true],
    ['field selector provider NotIn', { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'NotIn', values: ['aws'] }] } }, false],
    ['field selector zone', { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['us-east-1a'] }] } }, true],
    ['field and label ANDed', { labelSelector: { matchLabels: { env: 'prod' } }, fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }] } }, false],
  ];
  for (const [name, affinity, want] of cases) it(name, () => assert.equal(clusterMatches(member1, affinity), want));

  it('NotIn matches a cluster lacking the field', () => {
    const bare = makeCluster('bare');
    assert.equal(clusterMatches(bare, { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['x'] }] } }), true);
    assert.equal(clusterMatches(bare, { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['x'] }] } }), false);
  });
});

describe('matchLabelSelector', () => {
  const labels = { a: '1', b: '2' };
  const cases: Array<[string, Parameters<typeof matchLabelSelector>[0], boolean]> = [
    ['empty', {}, true],
    ['Exists', { matchExpressions: [{ key: 'a', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] }, true],
    ['In miss', { matchExpressions: [{ key: 'a', operator: 'In', values: ['2'] }] }, false],
    ['NotIn absent key', { matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['2'] }] }, true],
  ];
  for (const [name, sel, want] of cases) it(name, () => assert.equal(matchLabelSelector(sel, labels), want));
});
