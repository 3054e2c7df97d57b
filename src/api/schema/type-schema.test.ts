import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldDoc, typeDoc } from './docs.js';
import { builtinKinds, kindTypeName, parseApiVersion } from './kinds.js';
import { isScalarType, typeNames, typeSchema } from './type-schema.js';

describe('kindTypeName', () => {
  const cases: [string, string, string, string | undefined][] = [
    ['', 'v1', 'Namespace', 'k8s.io.api.core.v1.Namespace'],
    ['', 'v1', 'ConfigMapList', 'k8s.io.api.core.v1.ConfigMapList'],
    ['apps', 'v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment'],
    ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'k8s.io.api.rbac.v1.RoleBinding'],
    ['authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'k8s.io.api.authorization.v1.SelfSubjectAccessReview'],
    ['authentication.k8s.io', 'v1', 'TokenRequest', 'k8s.io.api.authentication.v1.TokenRequest'],
    ['autoscaling', 'v1', 'Scale', 'k8s.io.api.autoscaling.v1.Scale'],
    ['policy', 'v1', 'Eviction', 'k8s.io.api.policy.v1.Eviction'],
    ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'k8s.io.api.flowcontrol.v1.FlowSchema'],
    ['networking.k8s.io', 'v1', 'Ingress', 'k8s.io.api.networking.v1.Ingress'],
    ['meta.k8s.io', 'v1', 'Status', 'k8s.io.apimachinery.pkg.apis.meta.v1.Status'],
    ['apps', 'v1', 'DeleteOptions', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions'],
    // Not kinds: embedded-only messages and unknown groups.
    ['', 'v1', 'PodTemplateSpec', undefined],
    ['', 'v1', 'PodSpec', undefined],
    ['apps', 'v1beta1', 'Deployment', undefined],
    ['policy.karmada.io', 'v1alpha1', 'DeleteOptions', undefined],
  ];
  for (const [group, version, kind, want] of cases) {
    it(`${group || 'core'}/${version} ${kind}`, () => assert.equal(kindTypeName(group, version, kind), want));
  }

  it('lists every built-in kind once per group version', () => {
    const kinds = builtinKinds();
    const keys = kinds.map((k) => `${k.group}/${k.version}/${k.kind}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(kinds.some((k) => k.group === '' && k.version === 'v1' && k.kind === 'Secret'));
    for (const k of kinds) assert.ok(typeSchema(k.typeName), k.typeName);
  });

  it('parses apiVersion', () => {
    assert.deepEqual(parseApiVersion('v1'), { group: '', version: 'v1' });
    assert.deepEqual(parseApiVersion('apps/v1'), { group: 'apps', version: 'v1' });
  });
});

describe('typeSchema', () => {
  it('describes fields with numbers, types and flags', () => {
    const spec = typeSchema('k8s.io.api.apps.v1.DeploymentSpec');
    assert.ok(spec);
    const replicas = spec.fieldByNumber(1);
    assert.equal(replicas?.name, 'replicas');
    assert.equal(replicas?.type, 'int32');
    assert.equal(replicas?.optional, true);
    assert.equal(replicas?.omitZero, false);
    assert.equal(spec.fieldByName('paused')?.omitZero, true);
    const template = spec.fieldByName('template');
    assert.equal(template?.type, 'k8s.io.api.core.v1.PodTemplateSpec');
    assert.equal(template?.isMessage, true);
    assert.equal(spec.fieldByName('strategy')?.patchStrategy, 'retainKeys');
  });

  it('describes maps and repeated fields', () => {
    const secret = typeSchema('.k8s.io.api.core.v1.Secret');
    const data = secret?.fieldByName('data');
    assert.deepEqual([data?.map, data?.mapKeyType, data?.type, data?.repeated], [true, 'string', 'bytes', false]);
    const containers = typeSchema('k8s.io.api.core.v1.PodSpec')?.fieldByName('containers');
    assert.deepEqual(
      [containers?.repeated, containers?.type, containers?.listType, containers?.listMapKeys],
      [true, 'k8s.io.api.core.v1.Container', 'map', ['name']],
    );
  });

  it('looks through inline fields for JSON names', () => {
    const volume = typeSchema('k8s.io.api.core.v1.Volume');
    assert.ok(volume);
    const configMap = volume.jsonField('configMap');
    assert.equal(configMap?.owner.name, 'k8s.io.api.core.v1.VolumeSource');
    assert.equal(volume.jsonField('volumeSource'), undefined);
    assert.ok(volume.jsonFieldNames().includes('emptyDir'));
    const selector = typeSchema('k8s.io.api.core.v1.ConfigMapKeySelector');
    assert.deepEqual(selector?.jsonFieldNames(), ['name', 'key', 'optional']);
    const probe = typeSchema('k8s.io.api.core.v1.Probe');
    assert.equal(probe?.jsonField('httpGet')?.owner.name, 'k8s.io.api.core.v1.ProbeHandler');
  });

  it('marks list wrappers', () => {
    assert.equal(typeSchema('k8s.io.api.authorization.v1.ExtraValue')?.listWrapper, true);
    assert.equal(typeSchema('k8s.io.api.core.v1.DownwardAPIProjection')?.listWrapper, false);
  });

  it('answers undefined for unknown types', () => {
    assert.equal(typeSchema('k8s.io.api.core.v1.Nope'), undefined);
    assert.ok(typeNames().length > 500);
    assert.ok(isScalarType('int64'));
    assert.ok(!isScalarType('k8s.io.api.core.v1.Pod'));
  });
});

describe('docs', () => {
  it('gives type and field documentation without markers', () => {
    assert.equal(typeDoc('k8s.io.api.core.v1.PodSpec'), 'PodSpec is a description of a pod.');
    const doc = fieldDoc('k8s.io.api.core.v1.PodSpec', 'containers');
    assert.ok(doc?.startsWith('List of containers belonging to the pod.'));
    assert.ok(!doc?.includes('+patchMergeKey'));
    assert.equal(fieldDoc('k8s.io.api.core.v1.PodSpec', 'nope'), undefined);
    assert.equal(fieldDoc('k8s.io.api.core.v1.PodSpec', ''), undefined);
  });
});
