import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { connect as netConnect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { KubeObject } from '../api/object.js';
import { createCertificateAuthority, createClientCertificate, createServingCertificate } from '../pki/certificates.js';
import type { CertKeyPair } from '../pki/certificates.js';
import { ApiError, isConflict, isNotFound, isTooManyRequests } from './api-error.js';
import type { KubeClient, ResourceRef, WatchEvent } from './client.js';
import { createHttpClient, loadKubeconfig } from './http-client.js';
import { Informer } from './informer.js';
import type { RestConfig } from './kubeconfig.js';

const CM: ResourceRef = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };
const DEPLOY: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true, kind: 'Deployment' };

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly clientCN: string | undefined;
}

type Route = (req: Seen, res: ServerResponse) => unknown;

let ca: CertKeyPair;
let otherCa: CertKeyPair;
let serving: CertKeyPair;
let servingForName: CertKeyPair;
let clientCert: CertKeyPair;
let server: HttpsServer;
let nameOnlyServer: HttpsServer;
let port = 0;
let nameOnlyPort = 0;
let route: Route = (_req, res) => res.writeHead(404).end();
const seen: Seen[] = [];
const dir = mkdtempSync(join(tmpdir(), 'http-client-test-'));

function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) {
    chunks.push(c as Buffer);
  }
  const peer = (req.socket as TLSSocket).getPeerCertificate?.();
  const cn = peer !== undefined && typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined;
  const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), clientCN: cn };
  seen.push(s);
  await route(s, res);
}

async function listen(srv: HttpsServer | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return (srv.address() as AddressInfo).port;
}

