import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { KubeObject } from '../../api/object.js';
import { ensureServerPki } from '../../pki/pki-dir.js';
import type { Store } from '../../storage/storage.js';
import { openStore } from '../../storage/registry.js';
import { assembleApiServer, type AssembledApiServer } from '../assemble.js';
import { StatusError } from '../status-error.js';

/** Karmada admission and schemas through the assembled API server (memory storage). */
describe('Karmada kinds through the API server', () => {
  let dir = '';
  let store: Store;
  let apiserver: AssembledApiServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admission-'));
    store = await openStore('memory:');
    apiserver = assembleApiServer({ store, pki: ensureServerPki(dir, 'admission', ['127.0.0.1']), logger: pino({ level: 'silent' }) });
    await apiserver.start();
  });

  after(async () => {
    await apiserver.server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const info = (kind: string) => {
    const found = apiserver.catalog.all().find((i) => i.kind === kind);
    if (found === undefined) throw new Error(kind);
    return found;
  };

  async function refusal(promise: Promise<unknown>): Promise<StatusError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof StatusError) return error;
      throw error;
    }
    assert.fail('expected a refusal');
  }

  it('stores a PropagationPolicy with the CRD and webhook defaults', async () => {
    const pp: KubeObject = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'nginx' },
      spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }], placement: { replicaScheduling: {}, spreadConstraints: [{ maxGroups: 2 }] } },
    };
    const { object } = await apiserver.server.ops.create(info('PropagationPolicy'), 'default', pp);
    const spec = object['spec'] as Record<string, unknown>;
    assert.equal(spec['conflictResolution'], 'Abort');
    assert.equal(spec['preemption'], 'Never');
    assert.equal(spec['priority'], 0);
    assert.equal(spec['schedulerName'], 'default-scheduler');
    assert.deepEqual(spec['resourceSelectors'], [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' }]);
    assert.deepEqual(spec['placement'], {
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' },
      spreadConstraints: [{ maxGroups: 2, spreadByField: 'cluster', minGroups: 1 }],
    });
    assert.match(object.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'] ?? '', /^[0-9a-f-]{36}$/);
  });

  it('refuses an invalid PropagationPolicy with a 422 naming the field', async () => {
    const error = await refusal(
      apiserver.server.ops.create(info('PropagationPolicy'), 'default', {
        metadata: { name: 'bad' },
        spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }], placement: { spreadConstraints: [{ spreadByField: 'cluster', minGroups: 3, maxGroups: 2 }] } },
      }),
    );
    assert.equal(error.code, 422);
    assert.match(error.message, /^PropagationPolicy\.policy\.karmada\.io "bad" is invalid: spec\.placement\.spreadConstraints\[0\]: Invalid value: .*maxGroups lower than minGroups is not allowed/);
  });

  it('refuses schema violations of Karmada kinds', async () => {
    const error = await refusal(
      apiserver.server.ops.create(info('PropagationPolicy'), 'default', {
        metadata: { name: 'enum' },
        spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }], conflictResolution: 'Sometimes' },
      }),
    );
    assert.equal(error.code, 422);
    assert.match(error.message, /spec\.conflictResolution: Unsupported value: "Sometimes"/);
  });

  it('prunes unknown fields of Karmada kinds and refuses them under Strict', async () => {
    const op: KubeObject = {
      metadata: { name: 'op' },
      spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }], bogus: 1, overrideRules: [{ overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 2 }] } }] },
    };
    const { object, warnings } = await apiserver.server.ops.create(info('OverridePolicy'), 'default', structuredClone(op));
    assert.equal((object['spec'] as Record<string, unknown>)['bogus'], undefined);
    assert.deepEqual(warnings, ['unknown field "spec.bogus"']);
    const strict = await refusal(apiserver.server.ops.create(info('OverridePolicy'), 'default', { ...structuredClone(op), metadata: { name: 'op2' } }, { fieldValidation: 'Strict' }));
    assert.equal(strict.code, 400);
    assert.match(strict.message, /unknown field "spec.bogus"/);
  });

  it('refuses an invalid OverridePolicy with Karmada\'s message', async () => {
    const error = await refusal(
      apiserver.server.ops.create(info('OverridePolicy'), 'default', {
        metadata: { name: 'badop' },
        spec: { overrideRules: [{ overriders: { imageOverrider: [{ component: 'Tag', operator: 'replace', value: 'v2', predicate: { path: 'spec/image' } }] } }] },
      }),
    );
    assert.equal(error.code, 422);
    assert.match(error.message, /spec\.overrideRules\[0\]\.overriders\.imageOverrider\[0\]\.predicate\.path: Invalid value: "spec\/image": JSON pointer must be empty or start with a "\/"/);
  });

  it('prunes unknown Cluster fields and validates Clusters', async () => {
    const { object, warnings } = await apiserver.server.ops.create(info('Cluster'), '', {
      metadata: { name: 'member1' },
      spec: { syncMode: 'Push', apiEndpoint: 'https://127.0.0.1:6443', colour: 'blue' },
    });
    assert.deepEqual(warnings, ['unknown field "spec.colour"']);
    assert.equal((object['spec'] as Record<string, unknown>)['colour'], undefined);
    const error = await refusal(apiserver.server.ops.create(info('Cluster'), '', { metadata: { name: 'member2' }, spec: { syncMode: 'Sideways' } }));
    assert.equal(error.code, 422);
    assert.match(error.message, /spec\.syncMode: Unsupported value: "Sideways"/);
  });
});
