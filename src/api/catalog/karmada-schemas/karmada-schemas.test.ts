import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { validateAgainstSchema } from '../../../apiserver/crd/crd-validator.js';
import { applyDefaults, pruneUnknown } from '../../../apiserver/crd/structural-schema.js';
import type { KubeObject } from '../../object.js';
import { ResourceCatalog } from '../catalog.js';
import { KARMADA_RESOURCES } from '../karmada-resources.js';
import { attachKarmadaSchemas, karmadaSchema } from './index.js';

const SAMPLES = new URL('../../../../../shared/conformance/karmada-samples/', import.meta.url);

function schemaOf(object: KubeObject): Record<string, unknown> {
  const [group, version] = (object.apiVersion ?? '').split('/');
  const schema = karmadaSchema(group ?? '', version ?? '', object.kind ?? '');
  assert.ok(schema, `${object.apiVersion} ${object.kind}`);
  return { ...schema };
}

describe('Karmada schemas', () => {
  it('exist for every Karmada kind but the aggregated ResourceRegistry and the old ResourceBinding version', () => {
    const missing = KARMADA_RESOURCES.filter((r) => karmadaSchema(r.group, r.version, r.kind) === undefined).map((r) => `${r.group}/${r.version}/${r.kind}`);
    assert.deepEqual(missing.sort(), [
      'search.karmada.io/v1alpha1/ResourceRegistry',
      'work.karmada.io/v1alpha1/ClusterResourceBinding',
      'work.karmada.io/v1alpha1/ResourceBinding',
    ]);
  });

  it('are attached to the catalog entries', () => {
    const catalog = ResourceCatalog.withDefaults();
    attachKarmadaSchemas(catalog);
    const schema = catalog.openAPIV3Schema('policy.karmada.io', 'v1alpha1', 'PropagationPolicy');
    assert.match(String(schema?.['description']), /PropagationPolicy represents the policy/);
    assert.ok(catalog.openAPIV3Schema('cluster.karmada.io', 'v1alpha1', 'Cluster'));
  });

  it('accept Karmada\'s sample policies unchanged', () => {
    for (const dir of readdirSync(SAMPLES)) {
      for (const file of readdirSync(new URL(`${dir}/`, SAMPLES))) {
        for (const doc of parseAllDocuments(readFileSync(join(SAMPLES.pathname, dir, file), 'utf8'))) {
          const object = doc.toJS() as KubeObject | null;
          if (object === null || !String(object.apiVersion).includes('karmada.io')) continue;
          const schema = schemaOf(object);
          const copy = structuredClone(object);
          assert.deepEqual(pruneUnknown(copy, schema), [], `${dir}/${file}`);
          applyDefaults(copy, schema);
          assert.deepEqual(validateAgainstSchema(copy, schema), [], `${dir}/${file}`);
        }
      }
    }
  });

  it('accept Karmada\'s third-party interpreter customizations unchanged', () => {
    const root = new URL('../../../../../shared/conformance/karmada-thirdparty/', import.meta.url);
    let checked = 0;
    for (const group of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const version of readdirSync(new URL(`${group.name}/`, root))) {
        for (const kind of readdirSync(new URL(`${group.name}/${version}/`, root))) {
          const text = readFileSync(new URL(`${group.name}/${version}/${kind}/customizations.yaml`, root), 'utf8');
          for (const doc of parseAllDocuments(text)) {
            const object = doc.toJS() as KubeObject | null;
            if (object === null) continue;
            const schema = schemaOf(object);
            assert.deepEqual(pruneUnknown(structuredClone(object), schema), [], `${group.name}/${version}/${kind}`);
            assert.deepEqual(validateAgainstSchema(object, schema), [], `${group.name}/${version}/${kind}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 20, `checked ${checked}`);
  });

  it('validate enums, types and required fields', () => {
    const pp: KubeObject = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'p' },
      spec: { resourceSelectors: [{ kind: 'Deployment' }], placement: { replicaScheduling: { replicaSchedulingType: 'Spread' } }, priority: 'high' },
    };
    const errors = validateAgainstSchema(pp, schemaOf(pp)).map((e) => `${e.field}: ${e.detail}`);
    assert.ok(errors.includes('spec.resourceSelectors[0].apiVersion: Required value'), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('spec.placement.replicaScheduling.replicaSchedulingType: Unsupported value: "Spread"')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('spec.priority: Invalid value: "high"')), errors.join('\n'));
  });

  it('keep embedded manifests of Works and prune unknown fields around them', () => {
    const work: KubeObject = {
      apiVersion: 'work.karmada.io/v1alpha1',
      kind: 'Work',
      metadata: { name: 'w' },
      spec: { workload: { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }] }, extra: true },
    };
    assert.deepEqual(pruneUnknown(work, schemaOf(work)), ['spec.extra']);
    assert.deepEqual((work['spec'] as { workload: unknown }).workload, { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }] });
  });
});
