import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import type { KubeObject } from '../../api/object.js';
import { createResourceInterpreter } from '../default-interpreter.js';
import type { ResourceInterpreterRequest } from './interpreter-context.js';
import { ruleMatches } from './rule-matcher.js';
import { patchField, startTestWebhookServer, type TestWebhookServer } from './testing/test-webhook-server.js';
import type { ResourceInterpreterWebhookConfiguration, ResourceInterpreterWebhook } from './webhook-configuration.js';
import { WebhookCallError, WebhookInterpreter } from './webhook-interpreter.js';

const pool = (size: number, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'example.io/v1',
  kind: 'Pool',
  metadata: { name: 'p', namespace: 'default' },
  spec: { workers: { count: size } },
  ...extra,
});

const readyOf = (status: unknown): number => (typeof status === 'object' && status !== null ? Number((status as Record<string, unknown>)['ready'] ?? 0) : 0);

/** What the test hook answers, per operation (a Pool keeps its replicas at .spec.workers.count). */
function answer(request: ResourceInterpreterRequest, path: string): Record<string, unknown> | undefined {
  const spec = request.object['spec'] as { workers: { count: number } };
  switch (request.operation) {
    case 'InterpretReplica':
      if (path === '/other') return { replicas: 99 };
      return { replicas: spec.workers.count, replicaRequirements: { resourceRequest: { cpu: '100m' } } };
    case 'ReviseReplica':
      return patchField([{ op: 'replace', path: '/spec/workers/count', value: request.replicas }]);
    case 'Retain': {
      const observed = request.observedObject?.['spec'] as { paused?: boolean } | undefined;
      return observed?.paused === undefined ? {} : patchField([{ op: 'add', path: '/spec/paused', value: observed.paused }]);
    }
    case 'AggregateStatus': {
      const ready = (request.aggregatedStatus ?? []).reduce((sum, item) => sum + readyOf(item.status), 0);
      return patchField([{ op: 'add', path: '/status', value: { ready, clusters: (request.aggregatedStatus ?? []).length } }]);
    }
    case 'InterpretStatus':
      return { rawStatus: { ready: readyOf(request.object['status']) } };
    case 'InterpretHealth':
      return { healthy: readyOf(request.object['status']) >= spec.workers.count };
    case 'InterpretDependency':
      return { dependencies: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'pool-config' }] };
    default:
      return undefined;
  }
}

function hook(server: TestWebhookServer, overrides: Partial<ResourceInterpreterWebhook> = {}): ResourceInterpreterWebhook {
  return {
    name: 'pools.example.io',
    clientConfig: { url: `${server.origin}/interpret`, caBundle: server.caBundle },
    rules: [{ operations: ['*'], apiGroups: ['example.io'], apiVersions: ['v1'], kinds: ['Pool'] }],
    interpreterContextVersions: ['v1alpha1'],
    ...overrides,
  };
}

function configuration(name: string, webhooks: ResourceInterpreterWebhook[]): ResourceInterpreterWebhookConfiguration {
  return { apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterWebhookConfiguration', metadata: { name }, webhooks };
}

describe('webhook rules', () => {
  const target = { apiVersion: 'example.io/v1', kind: 'Pool' };
  const cases: { name: string; rule: Parameters<typeof ruleMatches>[0]; operation: InterpreterOperation; want: boolean }[] = [
    {
      name: 'exact',
      rule: { operations: ['InterpretReplica'], apiGroups: ['example.io'], apiVersions: ['v1'], kinds: ['Pool'] },
      operation: 'InterpretReplica',
      want: true,
    },
    {
      name: 'other operation',
      rule: { operations: ['InterpretReplica'], apiGroups: ['example.io'], apiVersions: ['v1'], kinds: ['Pool'] },
      operation: 'Retain',
      want: false,
    },
    { name: 'wildcards', rule: { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], kinds: ['*'] }, operation: 'AggregateStatus', want: true },
    { name: 'other group', rule: { operations: ['*'], apiGroups: ['apps'], apiVersions: ['*'], kinds: ['*'] }, operation: 'Retain', want: false },
    { name: 'other version', rule: { operations: ['*'], apiGroups: ['*'], apiVersions: ['v2'], kinds: ['*'] }, operation: 'Retain', want: false },
    { name: 'other kind', rule: { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], kinds: ['Widget'] }, operation: 'Retain', want: false },
    { name: 'empty lists match nothing', rule: { operations: ['*'] }, operation: 'Retain', want: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(ruleMatches(c.rule, target, c.operation), c.want));
  }
  it('matches the core group as the empty string', () => {
    assert.equal(ruleMatches({ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], kinds: ['Pod'] }, { apiVersion: 'v1', kind: 'Pod' }, 'Retain'), true);
  });
});

