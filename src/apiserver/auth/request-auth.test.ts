import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { pino } from 'pino';
import { assembleApiServer, type AssembledApiServer } from '../assemble.js';
import { createCertificateAuthority, createClientCertificate, createServingCertificate, type CertKeyPair } from '../../pki/certificates.js';
import { openStore } from '../../storage/registry.js';
import type { Store } from '../../storage/storage.js';
import { resourceAttributes } from './rbac/attributes.js';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

describe('API server authentication and RBAC (in-process, HTTPS)', { timeout: 60_000 }, () => {
  let store: Store;
  let api: AssembledApiServer;
  let port: number;
  let ca: CertKeyPair;
  let masterCert: CertKeyPair;

  const call = (method: string, path: string, options: { token?: string; cert?: CertKeyPair; headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token !== undefined) {
        headers['Authorization'] = `Bearer ${options.token}`;
      }
      if (options.body !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      const req = request(
        { host: '127.0.0.1', port, method, path, headers, ca: ca.certPem, ...(options.cert === undefined ? {} : { cert: options.cert.certPem, key: options.cert.keyPem }) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text } });
          });
        },
      );
      req.on('error', reject);
      req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
    });

  before(async () => {
    ca = createCertificateAuthority('test-ca');
    const serving = createServingCertificate(ca, { commonName: 'apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    masterCert = createClientCertificate(ca, 'carol', ['system:masters']);
    store = await openStore('memory:');
    api = assembleApiServer({
      store,
      pki: { ca, serving, adminToken: 'admin-token' },
      logger: pino({ level: 'silent' }),
      staticTokens: new Map([
        ['alice-token', { name: 'alice', uid: '1', groups: ['devs'] }],
        ['bob-token', { name: 'bob', uid: '2', groups: [] }],
      ]),
    });
    await api.start();
    port = await api.server.listen(0, '127.0.0.1');
    const admin = { token: 'admin-token' };
    await call('POST', '/api/v1/namespaces', { ...admin, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles', {
      ...admin,
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments'] }] },
    });
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
      ...admin,
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'alice' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }] },
    });
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      ...admin,
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'impersonator' }, rules: [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users'] }] },
    });
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      ...admin,
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'bob-impersonates' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'impersonator' }, subjects: [{ kind: 'User', name: 'bob' }] },
    });
    // the index follows storage through a watch: wait until the last binding is in
    const deadline = Date.now() + 5000;
    while (!api.server.auth.authorizer.authorize(resourceAttributes({ name: 'bob', groups: [] }, { verb: 'impersonate', resource: 'users', name: 'x' })).allowed) {
      assert.ok(Date.now() < deadline, 'binding not seen by the authorizer');
      await new Promise((r) => setTimeout(r, 10));
    }
  });

  after(async () => {
    await api.server.close();
    await store.close();
  });

  test('401 without credentials; health is public', async () => {
    assert.equal((await call('GET', '/api/v1/namespaces')).status, 401);
    assert.equal((await call('GET', '/api/v1/namespaces', { token: 'wrong' })).status, 401);
    assert.equal((await call('GET', '/healthz')).status, 200);
  });

  test('a Role grants its namespace only, with the upstream 403 elsewhere', async () => {
    assert.equal((await call('GET', '/apis/apps/v1/namespaces/team/deployments', { token: 'alice-token' })).status, 200);
    const denied = await call('GET', '/apis/apps/v1/namespaces/default/deployments', { token: 'alice-token' });
    assert.equal(denied.status, 403);
    assert.equal(denied.body['message'], 'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" in the namespace "default"');
    assert.equal(denied.body['reason'], 'Forbidden');
    assert.equal((await call('GET', '/apis/apps/v1/deployments', { token: 'alice-token' })).body['message'], 'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope');
  });

  test('discovery is open to every authenticated user', async () => {
    for (const path of ['/api', '/apis', '/apis/apps/v1', '/version']) {
      assert.equal((await call('GET', path, { token: 'bob-token' })).status, 200, path);
    }
    assert.equal((await call('GET', '/metrics', { token: 'bob-token' })).status, 403);
  });

  test('client certificate in system:masters may do anything', async () => {
    assert.equal((await call('GET', '/apis/apps/v1/deployments', { cert: masterCert })).status, 200);
    assert.equal((await call('GET', '/metrics', { cert: masterCert })).status, 200);
    const whoami = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { cert: masterCert, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    assert.equal(whoami.status, 201);
    assert.deepEqual(whoami.body['status'], { userInfo: { username: 'carol', groups: ['system:masters', 'system:authenticated'] } });
  });

  test('impersonation needs the impersonate verb', async () => {
    const asAlice = { 'Impersonate-User': 'alice' };
    assert.equal((await call('GET', '/apis/apps/v1/namespaces/team/deployments', { token: 'bob-token', headers: asAlice })).status, 200);
    assert.equal((await call('GET', '/apis/apps/v1/namespaces/default/deployments', { token: 'bob-token', headers: asAlice })).status, 403);
    const refused = await call('GET', '/apis/apps/v1/namespaces/team/deployments', { token: 'alice-token', headers: { 'Impersonate-User': 'bob' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body['message'], 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
    let seen: unknown;
    api.server.addSubresourceHandler('', 'configmaps', '', async (r) => {
      seen = api.server.auth.userOf(r.req);
      r.res.writeHead(200).end('{}');
    });
    await call('GET', '/api/v1/configmaps', { token: 'admin-token', headers: { 'Impersonate-User': 'dave', 'Impersonate-Group': 'system:masters' } });
    assert.deepEqual(seen, { name: 'dave', groups: ['system:masters', 'system:authenticated'] });
    const group = await call('GET', '/api/v1/namespaces', { token: 'bob-token', headers: { 'Impersonate-User': 'x', 'Impersonate-Group': 'system:masters' } });
    assert.equal(group.status, 403);
    assert.match(String(group.body['message']), /^groups "system:masters" is forbidden/);
    assert.equal((await call('GET', '/api/v1/namespaces', { token: 'admin-token', headers: { 'Impersonate-User': 'x', 'Impersonate-Group': 'system:masters' } })).status, 200);
  });

  test('SelfSubjectAccessReview answers for the (impersonated) user', async () => {
    const review = (namespace: string): unknown => ({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace, verb: 'list', group: 'apps', resource: 'deployments' } },
    });
    const yes = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: 'alice-token', body: review('team') });
    assert.equal(yes.status, 201);
    assert.deepEqual(yes.body['status'], { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice/team" of Role "reader" to User "alice"' });
    const no = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: 'admin-token', headers: { 'Impersonate-User': 'alice' }, body: review('default') });
    assert.deepEqual(no.body['status'], { allowed: false });
  });

  test('SubjectAccessReview and SelfSubjectRulesReview', async () => {
    const sar = await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      token: 'admin-token',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'alice', resourceAttributes: { namespace: 'team', verb: 'get', group: 'apps', resource: 'deployments', name: 'web' } } },
    });
    assert.equal((sar.body['status'] as { allowed: boolean }).allowed, true);
    assert.equal((await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { token: 'alice-token', body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'alice' } } })).status, 403);
    const rules = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      token: 'alice-token',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'team' } },
    });
    const status = rules.body['status'] as { resourceRules: { resources?: string[] }[] };
    assert.ok(status.resourceRules.some((r) => r.resources?.includes('deployments')));
  });

  test('steady-state cost of authentication and authorization', async (t) => {
    const { auth } = api.server;
    const { parseRequestInfo } = await import('../request-info.js');
    const index = auth.informer.index();
    // a realistically crowded policy: 2000 role bindings and 500 cluster role bindings for other users
    for (let i = 0; i < 2000; i++) {
      index.put('rolebindings', `ns-${i % 50}`, `rb-${i}`, { metadata: {}, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: `user-${i}` }] });
    }
    for (let i = 0; i < 500; i++) {
      index.put('clusterrolebindings', '', `crb-${i}`, { metadata: {}, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: `group-${i}` }] });
    }
    // synchronous on purpose: node:test's async bookkeeping costs microseconds per await, which
    // would measure the runner, not the checks (authenticate answers without a tick here)
    const measure = (token: string, method: string, path: string): number => {
      const req = { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, rawHeaders: [], socket: { authorized: false } } as never;
      const url = new URL(`https://x${path}`);
      const info = parseRequestInfo(method, url.pathname, url.searchParams);
      const once = (): void => {
        const user = auth.authenticate(req);
        assert.ok(user !== undefined && !(user instanceof Promise));
        auth.authorize(req, user, method, url.pathname, info, url.searchParams);
      };
      for (let i = 0; i < 2000; i++) {
        once();
      }
      const rounds = 20_000;
      // CPU time, not wall time: the test machine is shared, and waiting for a core is not cost
      const started = process.cpuUsage();
      for (let i = 0; i < rounds; i++) {
        once();
      }
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000 / rounds;
    };
    const admin = measure('admin-token', 'GET', '/apis/apps/v1/deployments');
    const roleUser = measure('alice-token', 'GET', '/apis/apps/v1/namespaces/team/deployments');
    const discovery = measure('bob-token', 'GET', '/apis/apps/v1');
    t.diagnostic(`authn+authz CPU per request: admin ${(admin * 1000).toFixed(2)} us, role user ${(roleUser * 1000).toFixed(2)} us, discovery ${(discovery * 1000).toFixed(2)} us`);
    for (const ms of [admin, roleUser, discovery]) {
      assert.ok(ms < 0.1, `authn+authz took ${ms} ms per request`);
    }
  });
});
