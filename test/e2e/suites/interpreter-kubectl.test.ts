/**
 * The resource interpreter end to end, with `karmada up --members 3` and the real kubectl:
 *
 * - a CRD of our own (Widget) keeps its replicas at `.spec.size`; a ResourceInterpreterCustomization
 *   applied with kubectl teaches Karmada its replicas, revision, health and status aggregation;
 *   static weights 1:2:3 divide a Widget of size 6 as 1/2/3, the members' statuses (set through
 *   the status subresource: the simulated members run no controller for Widgets) are aggregated
 *   into the template, and `kubectl get` shows them;
 * - admission refuses a customization whose Lua does not compile, and one that redefines an
 *   operation, with a 422 naming the field;
 * - a Widget whose revision script loops forever fails within the 1 s limit with a clear event
 *   and a False FullyApplied condition, while another Widget keeps propagating;
 * - an interpreter webhook served by this test (HTTPS, its own CA) answers for another CRD
 *   (Gadget, replicas at `.spec.workers.count`): it divides by weight and aggregates status.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { patchField, startTestWebhookServer, type TestWebhookServer } from '../../../src/interpreter/webhook/testing/test-webhook-server.js';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';

const MEMBERS = ['member1', 'member2', 'member3'];
const GROUP = 'e2e.karmada-ts.io';

/** Set by the suite: what the control plane says, printed when a wait fails. */
let explain: () => Promise<string> = async () => '';

async function eventually<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const details = await explain().catch((e: unknown) => String(e));
  throw new Error(
    `${what}: not reached in ${timeoutMs} ms (last: ${JSON.stringify(last)}${error === undefined ? '' : `, error: ${String(error)}`})\n${details}`,
  );
}

const crd = (kind: string, plural: string, columns: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.${GROUP}}
spec:
  group: ${GROUP}
  scope: Namespaced
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List}
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
${columns}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

const CRDS =
  crd(
    'Widget',
    'widgets',
    `    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Ready, type: integer, jsonPath: .status.readyReplicas}
    - {name: Members, type: integer, jsonPath: .status.members}`,
  ) +
  '---\n' +
  crd(
    'Gadget',
    'gadgets',
    `    - {name: Workers, type: integer, jsonPath: .spec.workers.count}
    - {name: Ready, type: integer, jsonPath: .status.readyWorkers}`,
  ) +
  `---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: e2e-crds}
spec:
  resourceSelectors:
  - {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, name: widgets.${GROUP}}
  - {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, name: gadgets.${GROUP}}
  placement:
    clusterAffinity: {clusterNames: [member1, member2, member3]}
`;

/** Lua in a YAML block scalar. */
const lua = (script: string): string =>
  script
    .trim()
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');

const CUSTOMIZATION = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: widget-interpreter}
spec:
  target: {apiVersion: ${GROUP}/v1alpha1, kind: Widget}
  customizations:
    replicaResource:
      luaScript: |
${lua(`
function GetReplicas(obj)
  local requirement = {resourceRequest = {cpu = "100m"}}
  return obj.spec.size, requirement
end`)}
    replicaRevision:
      luaScript: |
${lua(`
function ReviseReplica(obj, desiredReplica)
  local annotations = obj.metadata.annotations
  if annotations ~= nil and annotations["e2e.karmada-ts.io/spin"] == "true" then
    while true do end
  end
  obj.spec.size = desiredReplica
  return obj
end`)}
    healthInterpretation:
      luaScript: |
${lua(`
function InterpretHealth(observedObj)
  if observedObj.status == nil or observedObj.status.readyReplicas == nil then
    return false
  end
  return observedObj.status.readyReplicas >= observedObj.spec.size
end`)}
    statusAggregation:
      luaScript: |
${lua(`
function AggregateStatus(desiredObj, statusItems)
  if statusItems == nil then
    return desiredObj
  end
  local ready = 0
  for i = 1, #statusItems do
    local status = statusItems[i].status
    if status ~= nil and status.readyReplicas ~= nil then
      ready = ready + status.readyReplicas
    end
  end
  desiredObj.status = {readyReplicas = ready, members = #statusItems}
  return desiredObj
end`)}
`;

const policy = (kind: string, name: string): string => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: ${name}, namespace: default}
spec:
  resourceSelectors:
  - {apiVersion: ${GROUP}/v1alpha1, kind: ${kind}}
  placement:
    clusterAffinity: {clusterNames: [member1, member2, member3]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [member1]}, weight: 1}
        - {targetCluster: {clusterNames: [member2]}, weight: 2}
        - {targetCluster: {clusterNames: [member3]}, weight: 3}
`;

