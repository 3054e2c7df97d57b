/**
 * Scheduler placement end to end: `karmada up --members 0` and three standalone members of
 * different sizes (big: 3x8 CPU in r1, medium: 2x4 CPU in r2, small: 1x4 CPU in r1) joined with
 * `karmadactl join`. Deployments and PropagationPolicies go in with the real kubectl; the test
 * reads what the scheduler wrote to each ResourceBinding, and checks that
 * `karmadactl schedule --dry-run` predicts it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { removeDir, startKarmada, tempDataDir, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { karmadactl, ok } from '../framework/karmadactl.js';

interface TargetJson {
  name: string;
  replicas?: number;
}

interface BindingJson {
  spec: { clusters?: TargetJson[]; replicas?: number };
  status?: { schedulerObservingAffinityName?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

interface ClusterJson {
  metadata: { name: string };
  spec: { region?: string };
  status?: { conditions?: { type: string; status: string }[]; resourceSummary?: { allocatable?: Record<string, string> } };
}

interface DryRunJson {
  binding: string;
  scheduled: boolean;
  clusters: TargetJson[];
  outcome: { condition: { status: string; reason?: string; message?: string }; explanation?: { clusters: { name: string; availableReplicas?: number }[] } };
}

const MEMBERS = [
  { name: 'big', nodes: '3', cpu: '8', region: 'r1' },
  { name: 'medium', nodes: '2', cpu: '4', region: 'r2' },
  { name: 'small', nodes: '1', cpu: '4', region: 'r1' },
] as const;

const REGION: Record<string, string> = Object.fromEntries(MEMBERS.map((m) => [m.name, m.region]));

async function eventually<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
}

function deployment(name: string, replicas: number, cpu = '1'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu, memory: '64Mi' } } }] },
      },
    },
  };
}

function policy(name: string, placement: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace: 'default' },
    spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }], placement },
  };
}

const divided = (extra: Record<string, unknown>): Record<string, unknown> => ({ replicaSchedulingType: 'Divided', ...extra });

function yamlOf(objs: readonly Record<string, unknown>[]): string {
  return objs.map((o) => stringify(o)).join('---\n');
}

function sorted(targets: readonly TargetJson[] | undefined): TargetJson[] {
  return [...(targets ?? [])].map((t) => ({ name: t.name, replicas: t.replicas ?? 0 })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

const replicasOf = (targets: readonly TargetJson[] | undefined, name: string): number => targets?.find((t) => t.name === name)?.replicas ?? 0;

describe('scheduler placement over members of different sizes', { timeout: 300_000 }, () => {
  let plane: KarmadaProcess;
  const members: KarmadaProcess[] = [];
  const memberDirs: string[] = [];
  let kubectl: Kubectl;
  let work: string;

  const binding = (name: string): Promise<BindingJson> => kubectl.json<BindingJson>(['get', 'resourcebinding', `${name}-deployment`, '-n', 'default']);
  const scheduledCondition = (b: BindingJson): { status: string; reason?: string; message?: string } | undefined =>
    b.status?.conditions?.find((c) => c.type === 'Scheduled');

  /** Writes the objects to a file and returns its path. */
  const file = (name: string, objs: readonly Record<string, unknown>[]): string => {
    const path = join(work, `${name}.yaml`);
    writeFileSync(path, yamlOf(objs));
    return path;
  };

  const dryRun = async (path: string): Promise<DryRunJson> =>
    JSON.parse(await ok(karmadactl(plane.kubeconfig, ['schedule', '--dry-run', '-f', path, '-o', 'json']), 'schedule --dry-run')) as DryRunJson;

  const explain = (path: string): Promise<string> => ok(karmadactl(plane.kubeconfig, ['schedule', '--dry-run', '-f', path]), 'schedule --dry-run (text)');

  /** Applies the objects and waits until the binding has a Scheduled condition (True with clusters, or False). */
  const applyAndWait = async (name: string, objs: readonly Record<string, unknown>[], want: 'True' | 'False' = 'True'): Promise<BindingJson> => {
    await kubectl.ok(['apply', '-f', file(name, objs)]);
    return eventually(`binding ${name} Scheduled=${want}`, 30_000, async () => {
      const b = await binding(name);
      const c = scheduledCondition(b);
      if (c?.status !== want) return undefined;
      if (want === 'True' && (b.spec.clusters ?? []).length === 0) return undefined;
      return b;
    });
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-sched-'));
    const startMembers = MEMBERS.map(async (m) => {
      const dir = tempDataDir(`karmada-e2e-${m.name}-`);
      memberDirs.push(dir);
      const p = await startKarmada(['member', '--name', m.name, '--port', '0', '--nodes', m.nodes, '--node-cpu', m.cpu], { dataDir: dir });
      members.push(p);
      return p;
    });
    const [planeP, ...memberPs] = await Promise.all([
      startKarmada(['up', '--members', '0', '--port', '0', '--storage', 'memory:', '--cluster-status-update-frequency', '2s']),
      ...startMembers,
    ]);
    plane = planeP;
    kubectl = new Kubectl(plane.kubeconfig, join(work, 'cache'));
    await Promise.all(
      MEMBERS.map((m, i) =>
        ok(
          karmadactl(plane.kubeconfig, ['join', m.name, '--cluster-kubeconfig', memberPs[i]?.kubeconfig ?? '', '--cluster-region', m.region]),
          `join ${m.name}`,
        ),
      ),
    );
    await eventually('clusters Ready with resource summaries', 60_000, async () => {
      const list = await kubectl.json<{ items: ClusterJson[] }>(['get', 'clusters']);
      const good = list.items.filter(
        (c) => c.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && c.status.resourceSummary?.allocatable?.['cpu'] !== undefined,
      );
      return good.length === MEMBERS.length ? true : undefined;
    });
  });

  after(async () => {
    await Promise.all(members.map((m) => m.kill()));
    await plane?.stop();
    for (const dir of [plane?.dataDir, ...memberDirs, work]) if (dir !== undefined) removeDir(dir);
  });

  test('dynamic weights follow free capacity, and the dry run predicts the binding exactly', async () => {
    const objs = [
      deployment('dyn', 9),
      policy('dyn', { replicaScheduling: divided({ replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } }) }),
    ];
    const predicted = await dryRun(file('dyn-dry', objs));
    assert.equal(predicted.scheduled, true);
    const b = await applyAndWait('dyn', objs);
    const got = b.spec.clusters;
    assert.deepEqual(sorted(predicted.clusters), sorted(got), 'dry run agrees with the scheduler');
    assert.equal(
      sorted(got).reduce((n, t) => n + (t.replicas ?? 0), 0),
      9,
    );
    assert.ok(replicasOf(got, 'big') > replicasOf(got, 'medium'), `big gets more than medium: ${JSON.stringify(got)}`);
    assert.ok(replicasOf(got, 'medium') >= replicasOf(got, 'small'), `medium gets at least small's share: ${JSON.stringify(got)}`);

    // The named-binding form reproduces the stored result (steady scheduling keeps it).
    const again = JSON.parse(
      await ok(karmadactl(plane.kubeconfig, ['schedule', '--dry-run', 'binding', 'dyn-deployment', '-n', 'default', '-o', 'json']), 'schedule binding'),
    ) as DryRunJson;
    assert.deepEqual(sorted(again.clusters), sorted(got));
    const text = await ok(karmadactl(plane.kubeconfig, ['schedule', '--dry-run', 'binding', 'dyn-deployment', '-n', 'default']), 'schedule binding (text)');
    assert.match(text, /TARGET CLUSTERS:/);
    for (const m of MEMBERS) assert.match(text, new RegExp(`${m.name}: score`), `explanation lists ${m.name}`);
  });

  test('Aggregated packs into the fewest clusters', async () => {
    // The general estimator is conservative (resource-model grades, running pods): ask it what fits where.
    const objs = [deployment('agg', 4), policy('agg', { replicaScheduling: divided({ replicaDivisionPreference: 'Aggregated' }) })];
    const explained = await explain(file('agg-dry', objs));
    const b = await applyAndWait('agg', objs);
    assert.deepEqual(sorted(b.spec.clusters), [{ name: 'big', replicas: 4 }], `all 4 fit in big alone; dry run said:\n${explained}`);
    // More than any one cluster can take: two clusters, never all three. The first workload's pods reach the
    // clusters' resource summaries one status period later, so ask the dry run until two answers a period apart
    // agree (it then sees the capacity the scheduler will see), and size the workload from that answer.
    const availableNow = async (): Promise<number[]> => {
      const probe = await dryRun(
        file('agg2-probe', [deployment('agg2', 1), policy('agg2', { replicaScheduling: divided({ replicaDivisionPreference: 'Aggregated' }) })]),
      );
      return probe.outcome.explanation?.clusters.map((c) => c.availableReplicas ?? 0).sort((a, b) => b - a) ?? [];
    };
    const available = await eventually('cluster capacity to settle', 60_000, async () => {
      const first = await availableNow();
      await new Promise((r) => setTimeout(r, 2_500));
      const second = await availableNow();
      return JSON.stringify(first) === JSON.stringify(second) ? second : undefined;
    });
    const [largest = 0, second = 0] = available;
    assert.ok(largest > 0 && second > 0 && available.length === MEMBERS.length, `the test needs free capacity in two clusters: ${JSON.stringify(available)}`);
    const wanted = largest + 1;
    const b2 = await applyAndWait('agg2', [
      deployment('agg2', wanted),
      policy('agg2', { replicaScheduling: divided({ replicaDivisionPreference: 'Aggregated' }) }),
    ]);
    const used = sorted(b2.spec.clusters).filter((t) => (t.replicas ?? 0) > 0);
    assert.equal(used.length, 2, `${wanted} replicas: ${JSON.stringify(b2.spec.clusters)}; available by the dry run: ${JSON.stringify(available)}`);
    assert.equal(
      used.reduce((n, t) => n + (t.replicas ?? 0), 0),
      wanted,
    );
  });

  test('a region spread constraint with minGroups 2 places the workload in two regions', async () => {
    const objs = [
      deployment('spread', 2),
      policy('spread', {
        spreadConstraints: [
          { spreadByField: 'region', minGroups: 2, maxGroups: 2 },
          { spreadByField: 'cluster', minGroups: 2, maxGroups: 2 },
        ],
      }),
    ];
    const explained = await explain(file('spread-dry', objs));
    const b = await applyAndWait('spread', objs);
    const regions = sorted(b.spec.clusters).map((t) => REGION[t.name]);
    assert.deepEqual(regions.sort(), ['r1', 'r2'], `${JSON.stringify(b.spec.clusters)}; dry run said:\n${explained}`);
    assert.match(explained, /Spread: selected region group\(s\) r1, r2/);
  });

  test('a NoSchedule-tainted cluster is skipped unless tolerated; the dry run agrees', async () => {
    await ok(karmadactl(plane.kubeconfig, ['taint', 'clusters', 'small', 'dedicated=gpu:NoSchedule']), 'taint');
    try {
      const placement = { clusterAffinity: { clusterNames: ['small', 'medium'] } };
      const plain = [deployment('taint-plain', 2), policy('taint-plain', placement)];
      // The taint must be visible before predicting.
      await eventually('dry run sees the taint', 15_000, async () =>
        (await dryRun(file('tp-dry', plain))).clusters.some((t) => t.name === 'small') ? undefined : true,
      );
      const predicted = await dryRun(file('tp-dry', plain));
      const b = await applyAndWait('taint-plain', plain);
      assert.deepEqual(
        sorted(b.spec.clusters).map((t) => t.name),
        ['medium'],
      );
      assert.deepEqual(sorted(predicted.clusters), sorted(b.spec.clusters));

      const tolerated = [
        deployment('taint-tol', 2),
        policy('taint-tol', { ...placement, clusterTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }),
      ];
      const t = await applyAndWait('taint-tol', tolerated);
      assert.deepEqual(
        sorted(t.spec.clusters).map((x) => x.name),
        ['medium', 'small'],
      );

      // Unschedulable: nothing fits; the condition names why clusters were rejected.
      const none = [deployment('nofit', 1), policy('nofit', { clusterAffinity: { clusterNames: ['small'] } })];
      const predictedNone = await dryRun(file('nofit-dry', none));
      assert.equal(predictedNone.scheduled, false);
      const text = await ok(karmadactl(plane.kubeconfig, ['schedule', '--dry-run', '-f', join(work, 'nofit-dry.yaml')]), 'schedule nofit (text)');
      for (const m of MEMBERS) {
        assert.match(text, new RegExp(`${m.name}: rejected by (ClusterAffinity|TaintToleration)`), `dry run names why ${m.name} was rejected:\n${text}`);
      }
      const u = await applyAndWait('nofit', none, 'False');
      const cond = scheduledCondition(u);
      assert.equal(cond?.reason, 'NoClusterFit');
      assert.match(cond?.message ?? '', /^0\/3 clusters are available: /);
      assert.match(cond?.message ?? '', /taint/i, `message names the taint: ${cond?.message ?? ''}`);
      assert.match(cond?.message ?? '', /affinity/i, `message names the affinity: ${cond?.message ?? ''}`);
      assert.equal(predictedNone.outcome.condition.message, cond?.message, 'dry run gives the same message');
    } finally {
      await ok(karmadactl(plane.kubeconfig, ['taint', 'clusters', 'small', 'dedicated=gpu:NoSchedule-']), 'untaint');
    }
  });

  test('clusterAffinities falls back to the second term when the first has no fit', async () => {
    const objs = [
      deployment('aff', 2),
      policy('aff', {
        clusterAffinities: [
          { affinityName: 'first', labelSelector: { matchLabels: { absent: 'nowhere' } } },
          { affinityName: 'second', clusterNames: ['medium'] },
        ],
      }),
    ];
    const predicted = await dryRun(file('aff-dry', objs));
    const b = await applyAndWait('aff', objs);
    assert.deepEqual(
      sorted(b.spec.clusters).map((t) => t.name),
      ['medium'],
    );
    assert.equal(b.status?.schedulerObservingAffinityName, 'second');
    assert.deepEqual(sorted(predicted.clusters), sorted(b.spec.clusters));
  });
});