describe('WebhookInterpreter over HTTPS', () => {
  let server: TestWebhookServer;
  let layer: WebhookInterpreter;

  before(async () => {
    server = await startTestWebhookServer(answer, { dnsNames: ['pool-hook.hooks.svc'] });
    layer = new WebhookInterpreter();
    layer.load([configuration('pools', [hook(server)])]);
  });
  after(async () => {
    layer.close();
    await server.close();
  });

  it('reads replicas and requirements from the answer, sending a v1alpha1 ResourceInterpreterContext', async () => {
    const result = await layer.getReplicas(pool(5));
    assert.deepEqual(result, { handled: true, value: { replicas: 5, requirements: { resourceRequest: { cpu: '100m' } } } });
    const last = server.requests.at(-1);
    assert.equal(last?.path, '/interpret');
    assert.equal(last?.request.operation, 'InterpretReplica');
    assert.deepEqual(last?.request.kind, { group: 'example.io', version: 'v1', kind: 'Pool' });
    assert.equal(last?.request.name, 'p');
    assert.equal(last?.request.namespace, 'default');
    assert.equal(last?.request.replicas, 0);
    assert.match(last?.request.uid ?? '', /^[0-9a-f-]{36}$/);
  });

  it('applies the JSON patch of ReviseReplica to the object sent', async () => {
    const object = pool(6);
    const result = await layer.reviseReplica(object, 2);
    assert.equal(result.handled, true);
    assert.deepEqual(result.handled && result.value['spec'], { workers: { count: 2 } });
    assert.deepEqual(object['spec'], { workers: { count: 6 } }, 'the input is not modified');
    assert.equal(server.requests.at(-1)?.request.replicas, 2);
  });

  it('sends the observed object for Retain; an empty answer keeps the desired object', async () => {
    const kept = await layer.retain(pool(3), pool(3, { spec: { workers: { count: 3 }, paused: true } }));
    assert.deepEqual(kept.handled && kept.value['spec'], { workers: { count: 3 }, paused: true });
    assert.deepEqual(server.requests.at(-1)?.request.observedObject?.['spec'], { workers: { count: 3 }, paused: true });
    const unchanged = await layer.retain(pool(3), pool(3));
    assert.deepEqual(unchanged.handled && unchanged.value, pool(3));
  });

  it('aggregates status with the members’ statuses sent along', async () => {
    const items = [
      { clusterName: 'member1', status: { ready: 1 }, applied: true },
      { clusterName: 'member2', status: { ready: 2 }, applied: true },
    ];
    const result = await layer.aggregateStatus(pool(3), items);
    assert.deepEqual(result.handled && result.value['status'], { ready: 3, clusters: 2 });
    assert.deepEqual(server.requests.at(-1)?.request.aggregatedStatus, items);
    await layer.aggregateStatus(pool(3), undefined);
    assert.equal(server.requests.at(-1)?.request.aggregatedStatus, undefined, 'no items: the field is omitted');
  });

  it('answers status, health and dependencies from their fields', async () => {
    const observed = pool(2, { status: { ready: 2, extra: 'x' } });
    assert.deepEqual(await layer.reflectStatus(observed), { handled: true, value: { ready: 2 } });
    assert.deepEqual(await layer.interpretHealth(observed), { handled: true, value: true });
    assert.deepEqual(await layer.interpretHealth(pool(3, { status: { ready: 1 } })), { handled: true, value: false });
    assert.deepEqual(await layer.getDependencies(observed), {
      handled: true,
      value: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'pool-config' }],
    });
  });

  it('does not handle kinds or operations no rule names', async () => {
    const other = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
    assert.equal(layer.hookEnabled({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), false);
    assert.deepEqual(await layer.getReplicas(other), { handled: false });
    const narrow = new WebhookInterpreter();
    narrow.load([
      configuration('pools', [hook(server, { rules: [{ operations: ['InterpretHealth'], apiGroups: ['example.io'], apiVersions: ['*'], kinds: ['Pool'] }] })]),
    ]);
    assert.equal(narrow.hookEnabled({ apiVersion: 'example.io/v1', kind: 'Pool' }, 'InterpretHealth'), true);
    assert.equal(narrow.hookEnabled({ apiVersion: 'example.io/v1', kind: 'Pool' }, 'InterpretReplica'), false);
    narrow.close();
  });

  it('calls the first matching hook by <configuration>/<hook> name', async () => {
    const two = new WebhookInterpreter();
    two.load([
      configuration('z-config', [hook(server, { name: 'a.example.io' })]),
      configuration('a-config', [hook(server, { name: 'z.example.io', clientConfig: { url: `${server.origin}/other`, caBundle: server.caBundle } })]),
    ]);
    assert.deepEqual(two.hookNames(), ['a-config/z.example.io', 'z-config/a.example.io']);
    const result = await two.getReplicas(pool(5));
    assert.deepEqual(result.handled && result.value.replicas, 99);
    two.close();
  });

  it('reaches a hook through an ExternalName Service, checking the certificate against <name>.<namespace>.svc', async () => {
    const viaService = new WebhookInterpreter({
      services: async (namespace, name) =>
        namespace === 'hooks' && name === 'pool-hook'
          ? { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ExternalName', externalName: '127.0.0.1' } }
          : undefined,
    });
    viaService.load([
      configuration('pools', [
        hook(server, { clientConfig: { service: { namespace: 'hooks', name: 'pool-hook', port: server.port, path: '/svc' }, caBundle: server.caBundle } }),
      ]),
    ]);
    const result = await viaService.getReplicas(pool(4));
    assert.deepEqual(result.handled && result.value.replicas, 4);
    assert.equal(server.requests.at(-1)?.path, '/svc');
    viaService.close();
  });

  it('fails when the certificate is not signed by the caBundle', async () => {
    const other = await startTestWebhookServer(answer, { freshCa: true });
    const wrongCa = new WebhookInterpreter();
    wrongCa.load([configuration('pools', [hook(server, { clientConfig: { url: `${server.origin}/interpret`, caBundle: other.caBundle } })])]);
    await assert.rejects(
      wrongCa.getReplicas(pool(1)),
      (e: unknown) =>
        e instanceof WebhookCallError && /failed calling webhook "pools\/pools.example.io": failed to call webhook: .*certificate/i.test(e.message),
    );
    wrongCa.close();
    await other.close();
  });
});

