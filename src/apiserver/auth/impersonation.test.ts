import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { StatusError } from '../status-error.js';
import { impersonate, impersonationRequests } from './impersonation.js';
import type { AuthorizationAttributes } from './rbac/attributes.js';
import { RbacAuthorizer } from './rbac/authorizer.js';
import { RbacIndex } from './rbac/rbac-index.js';

/** Headers as node gives them: the lower-cased map (repeats joined) and the raw name/value list. */
function headers(raw: [string, string][]): { headers: IncomingHttpHeaders; raw: string[] } {
  const map: Record<string, string> = {};
  for (const [k, v] of raw) {
    const key = k.toLowerCase();
    map[key] = map[key] === undefined ? v : `${map[key]}, ${v}`;
  }
  return { headers: map, raw: raw.flat() };
}

const alice = { name: 'alice', groups: ['system:authenticated'] };
const allowAll = (): { allowed: boolean; reason: string } => ({ allowed: true, reason: '' });

describe('impersonation headers', () => {
  test('user, repeated groups, extras and uid', () => {
    const h = headers([
      ['Impersonate-User', 'bob'],
      ['Impersonate-Group', 'devs'],
      ['Impersonate-Group', 'qa'],
      ['Impersonate-Extra-Scopes', 'view'],
      ['Impersonate-Extra-Acme.com%2Fproject', 'p1'],
      ['Impersonate-Uid', 'u-1'],
    ]);
    const requests = impersonationRequests(h.headers, h.raw);
    const seen: AuthorizationAttributes[] = [];
    const user = impersonate(alice, requests, (a) => {
      seen.push(a);
      return { allowed: true, reason: '' };
    });
    assert.deepEqual(user, { name: 'bob', groups: ['devs', 'qa', 'system:authenticated'], uid: 'u-1', extra: { scopes: ['view'], 'acme.com/project': ['p1'] } });
    assert.deepEqual(
      seen.map((a) => [a.verb, a.apiGroup, a.resource, a.subresource, a.name]),
      [
        ['impersonate', '', 'users', '', 'bob'],
        ['impersonate', '', 'groups', '', 'devs'],
        ['impersonate', '', 'groups', '', 'qa'],
        ['impersonate', 'authentication.k8s.io', 'userextras', 'scopes', 'view'],
        ['impersonate', 'authentication.k8s.io', 'userextras', 'acme.com/project', 'p1'],
        ['impersonate', 'authentication.k8s.io', 'uids', '', 'u-1'],
      ],
    );
  });

  test('service accounts are checked as serviceaccounts and get their groups', () => {
    const h = headers([['Impersonate-User', 'system:serviceaccount:team:bot']]);
    const seen: AuthorizationAttributes[] = [];
    const user = impersonate(alice, impersonationRequests(h.headers, h.raw), (a) => {
      seen.push(a);
      return { allowed: true, reason: '' };
    });
    assert.deepEqual(user.groups, ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
    assert.deepEqual([seen[0]?.resource, seen[0]?.namespace, seen[0]?.name], ['serviceaccounts', 'team', 'bot']);
  });

  test('system:anonymous gets system:unauthenticated; an explicit system:unauthenticated keeps authenticated out', () => {
    const anon = headers([['Impersonate-User', 'system:anonymous']]);
    assert.deepEqual(impersonate(alice, impersonationRequests(anon.headers, anon.raw), allowAll).groups, ['system:unauthenticated']);
    const h = headers([['Impersonate-User', 'x'], ['Impersonate-Group', 'system:unauthenticated']]);
    assert.deepEqual(impersonate(alice, impersonationRequests(h.headers, h.raw), allowAll).groups, ['system:unauthenticated']);
  });

  test('groups without a user is an internal error, as upstream', () => {
    const h = headers([['Impersonate-Group', 'devs']]);
    assert.throws(() => impersonationRequests(h.headers, h.raw), (e: unknown) => e instanceof StatusError && e.code === 500 && /without impersonating a user/.test(e.message));
  });

  test('refused without the impersonate verb, with the upstream 403', () => {
    const index = new RbacIndex();
    const authz = new RbacAuthorizer(() => index);
    const h = headers([['Impersonate-User', 'bob']]);
    assert.throws(
      () => impersonate(alice, impersonationRequests(h.headers, h.raw), (a) => authz.authorize(a)),
      (e: unknown) =>
        e instanceof StatusError && e.code === 403 && e.message === 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    // allowed for one user name only
    index.put('clusterroles', '', 'imp', { metadata: {}, rules: [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['bob'] }] });
    index.put('clusterrolebindings', '', 'imp', { metadata: {}, roleRef: { kind: 'ClusterRole', name: 'imp' }, subjects: [{ kind: 'User', name: 'alice' }] });
    assert.equal(impersonate(alice, impersonationRequests(h.headers, h.raw), (a) => authz.authorize(a)).name, 'bob');
    const carol = headers([['Impersonate-User', 'carol']]);
    assert.throws(() => impersonate(alice, impersonationRequests(carol.headers, carol.raw), (a) => authz.authorize(a)), /users "carol" is forbidden/);
    // groups need their own permission
    const withGroup = headers([['Impersonate-User', 'bob'], ['Impersonate-Group', 'system:masters']]);
    assert.throws(
      () => impersonate(alice, impersonationRequests(withGroup.headers, withGroup.raw), (a) => authz.authorize(a)),
      /groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope/,
    );
  });
});
