/**
 * Records the request bodies real kubectl binaries send for typed-client writes (protobuf from
 * 1.32 on, JSON before), into src/apiserver/protobuf/testdata/kubectl-bodies.json.
 *
 * A throwaway node:http stub serves just enough discovery for the commands below and answers
 * every write with a small JSON object. Test fixtures only; not part of the product.
 *
 * Usage: node --import tsx scripts/capture-kubectl-bodies.ts [kubectl-binary-dir]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '../src/apiserver/protobuf/testdata/kubectl-bodies.json');
const BIN_DIR = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin';
const VERSIONS = ['1.31', '1.32', '1.33'];

interface ResourceDef {
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: { subresource: string; group: string; version: string; kind: string }[];
}

const GROUPS: { group: string; version: string; resources: ResourceDef[] }[] = [
  {
    group: '',
    version: 'v1',
    resources: [
      { resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
      { resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
      { resource: 'secrets', kind: 'Secret', namespaced: true },
      { resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'] },
      { resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'] },
      { resource: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, shortNames: ['quota'] },
      {
        resource: 'serviceaccounts',
        kind: 'ServiceAccount',
        namespaced: true,
        shortNames: ['sa'],
        subresources: [{ subresource: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }],
      },
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resources: [{ resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'] }],
  },
  {
    group: 'batch',
    version: 'v1',
    resources: [
      { resource: 'jobs', kind: 'Job', namespaced: true },
      { resource: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'] },
    ],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resources: [
      { resource: 'roles', kind: 'Role', namespaced: true },
      { resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
      { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
      { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
    ],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resources: [{ resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false }],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resources: [{ resource: 'ingresses', kind: 'Ingress', namespaced: true, shortNames: ['ing'] }],
  },
  {
    group: 'policy',
    version: 'v1',
    resources: [{ resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'] }],
  },
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    resources: [{ resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }],
  },
];

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function discovery(core: boolean): unknown {
  const items = GROUPS.filter((g) => (g.group === '') === core).map((g) => ({
    metadata: { name: g.group },
    versions: [
      {
        version: g.version,
        freshness: 'Current',
        resources: g.resources.map((r) => ({
          resource: r.resource,
          responseKind: { group: g.group, version: g.version, kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.kind.toLowerCase(),
          verbs: VERBS,
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
          subresources: (r.subresources ?? []).map((s) => ({
            subresource: s.subresource,
            responseKind: { group: s.group, version: s.version, kind: s.kind },
            verbs: ['create'],
          })),
        })),
      },
    ],
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** The stored deployment `kubectl expose` reads before creating its Service. */
const NGINX_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', namespace: 'default', uid: 'u1', resourceVersion: '1', labels: { app: 'nginx' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
    },
  },
};

interface Captured {
  kubectl: string;
  command: string[];
  method: string;
  path: string;
  contentType: string;
  body: string;
}