describe('WebhookInterpreter failures', () => {
  const cases: {
    name: string;
    handler: Parameters<typeof startTestWebhookServer>[0];
    operation: 'getReplicas' | 'reviseReplica' | 'interpretHealth';
    message: RegExp;
  }[] = [
    {
      name: 'an unsuccessful answer',
      handler: () => undefined,
      operation: 'getReplicas',
      message: /webhook call failed, get status code: 500, msg: the test webhook declined/,
    },
    {
      name: 'no replicas',
      handler: () => ({}),
      operation: 'getReplicas',
      message: /received invalid webhook response: webhook returned nil response.replicas/,
    },
    { name: 'no healthy field', handler: () => ({}), operation: 'interpretHealth', message: /webhook returned nil response.healthy/ },
    {
      name: 'a patch without patchType',
      handler: () => ({ patch: patchField([]).patch }),
      operation: 'reviseReplica',
      message: /webhook returned nil response.patchType/,
    },
    {
      name: 'a patch of another type',
      handler: () => ({ ...patchField([]), patchType: 'MergePatch' }),
      operation: 'reviseReplica',
      message: /invalid response.patchType of "MergePatch"/,
    },
    {
      name: 'a patch that does not apply',
      handler: () => patchField([{ op: 'replace', path: '/spec/missing/x', value: 1 }]),
      operation: 'reviseReplica',
      message: /could not apply the returned patch/,
    },
  ];
  for (const c of cases) {
    it(`fails the operation on ${c.name}`, async () => {
      const server = await startTestWebhookServer(c.handler);
      const layer = new WebhookInterpreter();
      layer.load([configuration('pools', [hook(server)])]);
      const call = c.operation === 'reviseReplica' ? layer.reviseReplica(pool(1), 2) : layer[c.operation](pool(1));
      await assert.rejects(call, (e: unknown) => e instanceof WebhookCallError && c.message.test(e.message));
      layer.close();
      await server.close();
    });
  }

  it('fails a call that outlives timeoutSeconds', async () => {
    const server = await startTestWebhookServer(async () => {
      await new Promise((r) => setTimeout(r, 3000));
      return { replicas: 1 };
    });
    const layer = new WebhookInterpreter();
    layer.load([configuration('pools', [hook(server, { timeoutSeconds: 1 })])]);
    const started = performance.now();
    await assert.rejects(layer.getReplicas(pool(1)), /context deadline exceeded/);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 900 && elapsed < 2000, `failed after ${elapsed} ms`);
    assert.equal(server.requests.length, 1);
    layer.close();
    await server.close();
  });

  it('refuses to call a hook that accepts no context version we know', async () => {
    const server = await startTestWebhookServer(answer);
    const layer = new WebhookInterpreter();
    layer.load([configuration('pools', [hook(server, { interpreterContextVersions: ['v2'] })])]);
    await assert.rejects(
      layer.getReplicas(pool(1)),
      /could not create ResourceInterpreterContext objects: webhook does not accept known ResourceInterpreterContext versions/,
    );
    assert.equal(server.requests.length, 0);
    layer.close();
    await server.close();
  });

  it('checks that the answer carries the request uid', async () => {
    const layer = new WebhookInterpreter({ post: async () => ({ response: { uid: 'someone-else', successful: true, replicas: 1 } }), newUid: () => 'mine' });
    layer.load([
      configuration('pools', [
        {
          name: 'h.example.io',
          clientConfig: { url: 'https://127.0.0.1:1/x' },
          rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], kinds: ['*'] }],
          interpreterContextVersions: ['v1alpha1'],
        },
      ]),
    ]);
    await assert.rejects(layer.getReplicas(pool(1)), /expected response.uid "mine", got "someone-else"/);
  });
});

