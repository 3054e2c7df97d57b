import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ResourceInterpreterCustomization } from '../api/config/resource-interpreter-customization.js';
import type { KubeObject } from '../api/object.js';
import { FakeApiServer } from '../client/fake-api-server.js';
import { createResourceInterpreter, type AssembledInterpreter } from './default-interpreter.js';
import { CUSTOMIZATION_TYPE, LiveInterpreterConfig, serviceLookup } from './live-customizations.js';
import { WEBHOOK_CONFIGURATION_TYPE, type ResourceInterpreterWebhookConfiguration } from './webhook/webhook-configuration.js';

const POOL = { apiVersion: 'example.io/v1', kind: 'Pool' };
const pool: KubeObject = { ...POOL, metadata: { name: 'p', namespace: 'default' }, spec: { size: 4, paused: false } };

function ric(name: string, rules: ResourceInterpreterCustomization['spec']['customizations']): ResourceInterpreterCustomization {
  return { ...CUSTOMIZATION_TYPE, metadata: { name }, spec: { target: POOL, customizations: rules } };
}

const replicasFrom = (field: string): ResourceInterpreterCustomization['spec']['customizations'] => ({
  replicaResource: { luaScript: `function GetReplicas(obj)\n  return obj.spec.${field}, nil\nend` },
});

async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('LiveInterpreterConfig', () => {
  let api: FakeApiServer;
  let assembled: AssembledInterpreter;
  let live: LiveInterpreterConfig;

  beforeEach(async () => {
    api = new FakeApiServer();
    api.addResource({
      group: 'config.karmada.io',
      version: 'v1alpha1',
      resource: 'resourceinterpretercustomizations',
      kind: 'ResourceInterpreterCustomization',
      namespaced: false,
    });
    api.addResource({
      group: 'config.karmada.io',
      version: 'v1alpha1',
      resource: 'resourceinterpreterwebhookconfigurations',
      kind: 'ResourceInterpreterWebhookConfiguration',
      namespaced: false,
    });
    await api.client.create(CUSTOMIZATION_TYPE, ric('pool-replicas', replicasFrom('size')));
    assembled = createResourceInterpreter({ thirdPartyDirectory: false });
    live = new LiveInterpreterConfig({ client: api.client, customizations: assembled.customizations, webhooks: assembled.webhooks });
    live.start();
    assert.equal(await live.waitForSync(), true);
  });

  afterEach(async () => {
    await live.stop();
    assembled.webhooks.close();
    api.close();
  });

  it('loads what exists before the first call, compiled in advance', async () => {
    const { interpreter, runtime } = assembled;
    assert.equal(interpreter.answeringLayer(POOL, 'InterpretReplica'), 'customization');
    const compiles = runtime.stats.compiles;
    assert.equal(compiles, 1);
    for (let i = 0; i < 5; i++) assert.deepEqual(await interpreter.getReplicas(pool), { replicas: 4 });
    assert.equal(runtime.stats.compiles, compiles, 'calls never compile');
  });

  it('follows creations, updates and deletions', async () => {
    const { interpreter } = assembled;
    assert.equal(interpreter.hookEnabled(POOL, 'InterpretHealth'), false);
    await api.client.create(
      CUSTOMIZATION_TYPE,
      ric('pool-health', { healthInterpretation: { luaScript: 'function InterpretHealth(obj) return obj.spec.paused == false end' } }),
    );
    await eventually(() => assert.equal(interpreter.hookEnabled(POOL, 'InterpretHealth'), true));
    assert.equal(await interpreter.interpretHealth(pool), true);

    const current = await api.client.get<ResourceInterpreterCustomization>(CUSTOMIZATION_TYPE, 'pool-replicas');
    await api.client.update(CUSTOMIZATION_TYPE, { ...current, spec: { ...current.spec, customizations: replicasFrom('size * 2') } });
    await eventually(async () => assert.deepEqual(await interpreter.getReplicas(pool), { replicas: 8 }));

    await api.client.delete(CUSTOMIZATION_TYPE, 'pool-health');
    await eventually(() => assert.equal(interpreter.hookEnabled(POOL, 'InterpretHealth'), false));
  });

  it('reloading unchanged scripts compiles nothing', async () => {
    const { runtime } = assembled;
    const before = runtime.stats.compiles;
    const loads = live.stats.customizationLoads;
    // An unrelated customization changes: the set is reloaded, the old script is reused.
    await api.client.create(CUSTOMIZATION_TYPE, {
      ...ric('other', replicasFrom('size')),
      spec: { target: { apiVersion: 'v1', kind: 'Other' }, customizations: replicasFrom('size') },
    });
    await eventually(() => assert.ok(live.stats.customizationLoads > loads));
    assert.equal(runtime.stats.compiles, before, 'the same script text is compiled once');
  });

  it('keeps a script that does not compile in place so that its operation fails clearly', async () => {
    const current = await api.client.get<ResourceInterpreterCustomization>(CUSTOMIZATION_TYPE, 'pool-replicas');
    await api.client.update(CUSTOMIZATION_TYPE, {
      ...current,
      spec: { ...current.spec, customizations: { replicaResource: { luaScript: 'function GetReplicas(obj) return (' } } },
    });
    await eventually(() => assert.ok(assembled.customizations.rulesFor(POOL)?.single.replicaResource?.script.includes('return (')));
    await assert.rejects(assembled.interpreter.getReplicas(pool), /pool-replicas\/replicaResource/);
  });

  it('follows webhook configurations', async () => {
    const { interpreter, webhooks } = assembled;
    const configuration: ResourceInterpreterWebhookConfiguration = {
      ...WEBHOOK_CONFIGURATION_TYPE,
      metadata: { name: 'hooks' },
      webhooks: [
        {
          name: 'pools.example.io',
          clientConfig: { url: 'https://127.0.0.1:1/x' },
          rules: [{ operations: ['InterpretHealth'], apiGroups: ['example.io'], apiVersions: ['v1'], kinds: ['Pool'] }],
          interpreterContextVersions: ['v1alpha1'],
        },
      ],
    };
    await api.client.create(WEBHOOK_CONFIGURATION_TYPE, configuration);
    await eventually(() => assert.deepEqual(webhooks.hookNames(), ['hooks/pools.example.io']));
    assert.equal(interpreter.answeringLayer(POOL, 'InterpretHealth'), 'webhook');
    await api.client.delete(WEBHOOK_CONFIGURATION_TYPE, 'hooks');
    await eventually(() => assert.deepEqual(webhooks.hookNames(), []));
  });

  it('looks Services up through the client; a missing one is undefined', async () => {
    await api.client.create(
      { apiVersion: 'v1', kind: 'Service' },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hook', namespace: 'hooks' }, spec: { type: 'ExternalName', externalName: 'localhost' } },
    );
    const lookup = serviceLookup(api.client);
    assert.equal((await lookup('hooks', 'hook'))?.metadata.name, 'hook');
    assert.equal(await lookup('hooks', 'missing'), undefined);
  });
});
