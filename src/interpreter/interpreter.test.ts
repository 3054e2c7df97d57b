import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../api/object.js';
import type { InterpreterOperation } from '../api/config/interpreter-operation.js';
import { handled, LayeredInterpreter, NOT_HANDLED, type InterpreterLayer, type LayerResult } from './interpreter.js';
import { InterpreterNotFoundError, typeKey, type AggregatedStatusItem, type TypeRef } from './types.js';
import { createResourceInterpreter } from './default-interpreter.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A layer that handles InterpretHealth for the kinds it is given and records what it saw. */
function fakeLayer(name: string, kinds: string[], answer: boolean, seen: string[] = []): InterpreterLayer {
  const mine = (object: KubeObject) => kinds.includes(typeKey({ apiVersion: object.apiVersion ?? '', kind: object.kind ?? '' }));
  const not = (): LayerResult<never> => NOT_HANDLED;
  return {
    name,
    hookEnabled: (target: TypeRef, op: InterpreterOperation) => op === 'InterpretHealth' && kinds.includes(typeKey(target)),
    getReplicas: not,
    reviseReplica: not,
    retain: not,
    aggregateStatus: (_object: KubeObject, items: readonly AggregatedStatusItem[] | undefined) => {
      seen.push(items === undefined ? 'nil' : String(items.length));
      return NOT_HANDLED;
    },
    reflectStatus: not,
    interpretHealth: (object: KubeObject) => {
      if (!mine(object)) return NOT_HANDLED;
      seen.push(name);
      return handled(answer);
    },
    getDependencies: not,
    getComponents: not,
  };
}

const widget: KubeObject = { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w' } };
const W = 'example.io/v1, Kind=Widget';

describe('LayeredInterpreter', () => {
  it('asks customization, webhook, third-party, native in that order', async () => {
    const seen: string[] = [];
    const interpreter = new LayeredInterpreter({
      native: fakeLayer('native', [W], false, seen),
      thirdParty: fakeLayer('thirdparty', [W], false, seen),
      webhook: fakeLayer('webhook', [W], true, seen),
      customization: fakeLayer('customization', [], false, seen),
    });
    assert.deepEqual(interpreter.layers.map((l) => l.name), ['customization', 'webhook', 'thirdparty', 'native']);
    assert.equal(await interpreter.interpretHealth(widget), true);
    assert.deepEqual(seen, ['webhook']);
    assert.equal(interpreter.answeringLayer({ apiVersion: 'example.io/v1', kind: 'Widget' }, 'InterpretHealth'), 'webhook');
    assert.equal(interpreter.hookEnabled({ apiVersion: 'example.io/v1', kind: 'Widget' }, 'InterpretHealth'), true);
    assert.equal(interpreter.hookEnabled({ apiVersion: 'example.io/v1', kind: 'Widget' }, 'Retain'), false);
  });
  it('fails with InterpreterNotFoundError when no layer answers', async () => {
    const interpreter = new LayeredInterpreter({ native: fakeLayer('native', [], true) });
    await assert.rejects(interpreter.interpretHealth(widget), InterpreterNotFoundError);
  });
  it('returns a layer error instead of asking the next layer', async () => {
    const failing: InterpreterLayer = {
      ...fakeLayer('customization', [W], true),
      interpretHealth: () => {
        throw new Error('script failed');
      },
    };
    const interpreter = new LayeredInterpreter({ customization: failing, native: fakeLayer('native', [W], true) });
    await assert.rejects(interpreter.interpretHealth(widget), /script failed/);
  });
  it('passes an empty status list as nil, as a binding without aggregated status', async () => {
    const seen: string[] = [];
    const interpreter = new LayeredInterpreter({ native: fakeLayer('native', [], true, seen) });
    await assert.rejects(interpreter.aggregateStatus(widget, []));
    await assert.rejects(interpreter.aggregateStatus(widget, [{ clusterName: 'a' }]));
    assert.deepEqual(seen, ['nil', '1']);
  });
});

// Karmada's third-party scripts stay in ../shared; the bundled layer is pointed at them here.
const SHARED_THIRDPARTY = fileURLToPath(new URL('../../../shared/conformance/karmada-thirdparty/', import.meta.url));

describe('createResourceInterpreter', { skip: existsSync(SHARED_THIRDPARTY) ? false : 'no shared conformance data' }, () => {
  const { interpreter, customizations } = createResourceInterpreter({ lua: { timeoutMs: 300 }, thirdPartyDirectory: SHARED_THIRDPARTY });
  const cloneSet: KubeObject = {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'CloneSet',
    metadata: { name: 'c', namespace: 'ns' },
    spec: { replicas: 4, template: { spec: { containers: [{ name: 'c' }] } } },
  };
  it('answers built-in kinds natively and bundled CRDs from the third-party layer', async () => {
    assert.equal(interpreter.answeringLayer({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), 'native');
    assert.equal(interpreter.answeringLayer({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' }, 'InterpretReplica'), 'thirdparty');
    assert.equal((await interpreter.getReplicas(cloneSet)).replicas, 4);
  });
  it('lets a user customization override the bundled one', async () => {
    customizations.load([
      {
        apiVersion: 'config.karmada.io/v1alpha1',
        kind: 'ResourceInterpreterCustomization',
        metadata: { name: 'mine' },
        spec: { target: { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' }, customizations: { replicaResource: { luaScript: 'function GetReplicas(o) return 1 end' } } },
      },
    ]);
    assert.equal(interpreter.answeringLayer({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' }, 'InterpretReplica'), 'customization');
    assert.deepEqual(await interpreter.getReplicas(cloneSet), { replicas: 1 });
    customizations.load([]);
    assert.equal((await interpreter.getReplicas(cloneSet)).replicas, 4);
  });
  it('reflects the whole status of kinds nobody knows', async () => {
    assert.deepEqual(await interpreter.reflectStatus({ apiVersion: 'x.io/v1', kind: 'Thing', metadata: {}, status: { a: 1 } }), { a: 1 });
  });
});
