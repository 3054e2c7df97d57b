import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceCatalog } from '../../api/catalog/catalog.js';
import { builtinDefinition, builtinKindSchema, definitionNameOfType, typeNameOfDefinition } from './builtin-schemas.js';
import { buildGroupVersionDocument } from './group-version-document.js';
import { openAPISchemaHooks } from './schema-hooks.js';

type Schema = Record<string, unknown>;

function props(schema: Schema | undefined): Record<string, Schema> {
  return (schema?.['properties'] ?? {}) as Record<string, Schema>;
}

describe('built-in OpenAPI schemas', () => {
  it('names components as kube-apiserver does', () => {
    assert.equal(definitionNameOfType('k8s.io.api.apps.v1.DeploymentSpec'), 'io.k8s.api.apps.v1.DeploymentSpec');
    assert.equal(typeNameOfDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.Time'), 'k8s.io.apimachinery.pkg.apis.meta.v1.Time');
  });

  it('describes a kind with typed, documented, referenced fields', () => {
    const deployment = builtinKindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(deployment);
    assert.deepEqual(deployment['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    assert.deepEqual(Object.keys(props(deployment)), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    const spec = builtinDefinition('io.k8s.api.apps.v1.DeploymentSpec');
    const fields = props(spec);
    assert.deepEqual(fields['replicas']?.['type'], 'integer');
    assert.deepEqual(fields['replicas']?.['format'], 'int32');
    assert.deepEqual(fields['strategy']?.['allOf'], [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }]);
    assert.equal(fields['strategy']?.['x-kubernetes-patch-strategy'], 'retainKeys');
    assert.match(String(fields['strategy']?.['description']), /deployment strategy/);
  });

  it('maps lists, maps and markers', () => {
    const pod = props(builtinDefinition('io.k8s.api.core.v1.PodSpec'));
    assert.equal(pod['containers']?.['type'], 'array');
    assert.equal(pod['containers']?.['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(pod['containers']?.['x-kubernetes-list-type'], 'map');
    assert.deepEqual(pod['containers']?.['x-kubernetes-list-map-keys'], ['name']);
    assert.deepEqual(pod['nodeSelector']?.['additionalProperties'], { type: 'string', default: '' });
    assert.equal(pod['hostNetwork']?.['type'], 'boolean');
  });

  it('gives well-known types their JSON shapes', () => {
    assert.equal(builtinDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.Time')?.['format'], 'date-time');
    assert.equal(builtinDefinition('io.k8s.apimachinery.pkg.api.resource.Quantity')?.['x-kubernetes-int-or-string'], true);
    assert.equal(builtinDefinition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')?.['x-kubernetes-int-or-string'], true);
  });

  it('closes every $ref of a group/version document', () => {
    const catalog = ResourceCatalog.withDefaults();
    for (const [group, version] of [['apps', 'v1'], ['', 'v1'], ['batch', 'v1'], ['autoscaling', 'v2']] as const) {
      const document = buildGroupVersionDocument(catalog, group, version, openAPISchemaHooks());
      assert.ok(document);
      const refs = new Set<string>();
      JSON.stringify(document, (key, value: unknown) => {
        if (key === '$ref' && typeof value === 'string') refs.add(value.replace('#/components/schemas/', ''));
        return value;
      });
      const missing = [...refs].filter((name) => document.components.schemas[name] === undefined);
      assert.deepEqual(missing, [], `${group}/${version}`);
    }
  });
});
