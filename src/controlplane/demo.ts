import type { Logger } from 'pino';
import type { KubeObject } from '../api/object.js';
import { isAlreadyExists } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import type { RunningMember } from '../member/simulated-member.js';

const NAMESPACE = 'default';
const NAME = 'demo-web';

/** The demo application: a ConfigMap, a 6-replica Deployment that mounts it, and a Service. */
export function demoObjects(memberNames: readonly string[], weights: readonly number[]): KubeObject[] {
  const staticWeightList = memberNames.map((name, i) => ({ targetCluster: { clusterNames: [name] }, weight: weights[i % weights.length] ?? 1 }));
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${NAME}-config`, namespace: NAMESPACE }, data: { 'index.html': '<h1>hello from karmada-ts</h1>\n' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME, namespace: NAMESPACE, labels: { app: NAME } },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: NAME } },
        template: {
          metadata: { labels: { app: NAME } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'docker.io/library/nginx:1.27',
                ports: [{ containerPort: 80 }],
                resources: { requests: { cpu: '100m', memory: '64Mi' } },
                volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }],
              },
            ],
            volumes: [{ name: 'html', configMap: { name: `${NAME}-config` } }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: NAME, namespace: NAMESPACE }, spec: { selector: { app: NAME }, ports: [{ port: 80, targetPort: 80 }] } },
    {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: NAME, namespace: NAMESPACE },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME },
          { apiVersion: 'v1', kind: 'Service', name: NAME },
        ],
        propagateDeps: true,
        placement: {
          clusterAffinity: { clusterNames: [...memberNames] },
          replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { staticWeightList } },
        },
      },
    },
    {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'OverridePolicy',
      metadata: { name: NAME, namespace: NAMESPACE },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: NAME }],
        overrideRules: [
          {
            targetCluster: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['region-2'] }] } },
            overriders: { imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'registry.region-2.example.com' }] },
          },
        ],
      },
    },
  ];
}

async function applyObject(client: KubeClient, object: KubeObject): Promise<void> {
  const target = { apiVersion: object.apiVersion ?? '', kind: object.kind ?? '' };
  try {
    await client.create(target, object);
  } catch (error) {
    if (!isAlreadyExists(error)) {
      throw error;
    }
    await client.patch(target, object.metadata.name ?? '', object, { type: 'merge', namespace: object.metadata.namespace ?? '' });
  }
}

interface Row {
  cluster: string;
  region: string;
  replicas: string;
  ready: string;
  image: string;
}

async function placementRows(members: readonly RunningMember[], regions: ReadonlyMap<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const member of members) {
    let replicas = '-';
    let ready = '-';
    let image = '-';
    try {
      const d = await member.client.get<KubeObject>({ apiVersion: 'apps/v1', kind: 'Deployment' }, NAME, { namespace: NAMESPACE });
      const spec = d['spec'] as { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
      const status = (d['status'] ?? {}) as { readyReplicas?: number };
      replicas = String(spec.replicas ?? 0);
      ready = `${status.readyReplicas ?? 0}/${spec.replicas ?? 0}`;
      image = spec.template?.spec?.containers?.[0]?.image ?? '-';
    } catch {
      // not (yet) propagated to this member
    }
    rows.push({ cluster: member.name, region: regions.get(member.name) ?? '', replicas, ready, image });
  }
  return rows;
}

function formatRows(rows: readonly Row[]): string {
  const header: Row = { cluster: 'CLUSTER', region: 'REGION', replicas: 'REPLICAS', ready: 'READY', image: 'IMAGE' };
  const all = [header, ...rows];
  const keys = ['cluster', 'region', 'replicas', 'ready', 'image'] as const;
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  return all.map((r) => keys.map((k, i) => r[k].padEnd(widths[i] ?? 0)).join('   ').trimEnd()).join('\n');
}

/**
 * Applies the demo, waits until its replicas are ready in the members (or the timeout passes),
 * and returns the placement table.
 */
export async function runDemo(client: KubeClient, members: readonly RunningMember[], regions: ReadonlyMap<string, string>, logger: Logger, timeoutMs = 90_000): Promise<string> {
  for (const object of demoObjects(
    members.map((m) => m.name),
    [1, 1, 2],
  )) {
    await applyObject(client, object);
  }
  const deadline = Date.now() + timeoutMs;
  let rows = await placementRows(members, regions);
  while (Date.now() < deadline) {
    const total = rows.reduce((sum, r) => sum + (Number(r.ready.split('/')[0]) || 0), 0);
    if (total >= 6) {
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
    rows = await placementRows(members, regions);
  }
  logger.debug({ rows }, 'demo placement');
  return formatRows(rows);
}
