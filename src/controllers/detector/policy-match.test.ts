import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { PropagationPolicy, ResourceSelector } from '../../api/policy/propagation-policy.js';
import { selectorPriority } from '../shared/resource-selector.js';
import { canPreempt, highestPriorityPolicy } from './policy-match.js';

const deploy = (name: string, labels: Record<string, string> = {}, namespace = 'default'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels },
});

const pp = (name: string, selectors: ResourceSelector[], priority?: number, deleting = false): PropagationPolicy => ({
  metadata: { name, namespace: 'default', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: { resourceSelectors: selectors, ...(priority === undefined ? {} : { priority }) },
});

const kindOnly: ResourceSelector = { apiVersion: 'apps/v1', kind: 'Deployment' };
const byName: ResourceSelector = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const byLabel: ResourceSelector = { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { app: 'web' } } };

describe('resource selector priority', () => {
  const table: [string, ResourceSelector, KubeObject, number][] = [
    ['kind only matches all', kindOnly, deploy('web'), 1],
    ['label selector', byLabel, deploy('web', { app: 'web' }), 2],
    ['label selector mismatch', byLabel, deploy('web', { app: 'db' }), 0],
    ['name', byName, deploy('web'), 3],
    ['name wins over a non-matching label selector', { ...byName, labelSelector: { matchLabels: { app: 'x' } } }, deploy('web'), 3],
    ['other name', byName, deploy('db'), 0],
    ['other kind', { apiVersion: 'apps/v1', kind: 'StatefulSet' }, deploy('web'), 0],
    ['other apiVersion', { apiVersion: 'apps/v1beta1', kind: 'Deployment' }, deploy('web'), 0],
    ['namespace matches', { ...kindOnly, namespace: 'default' }, deploy('web'), 1],
    ['namespace differs', { ...kindOnly, namespace: 'other' }, deploy('web'), 0],
  ];
  for (const [name, selector, obj, want] of table) {
    it(name, () => assert.equal(selectorPriority(obj, selector), want));
  }
});

describe('highest priority policy', () => {
  const table: [string, PropagationPolicy[], KubeObject, string | undefined][] = [
    ['none match', [pp('a', [{ apiVersion: 'v1', kind: 'Service' }])], deploy('web'), undefined],
    ['explicit priority first', [pp('name', [byName]), pp('kind', [kindOnly], 10)], deploy('web'), 'kind'],
    ['then name over label over kind', [pp('a', [kindOnly]), pp('b', [byLabel]), pp('c', [byName])], deploy('web', { app: 'web' }), 'c'],
    ['label over kind', [pp('a', [kindOnly]), pp('b', [byLabel])], deploy('web', { app: 'web' }), 'b'],
    ['then alphabetical name', [pp('zeta', [kindOnly]), pp('alpha', [kindOnly])], deploy('web'), 'alpha'],
    ['best selector of a policy counts', [pp('a', [byLabel]), pp('b', [kindOnly, byName])], deploy('web', { app: 'web' }), 'b'],
    ['negative priority loses to default', [pp('a', [byName], -1), pp('b', [kindOnly])], deploy('web'), 'b'],
    ['deleting policies never win', [pp('a', [byName], 5, true), pp('b', [kindOnly])], deploy('web'), 'b'],
  ];
  for (const [name, policies, obj, want] of table) {
    it(name, () => assert.equal(highestPriorityPolicy(policies, obj)?.metadata.name, want));
  }
});

describe('preemption', () => {
  const table: [string, Parameters<typeof canPreempt>[0], Parameters<typeof canPreempt>[1], boolean][] = [
    ['PP over lower PP', { kind: 'PropagationPolicy', priority: 2 }, { kind: 'PropagationPolicy', priority: 1 }, true],
    ['PP not over equal PP', { kind: 'PropagationPolicy', priority: 1 }, { kind: 'PropagationPolicy', priority: 1 }, false],
    ['PP over any CPP', { kind: 'PropagationPolicy', priority: 0 }, { kind: 'ClusterPropagationPolicy', priority: 100 }, true],
    ['CPP over lower CPP', { kind: 'ClusterPropagationPolicy', priority: 3 }, { kind: 'ClusterPropagationPolicy', priority: 1 }, true],
    ['CPP never over PP', { kind: 'ClusterPropagationPolicy', priority: 100 }, { kind: 'PropagationPolicy', priority: 0 }, false],
  ];
  for (const [name, a, b, want] of table) {
    it(name, () => assert.equal(canPreempt(a, b), want));
  }
});
