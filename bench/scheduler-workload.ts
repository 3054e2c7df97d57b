/**
 * The scheduler benchmarks' inputs: 100 clusters in 5 regions (20..100 nodes each, 1 in 17
 * tainted) and a binding mix of dynamic weights with region + cluster spread constraints (60%),
 * static weights (15%), Aggregated (15%) and Duplicated with a label affinity (10%).
 * Deterministic for a given seed.
 */
import type { Cluster } from '../src/api/cluster/cluster.js';
import type { Placement } from '../src/api/policy/placement.js';
import type { SchedulableBinding } from '../src/scheduler/core/scheduler.js';

const REGIONS = ['us-east', 'us-west', 'eu-central', 'ap-south', 'ap-east'];

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` clusters with resource summaries and API enablements (Ready). */
export function makeClusters(n: number, rand: () => number): Cluster[] {
  return Array.from({ length: n }, (_, i) => {
    const region = REGIONS[i % REGIONS.length] ?? 'us-east';
    const nodes = 20 + Math.floor(rand() * 80);
    return {
      apiVersion: 'cluster.karmada.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: `member-${String(i).padStart(3, '0')}`, labels: { env: i % 4 === 0 ? 'staging' : 'prod', tier: i % 3 === 0 ? 'gold' : 'silver' } },
      spec: {
        syncMode: 'Push',
        provider: i % 2 === 0 ? 'aws' : 'gcp',
        region,
        zone: `${region}-${String.fromCharCode(97 + (i % 3))}`,
        ...(i % 17 === 0 ? { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' as const }] } : {}),
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'ClusterReady',
            message: 'cluster is healthy and ready to accept workloads',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
        apiEnablements: [{ groupVersion: 'apps/v1', resources: [{ name: 'deployments', kind: 'Deployment' }] }],
        resourceSummary: {
          allocatable: { cpu: String(nodes * 32), memory: `${nodes * 128}Gi`, pods: String(nodes * 110) },
          allocated: {
            cpu: String(Math.floor(nodes * 8 * rand())),
            memory: `${Math.floor(nodes * 32 * rand())}Gi`,
            pods: String(Math.floor(nodes * 20 * rand())),
          },
        },
      },
    };
  });
}

/** The placement of binding `i` (the mix described above). */
export function placementFor(i: number, clusters: readonly Cluster[]): Placement {
  const kind = i % 20;
  if (kind < 12) {
    return {
      clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } },
      spreadConstraints: [
        { spreadByField: 'region', minGroups: 2, maxGroups: 3 },
        { spreadByField: 'cluster', minGroups: 2, maxGroups: 6 },
      ],
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } },
    };
  }
  if (kind < 15) {
    const a = clusters[(i * 7) % clusters.length]?.metadata.name ?? '';
    const b = clusters[(i * 13 + 1) % clusters.length]?.metadata.name ?? '';
    const c = clusters[(i * 29 + 2) % clusters.length]?.metadata.name ?? '';
    return {
      clusterAffinity: { clusterNames: [a, b, c] },
      replicaScheduling: {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: {
          staticWeightList: [
            { targetCluster: { clusterNames: [a] }, weight: 3 },
            { targetCluster: { clusterNames: [b] }, weight: 2 },
            { targetCluster: { clusterNames: [c] }, weight: 1 },
          ],
        },
      },
    };
  }
  if (kind < 18) {
    return {
      clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: ['aws'] }] } },
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' },
    };
  }
  return {
    clusterAffinity: { labelSelector: { matchLabels: { tier: 'gold' } } },
    clusterTolerations: [{ key: 'dedicated', operator: 'Exists' }],
    replicaScheduling: { replicaSchedulingType: 'Duplicated' },
  };
}

/** The shape name of binding `i` (for per-shape figures). */
export function shapeOf(i: number): 'dynamic+spread' | 'static' | 'aggregated' | 'duplicated' {
  const kind = i % 20;
  return kind < 12 ? 'dynamic+spread' : kind < 15 ? 'static' : kind < 18 ? 'aggregated' : 'duplicated';
}

/** Number of namespaces the bindings are spread over. */
export const NAMESPACES = 50;

/** `n` ResourceBindings of Deployments named `<prefix>-<i>`, 1..30 replicas, 100m..1 CPU each. */
export function makeBindings(n: number, clusters: readonly Cluster[], rand: () => number, prefix: string): SchedulableBinding[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'ResourceBinding',
    metadata: { namespace: `ns-${i % NAMESPACES}`, name: `${prefix}-${i}`, uid: `${prefix}-uid-${i}` },
    spec: {
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `ns-${i % NAMESPACES}`, name: `${prefix}-${i}` },
      replicas: 1 + Math.floor(rand() * 30),
      replicaRequirements: { resourceRequest: { cpu: `${100 + Math.floor(rand() * 900)}m`, memory: `${128 + Math.floor(rand() * 896)}Mi` } },
      placement: placementFor(i, clusters),
    },
  }));
}

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
