import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nonResourceAttributes, resourceAttributes } from './attributes.js';
import { ruleAllows } from './rule-match.js';
import type { PolicyRule } from './types.js';

const user = { name: 'alice', groups: [] };

describe('ruleAllows (rbac.RuleAllows)', () => {
  const list = resourceAttributes(user, { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'ns' });
  const getWeb = resourceAttributes(user, { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'ns', name: 'web' });
  const scale = resourceAttributes(user, { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: 'web' });
  const podLog = resourceAttributes(user, { verb: 'get', resource: 'pods', subresource: 'log', name: 'p' });
  const healthz = nonResourceAttributes(user, 'get', '/healthz');
  const apisApps = nonResourceAttributes(user, 'get', '/apis/apps/v1');

  const rows: { rule: PolicyRule; attributes: typeof list; allowed: boolean; why: string }[] = [
    { rule: { verbs: ['list'], apiGroups: ['apps'], resources: ['deployments'] }, attributes: list, allowed: true, why: 'exact' },
    { rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }, attributes: list, allowed: false, why: 'other verb' },
    { rule: { verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] }, attributes: list, allowed: true, why: 'verb wildcard' },
    { rule: { verbs: ['list'], apiGroups: [''], resources: ['deployments'] }, attributes: list, allowed: false, why: 'core group is not apps' },
    { rule: { verbs: ['list'], apiGroups: ['*'], resources: ['deployments'] }, attributes: list, allowed: true, why: 'group wildcard' },
    { rule: { verbs: ['list'], resources: ['deployments'] }, attributes: list, allowed: false, why: 'no apiGroups matches nothing' },
    { rule: { verbs: ['list'], apiGroups: ['apps'], resources: ['*'] }, attributes: list, allowed: true, why: 'resource wildcard' },
    { rule: { verbs: ['list'], apiGroups: ['apps'], resources: ['replicasets'] }, attributes: list, allowed: false, why: 'other resource' },
    { rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }, attributes: getWeb, allowed: true, why: 'named' },
    { rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['api'] }, attributes: getWeb, allowed: false, why: 'other name' },
    { rule: { verbs: ['list'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }, attributes: list, allowed: false, why: 'names never match an unnamed list' },
    { rule: { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments'] }, attributes: scale, allowed: false, why: 'resource does not cover its subresource' },
    { rule: { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments/scale'] }, attributes: scale, allowed: true, why: 'resource/subresource' },
    { rule: { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] }, attributes: scale, allowed: true, why: '*/subresource' },
    { rule: { verbs: ['get'], apiGroups: [''], resources: ['*/scale'] }, attributes: podLog, allowed: false, why: '*/other subresource' },
    { rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] }, attributes: podLog, allowed: true, why: '* covers subresources' },
    { rule: { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] }, attributes: getWeb, allowed: false, why: '*/subresource needs a subresource' },
    { rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, attributes: healthz, allowed: true, why: 'exact URL' },
    { rule: { verbs: ['post'], nonResourceURLs: ['/healthz'] }, attributes: healthz, allowed: false, why: 'URL, other verb' },
    { rule: { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, attributes: apisApps, allowed: true, why: 'URL prefix' },
    { rule: { verbs: ['get'], nonResourceURLs: ['/apis'] }, attributes: apisApps, allowed: false, why: 'URL without star is exact' },
    { rule: { verbs: ['get'], nonResourceURLs: ['*'] }, attributes: apisApps, allowed: true, why: 'URL wildcard' },
    { rule: { verbs: ['get'], apiGroups: ['*'], resources: ['*'] }, attributes: healthz, allowed: false, why: 'resource rule never grants a path' },
    { rule: { verbs: ['*'], nonResourceURLs: ['*'] }, attributes: list, allowed: false, why: 'URL rule never grants a resource' },
  ];
  for (const row of rows) {
    test(`${row.why} -> ${row.allowed ? 'allowed' : 'not allowed'}`, () => assert.equal(ruleAllows(row.attributes, row.rule), row.allowed));
  }
});
