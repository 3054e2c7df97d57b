import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregatedRules, type AggregatableRole } from './aggregation.js';
import { nonResourceAttributes, resourceAttributes } from './attributes.js';
import { RbacAuthorizer } from './authorizer.js';
import { RbacIndex } from './rbac-index.js';

function role(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: extra['labels'] === undefined ? {} : { labels: extra['labels'] }, rules, ...(extra['aggregationRule'] === undefined ? {} : { aggregationRule: extra['aggregationRule'] }) };
}

function binding(kind: 'Role' | 'ClusterRole', name: string, subjects: unknown[]): Record<string, unknown> {
  return { metadata: {}, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name }, subjects };
}

const READ_DEPLOYMENTS = { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments'] };

function setup(): { index: RbacIndex; authz: RbacAuthorizer } {
  const index = new RbacIndex();
  index.put('roles', 'team', 'reader', role([READ_DEPLOYMENTS]));
  index.put('rolebindings', 'team', 'alice-reads', binding('Role', 'reader', [{ kind: 'User', name: 'alice' }]));
  index.put('clusterroles', '', 'pod-reader', role([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]));
  index.put('clusterrolebindings', '', 'devs-read-pods', binding('ClusterRole', 'pod-reader', [{ kind: 'Group', name: 'devs' }]));
  index.put('rolebindings', 'team', 'bot', binding('ClusterRole', 'pod-reader', [{ kind: 'ServiceAccount', name: 'bot' }]));
  index.put('clusterroles', '', 'discovery', role([{ verbs: ['get'], nonResourceURLs: ['/apis', '/apis/*'] }]));
  index.put('clusterrolebindings', '', 'discovery', binding('ClusterRole', 'discovery', [{ kind: 'Group', name: 'system:authenticated' }]));
  return { index, authz: new RbacAuthorizer(() => index) };
}

const alice = { name: 'alice', groups: ['system:authenticated'] };
const dev = { name: 'dora', groups: ['devs', 'system:authenticated'] };
const bot = { name: 'system:serviceaccount:team:bot', groups: ['system:serviceaccounts'] };

describe('RbacAuthorizer', () => {
  test('a Role bound in one namespace grants there only', () => {
    const { authz } = setup();
    const inTeam = authz.authorize(resourceAttributes(alice, { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'team' }));
    assert.deepEqual(inTeam, { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-reads/team" of Role "reader" to User "alice"' });
    assert.equal(authz.authorize(resourceAttributes(alice, { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'default' })).allowed, false);
    assert.equal(authz.authorize(resourceAttributes(alice, { verb: 'list', apiGroup: 'apps', resource: 'deployments' })).allowed, false);
    assert.equal(authz.authorize(resourceAttributes(alice, { verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'team', name: 'x' })).allowed, false);
  });

  test('group subjects of ClusterRoleBindings grant everywhere', () => {
    const { authz } = setup();
    const decision = authz.authorize(resourceAttributes(dev, { verb: 'get', resource: 'pods', namespace: 'any', name: 'p' }));
    assert.deepEqual(decision, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "devs-read-pods" of ClusterRole "pod-reader" to Group "devs"' });
    assert.equal(authz.authorize(resourceAttributes(alice, { verb: 'get', resource: 'pods', namespace: 'any', name: 'p' })).allowed, false);
  });

  test('service account subjects default to the binding namespace', () => {
    const { authz } = setup();
    const decision = authz.authorize(resourceAttributes(bot, { verb: 'list', resource: 'pods', namespace: 'team' }));
    assert.deepEqual(decision, { allowed: true, reason: 'RBAC: allowed by RoleBinding "bot/team" of ClusterRole "pod-reader" to ServiceAccount "bot/team"' });
    const other = { name: 'system:serviceaccount:other:bot', groups: [] };
    assert.equal(authz.authorize(resourceAttributes(other, { verb: 'list', resource: 'pods', namespace: 'team' })).allowed, false);
  });

  test('non-resource URLs', () => {
    const { authz } = setup();
    assert.equal(authz.authorize(nonResourceAttributes(alice, 'get', '/apis/apps/v1')).allowed, true);
    assert.equal(authz.authorize(nonResourceAttributes(alice, 'get', '/metrics')).allowed, false);
  });

  test('system:masters may do anything, without any binding', () => {
    const authz = new RbacAuthorizer(() => new RbacIndex());
    const admin = { name: 'root', groups: ['system:masters'] };
    assert.equal(authz.authorize(resourceAttributes(admin, { verb: 'escalate', apiGroup: 'x', resource: 'y' })).allowed, true);
    assert.equal(authz.authorize(nonResourceAttributes(admin, 'delete', '/anything')).allowed, true);
  });

  test('bindings to missing roles are reported in the reason', () => {
    const { index, authz } = setup();
    index.put('rolebindings', 'team', 'dangling', binding('Role', 'gone', [{ kind: 'User', name: 'alice' }]));
    index.put('clusterrolebindings', '', 'dangling', binding('ClusterRole', 'gone', [{ kind: 'User', name: 'alice' }]));
    const decision = authz.authorize(resourceAttributes(alice, { verb: 'create', resource: 'pods', namespace: 'team' }));
    assert.deepEqual(decision, {
      allowed: false,
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "gone" not found]',
    });
  });

  test('changes and removals take effect at once', () => {
    const { index, authz } = setup();
    const attrs = resourceAttributes(alice, { verb: 'list', apiGroup: 'apps', resource: 'deployments', namespace: 'team' });
    index.put('roles', 'team', 'reader', role([{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }]));
    assert.equal(authz.authorize(attrs).allowed, false);
    index.put('roles', 'team', 'reader', role([READ_DEPLOYMENTS]));
    assert.equal(authz.authorize(attrs).allowed, true);
    index.remove('rolebindings', 'team', 'alice-reads');
    assert.equal(authz.authorize(attrs).allowed, false);
    // a binding re-pointed at other subjects stops granting the old ones
    index.put('rolebindings', 'team', 'alice-reads', binding('Role', 'reader', [{ kind: 'User', name: 'alice' }]));
    index.put('rolebindings', 'team', 'alice-reads', binding('Role', 'reader', [{ kind: 'User', name: 'bob' }]));
    assert.equal(authz.authorize(attrs).allowed, false);
  });

  test('rulesFor lists cluster and namespace rules', () => {
    const { authz } = setup();
    const { rules, errors } = authz.rulesFor(alice, 'team');
    assert.deepEqual(errors, []);
    assert.deepEqual(rules, [{ verbs: ['get'], nonResourceURLs: ['/apis', '/apis/*'] }, READ_DEPLOYMENTS]);
    assert.deepEqual(authz.rulesFor(alice, '').rules, [{ verbs: ['get'], nonResourceURLs: ['/apis', '/apis/*'] }]);
  });
});

describe('ClusterRole aggregation', () => {
  const selector = (name: string): Record<string, unknown> => ({ clusterRoleSelectors: [{ matchLabels: { [`aggregate-to-${name}`]: 'true' } }] });

  test('an aggregated role has the rules of the roles its selectors match, transitively', () => {
    const index = new RbacIndex();
    index.put('clusterroles', '', 'view', role([{ verbs: ['ignored'] }], { aggregationRule: selector('view'), labels: { 'aggregate-to-edit': 'true' } }));
    index.put('clusterroles', '', 'edit', role([], { aggregationRule: selector('edit') }));
    index.put('clusterroles', '', 'b-view-rules', role([{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }], { labels: { 'aggregate-to-view': 'true' } }));
    index.put('clusterroles', '', 'a-view-rules', role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], { labels: { 'aggregate-to-view': 'true' } }));
    index.put('clusterroles', '', 'edit-rules', role([{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }], { labels: { 'aggregate-to-edit': 'true' } }));
    // own rules are replaced; matches in name order
    assert.deepEqual(index.clusterRoleRules('view'), [
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
    ]);
    // edit = edit-rules + view (deduplicated)
    assert.deepEqual(index.clusterRoleRules('edit'), [
      { verbs: ['create'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
    ]);
    // a new matching role shows up at once
    index.put('clusterroles', '', 'c-view-rules', role([{ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }], { labels: { 'aggregate-to-view': 'true' } }));
    assert.equal(index.clusterRoleRules('edit')?.length, 4);
    const authz = new RbacAuthorizer(() => index);
    index.put('clusterrolebindings', '', 'e', binding('ClusterRole', 'edit', [{ kind: 'User', name: 'alice' }]));
    assert.equal(authz.authorize(resourceAttributes(alice, { verb: 'watch', resource: 'pods', namespace: 'x' })).allowed, true);
  });

  test('cycles are cut and an empty selector list aggregates nothing', () => {
    const roles = new Map<string, AggregatableRole>([
      ['a', { name: 'a', labels: { x: 'a' }, rules: [{ verbs: ['a'] }], selectors: [{ matchLabels: { x: 'b' } }] }],
      ['b', { name: 'b', labels: { x: 'b' }, rules: [{ verbs: ['b'] }], selectors: [{ matchLabels: { x: 'a' } }] }],
      ['c', { name: 'c', labels: {}, rules: [{ verbs: ['c'] }], selectors: [] }],
    ]);
    const lookup = (n: string): AggregatableRole | undefined => roles.get(n);
    assert.deepEqual(aggregatedRules('a', lookup, () => roles.values()), []);
    assert.deepEqual(aggregatedRules('c', lookup, () => roles.values()), []);
    assert.deepEqual(aggregatedRules('missing', lookup, () => roles.values()), []);
  });
});