describe('the webhook layer among the others', () => {
  it('answers after customizations and before the native rules', async () => {
    const server = await startTestWebhookServer(answer);
    const { interpreter, webhooks, customizations } = createResourceInterpreter({ thirdPartyDirectory: false });
    webhooks.load([
      configuration('pools', [hook(server, { rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], kinds: ['Pool', 'Deployment'] }] })]),
    ]);
    assert.equal(interpreter.answeringLayer({ apiVersion: 'example.io/v1', kind: 'Pool' }, 'InterpretReplica'), 'webhook');
    // Deployments: the webhook is asked before the native rules.
    assert.equal(interpreter.answeringLayer({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), 'webhook');
    assert.deepEqual(await interpreter.getReplicas(pool(7)), { replicas: 7, requirements: { resourceRequest: { cpu: '100m' } } });
    customizations.load([
      {
        apiVersion: 'config.karmada.io/v1alpha1',
        kind: 'ResourceInterpreterCustomization',
        metadata: { name: 'pool' },
        spec: {
          target: { apiVersion: 'example.io/v1', kind: 'Pool' },
          customizations: { replicaResource: { luaScript: 'function GetReplicas(obj) return 42, nil end' } },
        },
      },
    ]);
    assert.equal(interpreter.answeringLayer({ apiVersion: 'example.io/v1', kind: 'Pool' }, 'InterpretReplica'), 'customization');
    assert.deepEqual(await interpreter.getReplicas(pool(7)), { replicas: 42 });
    webhooks.load([]);
    assert.equal(interpreter.answeringLayer({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), 'native');
    webhooks.close();
    await server.close();
  });
});