before(async () => {
  ca = createCertificateAuthority('test-ca');
  otherCa = createCertificateAuthority('other-ca');
  serving = createServingCertificate(ca, { commonName: 'apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  servingForName = createServingCertificate(ca, { commonName: 'apiserver', dnsNames: ['kube.test'], ipAddresses: [] });
  clientCert = createClientCertificate(ca, 'alice', ['devs']);
  const tls = { ca: ca.certPem, requestCert: true, rejectUnauthorized: false };
  server = createHttpsServer({ ...tls, cert: serving.certPem, key: serving.keyPem }, (req, res) => void handle(req, res));
  nameOnlyServer = createHttpsServer({ ...tls, cert: servingForName.certPem, key: servingForName.keyPem }, (req, res) => void handle(req, res));
  port = await listen(server);
  nameOnlyPort = await listen(nameOnlyServer);
});

after(() => {
  server.closeAllConnections();
  server.close();
  nameOnlyServer.closeAllConnections();
  nameOnlyServer.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen.length = 0;
  route = (_req, res) => res.writeHead(404).end();
});

function config(extra: Partial<RestConfig> = {}): RestConfig {
  return { server: `https://127.0.0.1:${port}`, namespace: 'default', caPem: ca.certPem, token: 'secret-token', ...extra };
}

const clients: KubeClient[] = [];
function client(extra: Partial<RestConfig> = {}, options: Parameters<typeof createHttpClient>[1] = {}): KubeClient {
  const c = createHttpClient(config(extra), options);
  clients.push(c);
  return c;
}
after(() => {
  for (const c of clients) {
    c.close();
  }
});

describe('HTTP client', () => {
  it('GETs with a bearer token and maps Status errors to ApiError', async () => {
    route = (req, res) => {
      if (req.url === '/api/v1/namespaces/default/configmaps/a') {
        json(res, 200, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' }, data: { k: 'v' } });
      } else if (req.url === '/api/v1/namespaces/default/configmaps/conflict') {
        json(res, 409, status(409, 'Conflict', 'the object has been modified'));
      } else {
        json(res, 404, { ...status(404, 'NotFound', 'configmaps "missing" not found'), details: { name: 'missing', kind: 'configmaps' } });
      }
    };
    const c = client();
    const got = await c.get(CM, 'a', { namespace: 'default' });
    assert.deepEqual(got['data'], { k: 'v' });
    assert.equal(seen[0]?.headers['authorization'], 'Bearer secret-token');
    assert.equal(seen[0]?.headers['accept'], 'application/json');
    const notFound = await c.get(CM, 'missing', { namespace: 'default' }).catch((e: unknown) => e);
    assert.ok(notFound instanceof ApiError);
    assert.equal(isNotFound(notFound), true);
    assert.equal(notFound.status.details?.name, 'missing');
    assert.equal(notFound.message, 'configmaps "missing" not found');
    assert.equal(isConflict(await c.get(CM, 'conflict', { namespace: 'default' }).catch((e: unknown) => e)), true);
  });

  it('answers errors without a Status body with a Status built from the code', async () => {
    route = (_req, res) => res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden: nope');
    const err = await client()
      .get(CM, 'a', { namespace: 'default' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.message, 'forbidden: nope');
  });

  it('lists with selectors, limit and continue, and fills apiVersion/kind on items', async () => {
    route = (_req, res) =>
      json(res, 200, { apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '42', continue: 'next' }, items: [{ metadata: { name: 'd', namespace: 'ns' } }] });
    const list = await client().list(DEPLOY, { namespace: 'ns', labelSelector: 'app in (a,b),!old', fieldSelector: 'metadata.name=d', limit: 10, continue: 'tok', resourceVersion: '0' });
    const url = new URL(seen[0]?.url ?? '', 'https://x');
    assert.equal(url.pathname, '/apis/apps/v1/namespaces/ns/deployments');
    assert.equal(url.searchParams.get('labelSelector'), 'app in (a,b),!old');
    assert.equal(url.searchParams.get('fieldSelector'), 'metadata.name=d');
    assert.equal(url.searchParams.get('limit'), '10');
    assert.equal(url.searchParams.get('continue'), 'tok');
    assert.equal(url.searchParams.get('resourceVersion'), '0');
    assert.equal(list.metadata.continue, 'next');
    assert.equal(list.items[0]?.apiVersion, 'apps/v1');
    assert.equal(list.items[0]?.kind, 'Deployment');
  });

  it('creates, updates, updates status, patches and deletes with the right verbs, paths, bodies and content types', async () => {
    route = (req, res) => json(res, 200, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' }, echo: req.method });
    const c = client();
    const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', resourceVersion: '5' } };
    await c.create(CM, obj, { dryRun: true, fieldManager: 'karmada' });
    await c.update(CM, obj);
    await c.updateStatus(CM, obj);
    await c.patch(CM, 'a', { data: { x: '1' } }, { namespace: 'default', type: 'merge' });
    await c.patch(CM, 'a', [{ op: 'add', path: '/data/y', value: '2' }], { namespace: 'default', type: 'json' });
    await c.patch(CM, 'a', { data: {} }, { namespace: 'default', type: 'strategic' });
    await c.patch(CM, 'a', obj, { namespace: 'default', type: 'apply', fieldManager: 'karmada', force: true });
    await c.delete(CM, 'a', { namespace: 'default', propagationPolicy: 'Foreground', preconditions: { uid: 'u1' } });
    const rows = seen.map((s) => [s.method, s.url, s.headers['content-type']]);
    assert.deepEqual(rows, [
      ['POST', '/api/v1/namespaces/default/configmaps?dryRun=All&fieldManager=karmada', 'application/json'],
      ['PUT', '/api/v1/namespaces/default/configmaps/a', 'application/json'],
      ['PUT', '/api/v1/namespaces/default/configmaps/a/status', 'application/json'],
      ['PATCH', '/api/v1/namespaces/default/configmaps/a', 'application/merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/configmaps/a', 'application/json-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/configmaps/a', 'application/strategic-merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/configmaps/a?fieldManager=karmada&force=true', 'application/apply-patch+yaml'],
      ['DELETE', '/api/v1/namespaces/default/configmaps/a', 'application/json'],
    ]);
    assert.deepEqual(JSON.parse(seen[4]?.body ?? ''), [{ op: 'add', path: '/data/y', value: '2' }]);
    assert.deepEqual(JSON.parse(seen[7]?.body ?? ''), {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u1' },
    });
  });

  it('decodes a watch stream split across chunks at awkward places, and closes quietly', async () => {
    const events = [
      { type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '10' }, data: { text: 'héllo wörld ✓' } } },
      { type: 'MODIFIED', object: { kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '11' } } },
      { type: 'BOOKMARK', object: { kind: 'ConfigMap', metadata: { resourceVersion: '12' } } },
      { type: 'ERROR', object: status(410, 'Expired', 'too old resource version: 1 (5)') },
    ];
    const bytes = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
    // Split inside the multi-byte "é" and "✓", mid-line, and right after a newline.
    const eAt = bytes.indexOf(Buffer.from('é')) + 1;
    const checkAt = bytes.indexOf(Buffer.from('✓')) + 2;
    const nlAt = bytes.indexOf(0x0a) + 1;
    const cuts = [5, eAt, checkAt, nlAt, nlAt + 7, bytes.length - 3].sort((a, b) => a - b);
    let holdOpen: ServerResponse | undefined;
    route = async (req, res) => {
      assert.match(req.url, /watch=true/);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        res.write(bytes.subarray(from, cut));
        from = cut;
        await new Promise((r) => setTimeout(r, 5));
      }
      holdOpen = res; // the server keeps the stream open; the client closes it
    };
    const stream = await client().watch(CM, { namespace: 'default', resourceVersion: '9', allowWatchBookmarks: true, timeoutSeconds: 30 });
    const url = new URL(seen[0]?.url ?? '', 'https://x');
    assert.equal(url.searchParams.get('resourceVersion'), '9');
    assert.equal(url.searchParams.get('allowWatchBookmarks'), 'true');
    assert.equal(url.searchParams.get('timeoutSeconds'), '30');
    const got: WatchEvent[] = [];
    for await (const ev of stream) {
      got.push(ev);
      if (got.length === events.length) {
        stream.close();
      }
    }
    assert.deepEqual(got, events);
    holdOpen?.end();
  });

  it('ends a watch normally when the server ends the stream, and throws non-200 answers', async () => {
    route = (req, res) => {
      if (req.url.includes('resourceVersion=1')) {
        json(res, 410, status(410, 'Expired', 'too old resource version'));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'x' } } })}\n`);
    };
    const c = client();
    const got: WatchEvent[] = [];
    for await (const ev of await c.watch(CM, { namespace: 'default' })) {
      got.push(ev);
    }
    assert.equal(got.length, 1);
    await assert.rejects(c.watch(CM, { namespace: 'default', resourceVersion: '1' }), (e: unknown) => e instanceof ApiError && e.code === 410);
  });

  it('retries 429 answers after Retry-After, up to a limit', async () => {
    let n = 0;
    route = (_req, res) => {
      n++;
      if (n <= 2) {
        json(res, 429, status(429, 'TooManyRequests', 'slow down'), { 'Retry-After': '0' });
      } else {
        json(res, 200, { metadata: { name: 'a' } });
      }
    };
    const got = await client().get(CM, 'a', { namespace: 'default' });
    assert.equal(got.metadata.name, 'a');
    assert.equal(n, 3);
    n = -10;
    const err = await client({}, { maxRetries: 2 })
      .get(CM, 'a', { namespace: 'default' })
      .catch((e: unknown) => e);
    assert.equal(isTooManyRequests(err), true);
    assert.equal(n, -7, 'one try and two retries');
  });

  it('authenticates with a client certificate', async () => {
    route = (_req, res) => json(res, 200, { metadata: { name: 'a' } });
    await client({ token: undefined, certPem: clientCert.certPem, keyPem: clientCert.keyPem }).get(CM, 'a', { namespace: 'default' });
    assert.equal(seen[0]?.clientCN, 'alice');
    assert.equal(seen[0]?.headers['authorization'], undefined);
  });

  it('authenticates with basic auth and with a token file', async () => {
    route = (_req, res) => json(res, 200, { metadata: { name: 'a' } });
    await client({ token: undefined, username: 'admin', password: 'pw' }).get(CM, 'a', { namespace: 'default' });
    assert.equal(seen[0]?.headers['authorization'], `Basic ${Buffer.from('admin:pw').toString('base64')}`);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'from-file\n');
    await client({ token: undefined, tokenFile }).get(CM, 'a', { namespace: 'default' });
    assert.equal(seen[1]?.headers['authorization'], 'Bearer from-file');
  });

  it('verifies the server against the CA; insecure-skip-tls-verify and tls-server-name work', async () => {
    route = (_req, res) => json(res, 200, { metadata: { name: 'a' } });
    await assert.rejects(client({ caPem: otherCa.certPem }).get(CM, 'a', { namespace: 'default' }), /self-signed|unable to verify|certificate/i);
    const ok = await client({ caPem: otherCa.certPem, insecureSkipTlsVerify: true }).get(CM, 'a', { namespace: 'default' });
    assert.equal(ok.metadata.name, 'a');
    const nameOnly = `https://127.0.0.1:${nameOnlyPort}`;
    await assert.rejects(client({ server: nameOnly }).get(CM, 'a', { namespace: 'default' }), /altnames|does not match|certificate/i);
    const viaName = await client({ server: nameOnly, tlsServerName: 'kube.test' }).get(CM, 'a', { namespace: 'default' });
    assert.equal(viaName.metadata.name, 'a');
  });

  it('resolves apiVersion/kind through discovery, and honours a server path prefix', async () => {
    route = (req, res) => {
      const path = req.url.replace(/^\/prefix/, '');
      if (path === '/api') {
        json(res, 200, { kind: 'APIVersions', versions: ['v1'] });
      } else if (path === '/apis') {
        json(res, 200, {
          kind: 'APIGroupList',
          groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }],
        });
      } else if (path === '/api/v1') {
        json(res, 200, { groupVersion: 'v1', resources: [{ name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['get'], shortNames: ['cm'] }] });
      } else if (path === '/apis/apps/v1') {
        json(res, 200, {
          groupVersion: 'apps/v1',
          resources: [
            { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get'], shortNames: ['deploy'] },
            { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get'] },
          ],
        });
      } else if (path === '/apis/apps/v1/namespaces/ns/deployments/web') {
        json(res, 200, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns' } });
      } else {
        json(res, 404, status(404, 'NotFound', 'nope'));
      }
    };
    const c = client({ server: `https://127.0.0.1:${port}/prefix/` });
    const d = await c.get({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'web', { namespace: 'ns' });
    assert.equal(d.metadata.name, 'web');
    assert.ok(seen.every((s) => s.url.startsWith('/prefix/')));
    const mapping = await c.mapper.resolveName('deploy');
    assert.deepEqual([mapping.group, mapping.resource, mapping.subresources], ['apps', 'deployments', ['scale']]);
    assert.equal((await c.mapper.resolveName('cm')).resource, 'configmaps');
    await assert.rejects(c.get({ apiVersion: 'example.com/v1', kind: 'Nope' }, 'x', { namespace: 'ns' }), /no matches for kind "Nope"/);
  });

  it('reads non-resource paths without throwing on failure', async () => {
    route = (req, res) => {
      if (req.url === '/readyz') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      } else {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('[-]etcd failed');
      }
    };
    const c = client();
    assert.deepEqual(await c.getRaw('/readyz'), { statusCode: 200, body: 'ok', contentType: 'text/plain' });
    assert.equal((await c.getRaw('/livez')).statusCode, 500);
  });

  it('reaches subresources: proxy with a path (text or JSON), scale', async () => {
    route = (req, res) => {
      if (req.url.endsWith('/proxy/healthz')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      } else if (req.url.includes('/proxy/')) {
        json(res, 200, { kind: 'NamespaceList', items: [] });
      } else {
        json(res, 200, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 3 } });
      }
    };
    const c = client();
    const clusters: ResourceRef = { group: 'cluster.karmada.io', version: 'v1alpha1', resource: 'clusters', namespaced: false };
    assert.equal(await c.getSubresource<string>(clusters, 'member1', 'proxy', { path: 'healthz' }), 'ok');
    const list = await c.getSubresource<{ kind: string }>(clusters, 'member1', 'proxy', { path: '/api/v1/namespaces' });
    assert.equal(list.kind, 'NamespaceList');
    const scale = await c.getSubresource<KubeObject>(DEPLOY, 'web', 'scale', { namespace: 'ns' });
    await c.updateSubresource(DEPLOY, 'web', 'scale', { ...scale, spec: { replicas: 5 } }, { namespace: 'ns' });
    assert.deepEqual(
      seen.map((x) => `${x.method} ${x.url}`),
      [
        'GET /apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/healthz',
        'GET /apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/api/v1/namespaces',
        'GET /apis/apps/v1/namespaces/ns/deployments/web/scale',
        'PUT /apis/apps/v1/namespaces/ns/deployments/web/scale',
      ],
    );
  });

  it('reuses keep-alive connections', async () => {
    route = (_req, res) => json(res, 200, { metadata: { name: 'a' } });
    const sockets = new Set<unknown>();
    const onConnection = (socket: unknown): void => {
      sockets.add(socket);
    };
    server.on('secureConnection', onConnection);
    const c = client();
    for (let i = 0; i < 5; i++) {
      await c.get(CM, 'a', { namespace: 'default' });
    }
    server.off('secureConnection', onConnection);
    assert.equal(sockets.size, 1);
  });

  it('gets tokens from an exec plugin, cached until expiry, refreshed on 401', async () => {
    const script = join(dir, 'plugin.sh');
    const countFile = join(dir, 'plugin-count');
    const infoFile = join(dir, 'plugin-info');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'n=$(cat "$COUNT_FILE" 2>/dev/null || echo 0)',
        'n=$((n+1))',
        'echo "$n" > "$COUNT_FILE"',
        'printf "%s" "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"',
        'printf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-%s","expirationTimestamp":"%s"}}\' "$n" "$EXPIRY"',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    const kubeconfigPath = join(dir, 'exec-kubeconfig');
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    writeFileSync(
      kubeconfigPath,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'ctx',
        clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: './plugin.sh',
                provideClusterInfo: true,
                env: [
                  { name: 'COUNT_FILE', value: countFile },
                  { name: 'INFO_FILE', value: infoFile },
                  { name: 'EXPIRY', value: expiry },
                ],
              },
            },
          },
        ],
        contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    let reject = false;
    route = (req, res) => {
      if (reject && req.headers['authorization'] === 'Bearer exec-1') {
        json(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
        return;
      }
      json(res, 200, { metadata: { name: 'a' } });
    };
    const c = createHttpClient(loadKubeconfig(kubeconfigPath));
    clients.push(c);
    await c.get(CM, 'a', { namespace: 'default' });
    await c.get(CM, 'a', { namespace: 'default' });
    assert.equal(readFileSync(countFile, 'utf8').trim(), '1', 'plugin ran once while the credential is valid');
    assert.deepEqual(
      seen.map((s) => s.headers['authorization']),
      ['Bearer exec-1', 'Bearer exec-1'],
    );
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { kind: string; apiVersion: string; spec: { interactive: boolean; cluster?: { server: string } } };
    assert.equal(info.kind, 'ExecCredential');
    assert.equal(info.spec.interactive, false);
    assert.equal(info.spec.cluster?.server, `https://127.0.0.1:${port}`);
    reject = true;
    await c.get(CM, 'a', { namespace: 'default' });
    assert.equal(readFileSync(countFile, 'utf8').trim(), '2', '401 made the plugin run again');
    assert.equal(seen.at(-1)?.headers['authorization'], 'Bearer exec-2');
  });

  it('tunnels through an HTTP CONNECT proxy (proxy-url)', async () => {
    route = (_req, res) => json(res, 200, { metadata: { name: 'a' } });
    const connects: string[] = [];
    const proxy = createHttpServer();
    proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      const [host, p] = (req.url ?? '').split(':');
      const upstream = netConnect(Number(p), host ?? '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const proxyPort = await listen(proxy);
    try {
      const c = client({ proxyUrl: `http://127.0.0.1:${proxyPort}` });
      await c.get(CM, 'a', { namespace: 'default' });
      await c.get(CM, 'a', { namespace: 'default' });
      c.close();
      assert.deepEqual(connects, [`127.0.0.1:${port}`], 'one tunnel, kept alive');
      assert.equal(seen.length, 2);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it('drives an informer: list, 410 ERROR event, relist, then watch from the new resourceVersion', async () => {
    let lists = 0;
    const watchRvs: string[] = [];
    const open: ServerResponse[] = [];
    route = (req, res) => {
      const url = new URL(req.url, 'https://x');
      if (url.searchParams.get('watch') !== 'true') {
        lists++;
        const items = lists === 1 ? [{ metadata: { name: 'a', namespace: 'default', resourceVersion: '3' } }] : [{ metadata: { name: 'b', namespace: 'default', resourceVersion: '7' } }];
        json(res, 200, { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: lists === 1 ? '5' : '8' }, items });
        return;
      }
      watchRvs.push(url.searchParams.get('resourceVersion') ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (watchRvs.length === 1) {
        res.end(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', 'too old resource version: 5 (6)') })}\n`);
        return;
      }
      res.write(`${JSON.stringify({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', resourceVersion: '9' } } })}\n`);
      open.push(res);
    };
    const informer = new Informer(client(), CM, { backoff: { initialMs: 10, jitter: 0 } });
    informer.start();
    for (let i = 0; i < 200 && informer.cache.size !== 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await informer.stop();
    for (const res of open) {
      res.end();
    }
    assert.deepEqual(informer.cache.keys().sort(), ['default/b', 'default/c']);
    assert.equal(lists, 2);
    assert.deepEqual(watchRvs, ['5', '8']);
    assert.equal(informer.lastResourceVersion, '9');
  });
});