const COMMANDS: string[][] = [
  ['create', 'namespace', 'team-a'],
  ['create', 'configmap', 'cfg', '--from-literal=k=v', '--from-literal=empty='],
  ['create', 'secret', 'generic', 'sec', '--from-literal=password=s3cr3t', '--from-literal=bin=\u00e9\u0001'],
  ['create', 'secret', 'docker-registry', 'regcred', '--docker-server=r.example', '--docker-username=u', '--docker-password=p'],
  ['create', 'deployment', 'web', '--image=nginx:1.27', '--port=8080', '--replicas=3'],
  ['create', 'deployment', 'zero', '--image=busybox', '--replicas=0', '--', 'sleep', '3600'],
  ['create', 'service', 'clusterip', 'svc-a', '--tcp=80:8080', '--tcp=443:web'],
  ['create', 'service', 'nodeport', 'svc-n', '--tcp=80:8080', '--node-port=30080'],
  ['create', 'role', 'reader', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=a'],
  ['create', 'rolebinding', 'rb', '--role=reader', '--user=alice', '--group=devs', '--serviceaccount=default:bot'],
  ['create', 'clusterrole', 'cr', '--verb=get', '--non-resource-url=/healthz'],
  ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--user=bob'],
  ['create', 'serviceaccount', 'bot'],
  ['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'],
  ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
  ['create', 'ingress', 'ing', '--rule=foo.example/bar=svc-a:80'],
  ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'],
  ['create', 'priorityclass', 'high', '--value=1000', '--description=important'],
  ['create', 'quota', 'q', '--hard=cpu=2,memory=1Gi,pods=10'],
  ['create', 'token', 'bot', '--duration=1h'],
  ['expose', 'deployment', 'nginx', '--port=80', '--target-port=8080', '--name=nginx-svc'],
  [
    'run',
    'box',
    '--image=busybox',
    '--restart=Never',
    '--labels=app=box',
    '--env=A=1',
    '--port=8080',
    '--',
    'sleep',
    '10',
  ],
  ['auth', 'can-i', 'create', 'pods', '--namespace=default'],
  ['auth', 'can-i', 'get', '/healthz'],
];

function replyFor(method: string, url: string): { status: number; body: unknown } {
  const p = url.split('?')[0] ?? '';
  if (method === 'GET' && p === '/apis/apps/v1/namespaces/default/deployments/nginx') {
    return { status: 200, body: NGINX_DEPLOYMENT };
  }
  if (method !== 'POST') return { status: 404, body: notFound() };
  if (p.endsWith('/selfsubjectaccessreviews')) {
    return {
      status: 201,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: {},
        spec: {},
        status: { allowed: true },
      },
    };
  }
  if (p.endsWith('/token')) {
    return {
      status: 201,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        metadata: { name: 'bot', namespace: 'default' },
        spec: { audiences: [] },
        status: { token: 'tok', expirationTimestamp: '2030-01-01T00:00:00Z' },
      },
    };
  }
  // Answer with a minimal object of the right kind, named after the request (name unknown here).
  for (const g of GROUPS) {
    for (const r of g.resources) {
      if (p.endsWith(`/${r.resource}`)) {
        return {
          status: 201,
          body: {
            apiVersion: g.group ? `${g.group}/${g.version}` : g.version,
            kind: r.kind,
            metadata: { name: 'created', namespace: r.namespaced ? 'default' : undefined, uid: 'u', resourceVersion: '2' },
          },
        };
      }
    }
  }
  return { status: 404, body: notFound() };
}

function notFound(): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    code: 404,
  };
}

async function main(): Promise<void> {
  let current: { kubectl: string; command: string[] } = { kubectl: '', command: [] };
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const send = (status: number, body: unknown, contentType = 'application/json'): void => {
        res.writeHead(status, { 'Content-Type': contentType });
        res.end(JSON.stringify(body));
      };
      if (url.startsWith('/version')) {
        send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' });
        return;
      }
      const p = url.split('?')[0];
      if (p === '/api' || p === '/apis') {
        send(200, discovery(p === '/api'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
        return;
      }
      const body = Buffer.concat(chunks);
      if (body.length > 0 && req.method !== 'GET') {
        captured.push({
          ...current,
          method: req.method ?? '',
          path: url,
          contentType: req.headers['content-type'] ?? '',
          body: body.toString('base64'),
        });
      }
      const reply = replyFor(req.method ?? '', url);
      send(reply.status, reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubectl-capture-'));
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: c, cluster: {server: "http://127.0.0.1:' + port + '"}}]',
      'users: [{name: u, user: {}}]',
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]',
      'current-context: x',
      '',
    ].join('\n'),
  );
  try {
    for (const version of VERSIONS) {
      const bin = path.join(BIN_DIR, `kubectl.${version}`);
      if (!existsSync(bin)) {
        console.error(`skip ${version}: ${bin} not found`);
        continue;
      }
      for (const command of COMMANDS) {
        current = { kubectl: version, command };
        const args = ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, `cache-${version}`), ...command];
        try {
          const { stdout } = await run(bin, args, { timeout: 30_000 });
          console.log(`${version} ${command.join(' ')}: ${stdout.trim()}`);
        } catch (err) {
          const e = err as { stderr?: string; stdout?: string };
          console.log(`${version} ${command.join(' ')}: FAILED ${e.stdout ?? ''} ${e.stderr ?? ''}`.trim());
        }
      }
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify(
      {
        $comment:
          'Request bodies recorded from real kubectl binaries by scripts/capture-kubectl-bodies.ts (body is base64).',
        bodies: captured,
      },
      null,
      1,
    ) + '\n',
  );
  console.log(`${captured.length} bodies -> ${OUT}`);
}

await main();
