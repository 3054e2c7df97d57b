/**
 * The workloads the scale benchmark creates: per workload a ConfigMap, a Deployment that mounts
 * it, and a PropagationPolicy selecting the Deployment with propagateDeps (so the ConfigMap
 * follows it). Placement mix by index: Duplicated to 3 named clusters, static weights over 2
 * named clusters, dynamic weights (available replicas) spread over 2 regions.
 */
import type { KubeObject } from '../../src/api/object.js';

export type PlacementKind = 'duplicated' | 'static' | 'dynamic';

export const PLACEMENT_KINDS: readonly PlacementKind[] = ['duplicated', 'static', 'dynamic'];

/** Label on every object the benchmark creates (selects them in member watches). */
export const BENCH_LABEL = 'bench.karmada-ts.io/scale';

export interface Workload {
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  readonly placement: PlacementKind;
  readonly replicas: number;
  readonly configMap: KubeObject;
  readonly deployment: KubeObject;
  readonly policy: KubeObject;
}

export interface WorkloadShape {
  /** Names of the member clusters, in join order. */
  readonly members: readonly string[];
  readonly namespaces: readonly string[];
  readonly replicas: number;
  /** Name prefix, distinct per phase (`w`, `b`). */
  readonly prefix: string;
}

/** The i-th workload of a phase. Deterministic: the same index always lands on the same clusters. */
export function workload(i: number, shape: WorkloadShape): Workload {
  const n = shape.members.length;
  const namespace = shape.namespaces[i % shape.namespaces.length] ?? 'default';
  const name = `${shape.prefix}${i}`;
  const placementKind = PLACEMENT_KINDS[i % PLACEMENT_KINDS.length] ?? 'duplicated';
  const labels = { [BENCH_LABEL]: shape.prefix, app: name };
  const member = (k: number): string => shape.members[(i + k * 7) % n] ?? '';
  let placement: Record<string, unknown>;
  if (placementKind === 'duplicated') {
    placement = { clusterAffinity: { clusterNames: uniq([member(0), member(1), member(2)]) }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } };
  } else if (placementKind === 'static') {
    const clusters = uniq([member(0), member(1)]);
    placement = {
      clusterAffinity: { clusterNames: clusters },
      replicaScheduling: {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: { staticWeightList: clusters.map((c) => ({ targetCluster: { clusterNames: [c] }, weight: 1 })) },
      },
    };
  } else {
    placement = {
      spreadConstraints: [
        { spreadByField: 'region', minGroups: Math.min(2, Math.ceil(n / 2)), maxGroups: 2 },
        { spreadByField: 'cluster', minGroups: Math.min(2, n), maxGroups: 2 },
      ],
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } },
    };
  }
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-config`, namespace, labels },
    data: { 'app.properties': `name=${name}\nreplicas=${shape.replicas}\n` },
  };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: shape.replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/scale/app:1.0',
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
              volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: `${name}-config` } }],
        },
      },
    },
  };
  const policy: KubeObject = {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace, labels },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }],
      propagateDeps: true,
      placement,
    },
  };
  return { index: i, namespace, name, placement: placementKind, replicas: shape.replicas, configMap, deployment, policy };
}

function uniq(names: readonly string[]): string[] {
  return [...new Set(names)];
}