const widget = (name: string, size: number, spin = false): string => `apiVersion: ${GROUP}/v1alpha1
kind: Widget
metadata:
  name: ${name}
  namespace: default
${spin ? '  annotations: {e2e.karmada-ts.io/spin: "true"}\n' : ''}spec: {size: ${size}, color: blue}
`;

interface ClusterStatus {
  status?: { apiEnablements?: { groupVersion: string; resources?: { name: string }[] }[] };
}

interface Event {
  firstTimestamp?: string;
  reason?: string;
  message?: string;
  type?: string;
  involvedObject?: { kind?: string; name?: string };
}

describe('resource interpreter: customizations and webhooks with karmada up --members 3', { timeout: 600_000 }, () => {
  let karmada: KarmadaProcess;
  let kubectl: Kubectl;
  let members: Map<string, Kubectl>;
  let work: string;
  let hook: TestWebhookServer;

  const member = (name: string): Kubectl => members.get(name) as Kubectl;
  const apply = async (name: string, yaml: string): Promise<string> => {
    const file = join(work, `${name}.yaml`);
    writeFileSync(file, yaml);
    return kubectl.ok(['apply', '-f', file]);
  };
  const jsonpath = (k: Kubectl, args: readonly string[], path: string): Promise<string> => k.ok([...args, '-o', `jsonpath=${path}`]);
  const eventsOf = async (kind: string, name: string): Promise<Event[]> =>
    (await kubectl.json<{ items: Event[] }>(['get', 'events', '-n', 'default'])).items.filter(
      (e) => e.involvedObject?.kind === kind && e.involvedObject.name === name,
    );

  before(async () => {
    karmada = await startKarmada(['up', '--members', '3', '--port', '0', '--cluster-status-update-frequency', '2s'], { timeoutMs: 180_000 });
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-interpreter-'));
    kubectl = new Kubectl(karmada.kubeconfig, join(work, 'cache'));
    members = new Map(MEMBERS.map((m) => [m, new Kubectl(join(karmada.dataDir, 'members', `${m}.config`), join(work, `cache-${m}`))]));
    explain = async () => {
      const parts = await Promise.all([
        kubectl.run(['get', 'rb', '-n', 'default', '-o', 'yaml']),
        kubectl.run(['get', 'works', '-A']),
        kubectl.run(['get', 'events', '-n', 'default']),
      ]);
      return `${parts.map((p) => p.stdout + p.stderr).join('\n')}\n--- karmada output (tail) ---\n${karmada.output().slice(-6000)}`;
    };
    hook = await startTestWebhookServer((request) => {
      const spec = request.object['spec'] as { workers?: { count?: number } } | undefined;
      switch (request.operation) {
        case 'InterpretReplica':
          return { replicas: spec?.workers?.count ?? 0 };
        case 'ReviseReplica':
          return patchField([{ op: 'replace', path: '/spec/workers/count', value: request.replicas }]);
        case 'AggregateStatus': {
          let ready = 0;
          for (const item of request.aggregatedStatus ?? []) {
            const status = item.status as { readyWorkers?: number } | undefined;
            ready += status?.readyWorkers ?? 0;
          }
          return patchField([{ op: 'add', path: '/status', value: { readyWorkers: ready, aggregatedBy: 'webhook' } }]);
        }
        case 'InterpretHealth':
          return { healthy: true };
        default:
          return undefined;
      }
    });
    await apply('crds', CRDS);
    await eventually(
      'CRDs served',
      () => kubectl.run(['get', 'widgets,gadgets', '-A']),
      (r) => r.code === 0,
    );
    for (const m of MEMBERS) {
      await eventually(
        `CRDs propagated to ${m}`,
        () => member(m).run(['get', 'widgets,gadgets', '-A']),
        (r) => r.code === 0,
      );
    }
    // The scheduler only places a kind on clusters whose status lists it (apiEnablements).
    await eventually(
      'Widgets and Gadgets listed in every Cluster status',
      async () => (await kubectl.json<{ items: ClusterStatus[] }>(['get', 'clusters'])).items,
      (clusters) =>
        clusters.length === 3 &&
        clusters.every((c) => {
          const names = (c.status?.apiEnablements ?? [])
            .filter((e) => e.groupVersion === `${GROUP}/v1alpha1`)
            .flatMap((e) => (e.resources ?? []).map((r) => r.name));
          return names.includes('widgets') && names.includes('gadgets');
        }),
    );
  });

  after(async () => {
    await karmada?.stop();
    await hook?.close();
    if (karmada !== undefined) removeDir(karmada.dataDir);
    if (work !== undefined) removeDir(work);
  });

  test('a customization applied with kubectl divides a Widget by weight and aggregates its members’ statuses', async () => {
    await apply('customization', CUSTOMIZATION);
    await apply('widget-policy', policy('Widget', 'widgets'));
    await apply('alpha', widget('alpha', 6));
    const sizes = new Map([
      ['member1', '1'],
      ['member2', '2'],
      ['member3', '3'],
    ]);
    for (const [m, size] of sizes) {
      await eventually(
        `alpha in ${m} with size ${size}`,
        () => jsonpath(member(m), ['get', 'widget', 'alpha', '-n', 'default'], '{.spec.size}/{.spec.color}'),
        (v) => v === `${size}/blue`,
      );
    }
    const binding = await kubectl.json<{ spec: { replicas?: number; replicaRequirements?: { resourceRequest?: Record<string, string> } } }>([
      'get',
      'rb',
      'alpha-widget',
      '-n',
      'default',
    ]);
    assert.equal(binding.spec.replicas, 6, 'GetReplicas read .spec.size');
    assert.deepEqual(binding.spec.replicaRequirements?.resourceRequest, { cpu: '100m' });

    for (const [m, size] of sizes) {
      await member(m).ok([
        'patch',
        'widget',
        'alpha',
        '-n',
        'default',
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { readyReplicas: Number(size) } }),
      ]);
    }
    await eventually(
      'aggregated status on the template',
      () => jsonpath(kubectl, ['get', 'widget', 'alpha'], '{.status.readyReplicas}/{.status.members}'),
      (v) => v === '6/3',
    );
    const table = await kubectl.ok(['get', 'widgets']);
    assert.match(table, /^NAME\s+SIZE\s+READY\s+MEMBERS\s+/m);
    assert.match(table, /^alpha\s+6\s+6\s+3\s+/m);
    await eventually(
      'every member healthy',
      async () =>
        (await kubectl.json<{ status?: { aggregatedStatus?: { clusterName: string; health?: string }[] } }>(['get', 'rb', 'alpha-widget', '-n', 'default']))
          .status?.aggregatedStatus ?? [],
      (items) => items.length === 3 && items.every((i) => i.health === 'Healthy'),
    );
  });

  test('admission refuses Lua that does not compile and a second definition of an operation, naming the field', async () => {
    const broken = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: widget-broken}
spec:
  target: {apiVersion: ${GROUP}/v1alpha1, kind: Sprocket}
  customizations:
    replicaResource:
      luaScript: |
        function GetReplicas(obj) return obj.spec.size, ( end
`;
    const file = join(work, 'broken.yaml');
    writeFileSync(file, broken);
    const refused = await kubectl.run(['apply', '-f', file]);
    assert.notEqual(refused.code, 0);
    // kubectl words a 422 (StatusReasonInvalid) as "... is invalid: <field>: ...".
    assert.match(refused.stderr, /ResourceInterpreterCustomization "widget-broken" is invalid: .*spec\.customizations\.replicaResource\.luaScript/);
    const duplicate = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: widget-duplicate}
spec:
  target: {apiVersion: ${GROUP}/v1alpha1, kind: Widget}
  customizations:
    replicaResource:
      luaScript: |
        function GetReplicas(obj) return 1, nil end
`;
    writeFileSync(file, duplicate);
    const conflict = await kubectl.run(['apply', '-f', file]);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /"widget-duplicate" is invalid: .*spec\.customizations\.replicaResource/);
    assert.match(conflict.stderr, /widget-interpreter/);
  });

  test('an endless revision script fails its Widget within the time limit with an event and a condition; another Widget propagates', async () => {
    await apply('spinner', widget('spinner', 6, true));
    const failed = await eventually(
      'SyncWorkFailed event for spinner',
      () => eventsOf('Widget', 'spinner'),
      (events) => events.some((e) => e.reason === 'SyncWorkFailed'),
      60_000,
    );
    const event = failed.find((e) => e.reason === 'SyncWorkFailed');
    assert.equal(event?.type, 'Warning');
    assert.match(event?.message ?? '', /cluster member1: widget-interpreter\/replicaRevision: script exceeded the time limit of 1000ms/);
    // One call per target cluster, each stopped at 1 s: the failure follows the scheduling at once.
    const scheduled = failed.find((e) => e.reason === 'ScheduleBindingSucceed');
    if (scheduled?.firstTimestamp !== undefined && event?.firstTimestamp !== undefined) {
      const seconds = (Date.parse(event.firstTimestamp) - Date.parse(scheduled.firstTimestamp)) / 1000;
      assert.ok(seconds <= 5, `failed ${seconds} s after scheduling`);
    }
    await eventually(
      'FullyApplied=False on the spinner binding',
      async () =>
        (await kubectl.json<{ status?: { conditions?: { type: string; status: string }[] } }>(['get', 'rb', 'spinner-widget', '-n', 'default'])).status
          ?.conditions ?? [],
      (conditions) => conditions.some((c) => c.type === 'FullyApplied' && c.status === 'False'),
    );
    await apply('beta', widget('beta', 12));
    for (const [m, size] of [
      ['member1', '2'],
      ['member2', '4'],
      ['member3', '6'],
    ] as const) {
      await eventually(
        `beta in ${m}`,
        () => jsonpath(member(m), ['get', 'widget', 'beta', '-n', 'default'], '{.spec.size}'),
        (v) => v === size,
        60_000,
      );
    }
    for (const m of MEMBERS) {
      const r = await member(m).run(['get', 'widget', 'spinner', '-n', 'default']);
      assert.notEqual(r.code, 0, `spinner must not reach ${m}`);
    }
  });

  test('an interpreter webhook served by the test answers for Gadgets: replicas at .spec.workers.count, status aggregation', async () => {
    await apply(
      'hook',
      `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterWebhookConfiguration
metadata: {name: gadgets}
webhooks:
- name: gadgets.${GROUP}
  clientConfig:
    url: ${hook.origin}/interpret
    caBundle: ${hook.caBundle}
  rules:
  - operations: [InterpretReplica, ReviseReplica, AggregateStatus, InterpretHealth]
    apiGroups: [${GROUP}]
    apiVersions: [v1alpha1]
    kinds: [Gadget]
  interpreterContextVersions: [v1alpha1]
  timeoutSeconds: 5
`,
    );
    await apply('gadget-policy', policy('Gadget', 'gadgets'));
    await apply(
      'gadget',
      `apiVersion: ${GROUP}/v1alpha1
kind: Gadget
metadata: {name: gizmo, namespace: default}
spec: {workers: {count: 12, image: gizmo:1}}
`,
    );
    const counts = new Map([
      ['member1', 2],
      ['member2', 4],
      ['member3', 6],
    ]);
    for (const [m, count] of counts) {
      await eventually(
        `gizmo in ${m} with ${count} workers`,
        () => jsonpath(member(m), ['get', 'gadget', 'gizmo', '-n', 'default'], '{.spec.workers.count}'),
        (v) => v === String(count),
      );
    }
    const operations = new Set(hook.requests.map((r) => r.request.operation));
    assert.ok(operations.has('InterpretReplica') && operations.has('ReviseReplica'), [...operations].join(','));
    for (const [m, count] of counts) {
      await member(m).ok([
        'patch',
        'gadget',
        'gizmo',
        '-n',
        'default',
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { readyWorkers: count } }),
      ]);
    }
    await eventually(
      'aggregated by the webhook',
      () => jsonpath(kubectl, ['get', 'gadget', 'gizmo'], '{.status.readyWorkers}/{.status.aggregatedBy}'),
      (v) => v === '12/webhook',
    );
    assert.match(await kubectl.ok(['get', 'gadgets']), /^gizmo\s+12\s+12\s+/m);
    const aggregate = hook.requests.filter((r) => r.request.operation === 'AggregateStatus').at(-1);
    assert.deepEqual((aggregate?.request.aggregatedStatus ?? []).map((i) => i.clusterName).sort(), MEMBERS);
  });
});
