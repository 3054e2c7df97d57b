/**
 * The accurate estimator end to end: `karmada up --members 0` (scheduler estimator on, the
 * default) and two standalone members joined with `karmadactl join`: "tainted" (2 nodes x 4 CPU,
 * every node tainted dedicated=batch:NoSchedule with the real kubectl) and "open" (1 node x
 * 4 CPU). The clusters' resource summaries (all the general estimator reads) say "tainted" has
 * twice the room of "open", but none of it takes a pod without a toleration. The scheduler must
 * place such replicas only on "open", where they then run; tolerating replicas may use both.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { eventually } from '../framework/eventually.js';
import { removeDir, startKarmada, tempDataDir, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { writeFileIn } from '../framework/work-files.js';
import { karmadactl, ok } from '../framework/karmadactl.js';

interface TargetJson {
  name: string;
  replicas?: number;
}

interface BindingJson {
  spec: { clusters?: TargetJson[] };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

interface ClusterJson {
  status?: { conditions?: { type: string; status: string }[]; resourceSummary?: { allocatable?: Record<string, string> } };
}

interface DryRunJson {
  clusters: TargetJson[];
  outcome: { explanation?: { clusters: { name: string; availableReplicas?: number }[] } };
}

interface PodListJson {
  items: { spec: { nodeName?: string }; status?: { phase?: string } }[];
}

const MEMBERS = [
  { name: 'tainted', nodes: '2', cpu: '4' },
  { name: 'open', nodes: '1', cpu: '4' },
] as const;

function workload(name: string, replicas: number, tolerate: boolean): string {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1', memory: '64Mi' } } }],
          ...(tolerate ? { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] } : {}),
        },
      },
    },
  };
  const policy = {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace: 'default' },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name }],
      placement: {
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Weighted',
          weightPreference: { dynamicWeight: 'AvailableReplicas' },
        },
      },
    },
  };
  return `${stringify(deployment)}---\n${stringify(policy)}`;
}

const replicasOf = (targets: readonly TargetJson[] | undefined, name: string): number => targets?.find((t) => t.name === name)?.replicas ?? 0;

describe('accurate scheduler estimator over members with tainted nodes', { timeout: 300_000 }, () => {
  let plane: KarmadaProcess;
  const members = new Map<string, KarmadaProcess>();
  const dirs: string[] = [];
  let kubectl: Kubectl;
  let work: string;

  const memberKubectl = (name: string): Kubectl => new Kubectl(members.get(name)?.kubeconfig ?? '', join(work, `cache-${name}`));

  const scheduled = (name: string): Promise<BindingJson> =>
    eventually(
      `binding ${name} scheduled`,
      () => kubectl.json<BindingJson>(['get', 'resourcebinding', `${name}-deployment`, '-n', 'default']),
      (b) => b.status?.conditions?.some((c) => c.type === 'Scheduled' && c.status === 'True') === true && (b.spec.clusters ?? []).length > 0,
      30_000,
    );

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-estimator-'));
    const started = await Promise.all([
      startKarmada(['up', '--members', '0', '--port', '0', '--storage', 'memory:', '--cluster-status-update-frequency', '2s']),
      ...MEMBERS.map((m) => {
        const dir = tempDataDir(`karmada-e2e-${m.name}-`);
        dirs.push(dir);
        return startKarmada(['member', '--name', m.name, '--port', '0', '--nodes', m.nodes, '--node-cpu', m.cpu], { dataDir: dir });
      }),
    ]);
    plane = started[0] as KarmadaProcess;
    MEMBERS.forEach((m, i) => members.set(m.name, started[i + 1] as KarmadaProcess));
    kubectl = new Kubectl(plane.kubeconfig, join(work, 'cache'));
    // Taint every node of "tainted" before it joins, as a dedicated pool would be.
    await memberKubectl('tainted').ok(['taint', 'nodes', '--all', 'dedicated=batch:NoSchedule']);
    for (const m of MEMBERS) {
      await ok(karmadactl(plane.kubeconfig, ['join', m.name, '--cluster-kubeconfig', members.get(m.name)?.kubeconfig ?? '']), `join ${m.name}`);
    }
    await eventually(
      'clusters Ready with resource summaries',
      () => kubectl.json<{ items: ClusterJson[] }>(['get', 'clusters']),
      (list) =>
        list.items.filter(
          (c) =>
            c.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true &&
            c.status.resourceSummary?.allocatable?.['cpu'] !== undefined,
        ).length === MEMBERS.length,
    );
    // The estimator lists each member's nodes and pods as soon as the Cluster appears; give the
    // lists a moment beyond the first status round (until then a cluster falls back to the general estimate).
    await new Promise((r) => setTimeout(r, 2000));
  });

  after(async () => {
    await Promise.all([...members.values()].map((m) => m.kill()));
    await plane?.stop();
    for (const dir of [plane?.dataDir, ...dirs, work]) if (dir !== undefined) removeDir(dir);
  });

  test('replicas without a toleration go only where a node takes them, and run there', async () => {
    const path = writeFileIn(work, 'plain.yaml', workload('plain', 3, false));
    // karmadactl's dry run reads the members' nodes and pods through the cluster proxy, as the scheduler's estimator does.
    const dry = JSON.parse(await ok(karmadactl(plane.kubeconfig, ['schedule', '--dry-run', '-f', path, '-o', 'json']), 'schedule --dry-run')) as DryRunJson;
    assert.deepEqual(
      dry.clusters,
      [{ name: 'open', replicas: 3 }],
      `the dry run skips the tainted nodes too: ${JSON.stringify(dry.outcome.explanation?.clusters)}`,
    );

    await kubectl.ok(['apply', '-f', path]);
    const b = await scheduled('plain');
    assert.deepEqual(b.spec.clusters, [{ name: 'open', replicas: 3 }], `the scheduler skips the tainted nodes: ${JSON.stringify(b.spec.clusters)}`);
    const pods = await eventually(
      'plain pods Running on open',
      () => memberKubectl('open').json<PodListJson>(['get', 'pods', '-n', 'default', '-l', 'app=plain']),
      (list) => list.items.length === 3 && list.items.every((p) => p.status?.phase === 'Running'),
      60_000,
    );
    assert.equal(pods.items.length, 3);
  });

  test('tolerating replicas may use the tainted nodes', async () => {
    // "open" has 1 CPU left after the first test; 5 replicas need the tainted member's 8.
    await kubectl.ok(['apply', '-f', writeFileIn(work, 'tolerant.yaml', workload('tolerant', 5, true))]);
    const b = await scheduled('tolerant');
    const total = (b.spec.clusters ?? []).reduce((n, t) => n + (t.replicas ?? 0), 0);
    assert.equal(total, 5);
    assert.ok(replicasOf(b.spec.clusters, 'tainted') >= 4, `most replicas land on the tainted member: ${JSON.stringify(b.spec.clusters)}`);
    await eventually(
      'tolerant pods Running on tainted',
      () => memberKubectl('tainted').json<PodListJson>(['get', 'pods', '-n', 'default', '-l', 'app=tolerant']),
      (list) => list.items.length === replicasOf(b.spec.clusters, 'tainted') && list.items.every((p) => p.status?.phase === 'Running'),
      60_000,
    );
  });
});
