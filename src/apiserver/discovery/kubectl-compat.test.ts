/**
 * Drives the real kubectl against a throwaway plain-HTTP server that serves only /version,
 * discovery and OpenAPI from the catalog (plus an echoing POST), to check kubectl understands them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ResourceCatalog } from '../../api/catalog/catalog.js';
import { OpenAPIV3Documents } from '../openapi/openapi-documents.js';
import { DiscoveryDocuments } from './discovery-documents.js';
import type { RenderedDocument } from './discovery-documents.js';
import { discoveryContentType, negotiateDiscovery } from './negotiation.js';
import { buildVersionInfo } from './version-info.js';

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType?: string;
  readonly body?: string;
}

interface StubServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** When false, /api and /apis ignore the aggregated Accept types (the legacy path). */
  aggregated: boolean;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 };
  send(res, 404, 'application/json', JSON.stringify(status));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function startStub(catalog: ResourceCatalog): Promise<StubServer> {
  const discovery = new DiscoveryDocuments(catalog);
  const openapi = new OpenAPIV3Documents(catalog);
  const requests: RecordedRequest[] = [];
  const state = { aggregated: true };
  // Objects created through POST, by item path: enough for kubectl apply's GET-then-PATCH.
  const objects = new Map<string, string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : undefined;
    const contentType = req.headers['content-type'];
    requests.push({ method, path, query: url.searchParams, ...(contentType ? { contentType } : {}), ...(body !== undefined ? { body } : {}) });
    if (method === 'POST') {
      // Store and echo the object as created, with the fields a server fills in.
      const object = JSON.parse(body ?? '{}') as { metadata?: Record<string, unknown> };
      const created = JSON.stringify({ ...object, metadata: { ...object.metadata, uid: '00000000-0000-0000-0000-000000000001', resourceVersion: '1', generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' } });
      objects.set(`${path}/${String(object.metadata?.['name'])}`, created);
      send(res, 201, 'application/json', created);
      return;
    }
    const stored = objects.get(path);
    if (stored !== undefined) {
      // GET answers with the stored object; PATCH is recorded and answered with it unchanged.
      send(res, 200, 'application/json', stored);
      return;
    }
    const json = (document: RenderedDocument | undefined, contentType = 'application/json'): void => {
      if (document) send(res, 200, contentType, document.json);
      else notFound(res);
    };
    if (path === '/version') {
      send(res, 200, 'application/json', JSON.stringify(buildVersionInfo()));
    } else if (path === '/api' || path === '/apis') {
      const format = state.aggregated ? negotiateDiscovery(req.headers.accept) : 'legacy';
      if (format === undefined) {
        send(res, 406, 'text/plain', 'not acceptable');
      } else if (format === 'legacy') {
        json(path === '/api' ? discovery.apiVersions() : discovery.groupList());
      } else {
        json(discovery.aggregated(path === '/api' ? 'api' : 'apis', format), discoveryContentType(format));
      }
    } else if (path.startsWith('/openapi/v3')) {
      const reply = openapi.serve(path, url.searchParams.get('hash') ?? undefined);
      if (reply.status === 200) send(res, 200, 'application/json', reply.json);
      else if (reply.status === 301) {
        res.writeHead(301, { Location: reply.location });
        res.end();
      } else notFound(res);
    } else {
      const parts = path.split('/').filter((part) => part !== '');
      if (parts[0] === 'api' && parts.length === 2) json(discovery.resourceList('', parts[1] ?? ''));
      else if (parts[0] === 'apis' && parts.length === 2) json(discovery.group(parts[1] ?? ''));
      else if (parts[0] === 'apis' && parts.length === 3) json(discovery.resourceList(parts[1] ?? '', parts[2] ?? ''));
      else notFound(res);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get aggregated() {
      return state.aggregated;
    },
    set aggregated(value: boolean) {
      state.aggregated = value;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

const KUBECTL_ON_PATH = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((candidate) => existsSync(candidate));
const VERSIONED = [29, 30, 31, 32, 33]
  .map((minor) => ({ minor, path: `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}` }))
  .filter((binary) => existsSync(binary.path));

describe('real kubectl against the catalog’s discovery and OpenAPI', { skip: KUBECTL_ON_PATH === undefined ? 'kubectl not installed' : false }, () => {
  let stub: StubServer;
  let dir: string;
  let kubeconfig: string;
  let runs = 0;

  async function kubectl(args: readonly string[], binary = KUBECTL_ON_PATH ?? 'kubectl'): Promise<string> {
    runs += 1;
    // A fresh cache dir per run: each run must go through discovery.
    const cacheDir = join(dir, `cache-${runs}`);
    return await new Promise<string>((resolve, reject) => {
      execFile(
        binary,
        ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
        { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir }, timeout: 60_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`kubectl ${args.join(' ')} failed: ${error.message}\n${stderr}`));
          else resolve(stdout);
        },
      );
    });
  }

  function row(output: string, resource: string): string[] {
    const line = output.split('\n').find((candidate) => candidate.split(/\s+/)[0] === resource);
    if (!line) assert.fail(`${resource} missing from:\n${output}`);
    return line.trim().split(/\s+/);
  }

  before(async () => {
    stub = await startStub(ResourceCatalog.withDefaults());
    dir = await mkdtemp(join(tmpdir(), 'karmada-ts-kubectl-'));
    kubeconfig = join(dir, 'config');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: stub',
        `  cluster: {server: "${stub.url}"}`,
        'users:',
        '- name: stub',
        '  user: {}',
        'contexts:',
        '- name: stub',
        '  context: {cluster: stub, user: stub, namespace: default}',
        'current-context: stub',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await stub.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('api-resources lists built-in and Karmada resources with short names (aggregated discovery)', async () => {
    stub.aggregated = true;
    const output = await kubectl(['api-resources']);
    assert.deepEqual(row(output, 'deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    assert.deepEqual(row(output, 'pods'), ['pods', 'po', 'v1', 'true', 'Pod']);
    assert.deepEqual(row(output, 'propagationpolicies'), ['propagationpolicies', 'pp', 'policy.karmada.io/v1alpha1', 'true', 'PropagationPolicy']);
    assert.deepEqual(row(output, 'resourcebindings'), ['resourcebindings', 'rb', 'work.karmada.io/v1alpha2', 'true', 'ResourceBinding']);
    assert.deepEqual(row(output, 'clusters'), ['clusters', 'cluster.karmada.io/v1alpha1', 'false', 'Cluster']);
    // The dispatcher asked for /version; aggregated discovery means no per-group requests.
    assert.ok(stub.requests.some((request) => request.path === '/version'));
    assert.ok(!stub.requests.some((request) => request.path === '/apis/apps/v1'));
  });

  it('api-resources --api-group=policy.karmada.io shows only that group', async () => {
    const output = await kubectl(['api-resources', '--api-group=policy.karmada.io', '--no-headers']);
    const names = output.trim().split('\n').map((line) => line.split(/\s+/)[0]).sort();
    assert.deepEqual(names, [
      'clusteroverridepolicies',
      'clusterpropagationpolicies',
      'clustertaintpolicies',
      'federatedresourcequotas',
      'overridepolicies',
      'propagationpolicies',
    ]);
    assert.deepEqual(row(output, 'clusterpropagationpolicies').slice(0, 2), ['clusterpropagationpolicies', 'cpp']);
  });

  it('api-resources works through legacy discovery too', async () => {
    stub.aggregated = false;
    try {
      const before = stub.requests.length;
      const output = await kubectl(['api-resources', '-o', 'wide']);
      assert.deepEqual(row(output, 'deployments').slice(0, 5), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
      assert.ok(row(output, 'deployments').includes('all'));
      assert.deepEqual(row(output, 'works').slice(0, 5), ['works', 'wk', 'work.karmada.io/v1alpha1', 'true', 'Work']);
      assert.ok(stub.requests.slice(before).some((request) => request.path === '/apis/apps/v1'));
    } finally {
      stub.aggregated = true;
    }
  });

  it('create detects server-side field validation from OpenAPI for built-ins and Karmada kinds', async () => {
    const manifest = join(dir, 'objects.yaml');
    await writeFile(
      manifest,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: nginx}',
        'spec:',
        '  selector: {matchLabels: {app: nginx}}',
        '  template:',
        '    metadata: {labels: {app: nginx}}',
        '    spec: {containers: [{name: nginx, image: nginx}]}',
        '---',
        'apiVersion: policy.karmada.io/v1alpha1',
        'kind: PropagationPolicy',
        'metadata: {name: nginx}',
        'spec:',
        '  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: nginx}]',
        '  placement: {clusterAffinity: {clusterNames: [member1]}}',
        '',
      ].join('\n'),
    );
    const output = await kubectl(['create', '-f', manifest]);
    assert.match(output, /deployment\.apps\/nginx created/);
    assert.match(output, /propagationpolicy\.policy\.karmada\.io\/nginx created/);
    const posts = stub.requests.filter((request) => request.method === 'POST');
    const deploymentPost = posts.find((request) => request.path === '/apis/apps/v1/namespaces/default/deployments');
    const policyPost = posts.find((request) => request.path === '/apis/policy.karmada.io/v1alpha1/namespaces/default/propagationpolicies');
    assert.equal(deploymentPost?.query.get('fieldValidation'), 'Strict');
    assert.equal(policyPost?.query.get('fieldValidation'), 'Strict');
    assert.ok(stub.requests.some((request) => request.path === '/openapi/v3/apis/apps/v1' && request.query.has('hash')));
  });

  it('client-side apply falls back to compiled-in strategic merge patch metadata', async () => {
    const manifest = (image: string): string =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        `    spec: {containers: [{name: web, image: "${image}"}]}`,
        '',
      ].join('\n');
    const file = join(dir, 'web.yaml');
    await writeFile(file, manifest('nginx:1'));
    assert.match(await kubectl(['apply', '-f', file]), /deployment\.apps\/web created/);
    await writeFile(file, manifest('nginx:2'));
    assert.match(await kubectl(['apply', '-f', file]), /deployment\.apps\/web configured/);
    const patch = stub.requests.find((request) => request.method === 'PATCH' && request.path === '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(patch?.contentType, 'application/strategic-merge-patch+json');
    assert.equal(patch?.query.get('fieldValidation'), 'Strict');
    assert.match(patch?.body ?? '', /\$setElementOrder\/containers/);
  });

  it('explain finds kinds in the OpenAPI v3 documents', async () => {
    const deployment = await kubectl(['explain', 'deployments']);
    assert.match(deployment, /KIND:\s+Deployment/);
    assert.match(deployment, /VERSION:\s+v1/);
    assert.match(deployment, /metadata\s+<ObjectMeta>/);
    const policy = await kubectl(['explain', 'pp']);
    assert.match(policy, /KIND:\s+PropagationPolicy/);
    assert.match(policy, /GROUP:\s+policy\.karmada\.io/);
  });

  for (const binary of VERSIONED) {
    it(`kubectl 1.${binary.minor} reads the aggregated discovery`, async () => {
      const output = await kubectl(['api-resources', '--api-group=work.karmada.io'], binary.path);
      assert.deepEqual(row(output, 'resourcebindings').slice(0, 3), ['resourcebindings', 'rb', 'work.karmada.io/v1alpha2']);
    });
  }
});
