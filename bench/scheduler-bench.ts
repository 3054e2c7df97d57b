/**
 * Scheduler micro-benchmark: 5,000 bindings over 100 clusters in one scheduling round with a
 * shared capacity ledger. Mix: dynamic weights with region + cluster spread constraints (60%),
 * static weights (15%), Aggregated (15%), Duplicated with a label affinity (10%).
 * Prints bindings/s and per-binding latency percentiles. Goal: >= 2,000 bindings/s, P99 <= 5 ms.
 *
 *   node --import tsx bench/scheduler-bench.ts [bindings] [clusters]
 */
import type { Cluster } from '../src/api/cluster/cluster.js';
import type { Placement } from '../src/api/policy/placement.js';
import { Scheduler, type SchedulableBinding } from '../src/scheduler/core/scheduler.js';
import { CapacityLedger } from '../src/scheduler/estimator/capacity-ledger.js';

const BINDINGS = Number(process.argv[2] ?? 5000);
const CLUSTERS = Number(process.argv[3] ?? 100);
const REGIONS = ['us-east', 'us-west', 'eu-central', 'ap-south', 'ap-east'];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeClusters(n: number, rand: () => number): Cluster[] {
  return Array.from({ length: n }, (_, i) => {
    const region = REGIONS[i % REGIONS.length] ?? 'us-east';
    const nodes = 20 + Math.floor(rand() * 80);
    return {
      metadata: { name: `member-${String(i).padStart(3, '0')}`, labels: { env: i % 4 === 0 ? 'staging' : 'prod', tier: i % 3 === 0 ? 'gold' : 'silver' } },
      spec: {
        syncMode: 'Push',
        provider: i % 2 === 0 ? 'aws' : 'gcp',
        region,
        zone: `${region}-${String.fromCharCode(97 + (i % 3))}`,
        ...(i % 17 === 0 ? { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' as const }] } : {}),
      },
      status: {
        apiEnablements: [{ groupVersion: 'apps/v1', resources: [{ name: 'deployments', kind: 'Deployment' }] }],
        resourceSummary: {
          allocatable: { cpu: String(nodes * 32), memory: `${nodes * 128}Gi`, pods: String(nodes * 110) },
          allocated: { cpu: String(Math.floor(nodes * 8 * rand())), memory: `${Math.floor(nodes * 32 * rand())}Gi`, pods: String(Math.floor(nodes * 20 * rand())) },
        },
      },
    };
  });
}

function placementFor(i: number, clusters: readonly Cluster[]): Placement {
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

function makeBindings(n: number, clusters: readonly Cluster[], rand: () => number, prefix: string): SchedulableBinding[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'ResourceBinding',
    metadata: { namespace: `ns-${i % 50}`, name: `${prefix}-${i}`, uid: `${prefix}-uid-${i}` },
    spec: {
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `ns-${i % 50}`, name: `${prefix}-${i}` },
      replicas: 1 + Math.floor(rand() * 30),
      replicaRequirements: { resourceRequest: { cpu: `${100 + Math.floor(rand() * 900)}m`, memory: `${128 + Math.floor(rand() * 896)}Mi` } },
      placement: placementFor(i, clusters),
    },
  }));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function main(): void {
  const rand = rng(42);
  const clusters = makeClusters(CLUSTERS, rand);
  const scheduler = new Scheduler();

  // Warm-up round (JIT), on its own ledger.
  const warmLedger = new CapacityLedger();
  for (const binding of makeBindings(500, clusters, rand, 'warm')) scheduler.schedule({ binding, clusters, ledger: warmLedger });

  const bindings = makeBindings(BINDINGS, clusters, rand, 'app');
  const ledger = new CapacityLedger();
  const latencies: number[] = [];
  let scheduled = 0;
  const reasons = new Map<string, number>();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const binding of bindings) {
    const t0 = process.hrtime.bigint();
    const out = scheduler.schedule({ binding, clusters, ledger });
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (out.scheduled) scheduled++;
    else reasons.set(out.condition.reason ?? '?', (reasons.get(out.condition.reason ?? '?') ?? 0) + 1);
  }
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  latencies.sort((a, b) => a - b);
  const rate = (BINDINGS / elapsedMs) * 1000;

  console.log(`scheduler: ${BINDINGS} bindings over ${CLUSTERS} clusters in ${elapsedMs.toFixed(1)} ms`);
  console.log(`throughput: ${rate.toFixed(0)} bindings/s wall (goal >= 2000); ${((BINDINGS / cpuMs) * 1000).toFixed(0)} bindings per CPU-second (${cpuMs.toFixed(0)} ms CPU, all threads incl. GC)`);
  console.log(
    `latency ms: p50 ${percentile(latencies, 50).toFixed(3)}  p90 ${percentile(latencies, 90).toFixed(3)}  p99 ${percentile(latencies, 99).toFixed(3)}  max ${(latencies[latencies.length - 1] ?? 0).toFixed(3)} (goal p99 <= 5)`,
  );
  console.log(`scheduled ${scheduled}, failed ${BINDINGS - scheduled}${reasons.size ? ` (${[...reasons].map(([r, n]) => `${r}: ${n}`).join(', ')})` : ''}; ledger holds ${ledger.size} reservations`);
}

main();
