import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startKarmada, type KarmadaProcess } from '../framework/karmada-process.js';
import { Kubectl } from '../framework/kubectl.js';
import { writeFileIn } from '../framework/work-files.js';

const VALID_PP = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: nginx, namespace: apps}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: nginx}
  placement:
    clusterAffinity: {clusterNames: [member1, member2]}
    replicaScheduling: {replicaSchedulingType: Divided}
    spreadConstraints: [{maxGroups: 2}]
`;

const INVALID_PP = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: broken, namespace: apps}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment}
  placement:
    clusterAffinity: {clusterNames: [member1]}
    clusterAffinities: [{affinityName: primary, clusterNames: [member1]}]
    spreadConstraints: [{spreadByField: cluster, minGroups: 3, maxGroups: 2}]
`;

const INVALID_OP = `apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: broken, namespace: apps}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: nginx}
  overrideRules:
  - targetCluster: {clusterNames: [member1]}
    overriders:
      plaintext:
      - {path: spec/replicas, operator: replace, value: 3}
      fieldOverrider:
      - fieldPath: /data/config.yaml
        yaml: [{subPath: /a, operator: remove}]
        json: [{subPath: /a, operator: remove}]
`;

const VALID_OP = `apiVersion: policy.karmada.io/v1alpha1
kind: OverridePolicy
metadata: {name: nginx, namespace: apps}
spec:
  resourceSelectors:
  - {apiVersion: apps/v1, kind: Deployment, name: nginx}
  overrideRules:
  - targetCluster: {clusterNames: [member1]}
    overriders:
      imageOverrider: [{component: Registry, operator: replace, value: registry.example.com}]
`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A Gadget is a thing with a size.
        properties:
          spec:
            type: object
            description: The desired gadget.
            properties:
              size: {type: integer, description: Size of the gadget in centimetres.}
`;

describe('Karmada admission and field docs with the real kubectl (karmada up --members 0)', { timeout: 300_000 }, () => {
  let plane: KarmadaProcess;
  let kubectl: Kubectl;
  let work: string;

  before(async () => {
    plane = await startKarmada(['up', '--members', '0', '--port', '0']);
    work = mkdtempSync(join(tmpdir(), 'karmada-e2e-admission-'));
    kubectl = new Kubectl(plane.kubeconfig, join(work, 'cache'));
    await kubectl.ok(['create', 'namespace', 'apps']);
  });

  after(async () => {
    await plane.stop();
    removeDir(plane.dataDir);
    removeDir(work);
  });

  const file = (name: string, text: string): string => writeFileIn(work, name, text);

  test("an invalid PropagationPolicy is refused with Karmada's messages", async () => {
    const result = await kubectl.run(['apply', '-f', file('pp-bad.yaml', INVALID_PP)]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /The PropagationPolicy "broken" is invalid/);
    assert.match(result.stderr, /spec\.placement: Invalid value: .*: clusterAffinities cannot co-exist with clusterAffinity/);
    assert.match(result.stderr, /spec\.placement\.spreadConstraints\[0\]: Invalid value: .*: maxGroups lower than minGroups is not allowed/);
    assert.equal((await kubectl.run(['get', 'pp', 'broken', '-n', 'apps'])).code, 1);
  });

  test("an invalid OverridePolicy is refused with Karmada's messages", async () => {
    const result = await kubectl.run(['apply', '-f', file('op-bad.yaml', INVALID_OP)]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /The OverridePolicy "broken" is invalid/);
    assert.match(
      result.stderr,
      /spec\.overrideRules\[0\]\.overriders\.plaintext\[0\]\.path: Invalid value: "spec\/replicas": JSON pointer must be empty or start with a "\/"/,
    );
    assert.match(
      result.stderr,
      /spec\.overrideRules\[0\]\.overriders\.fieldOverrider\[0\]: Invalid value: .*: FieldOverrider has both YAML and JSON set\. Only one is allowed/,
    );
  });

  test("unknown fields of a Karmada kind are refused under kubectl's strict validation", async () => {
    const result = await kubectl.run(['apply', '-f', file('op-unknown.yaml', VALID_OP.replace('overrideRules:', 'colour: blue\n  overrideRules:'))]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /strict decoding error: unknown field "spec\.colour"/);
  });

  test("a valid PropagationPolicy is stored with Karmada's defaults filled", async () => {
    assert.match(await kubectl.ok(['apply', '-f', file('pp.yaml', VALID_PP)]), /propagationpolicy.policy.karmada.io\/nginx created/);
    const pp = await kubectl.json<{ metadata: { labels: Record<string, string> }; spec: Record<string, unknown> }>(['get', 'pp', 'nginx', '-n', 'apps']);
    assert.match(pp.metadata.labels['propagationpolicy.karmada.io/permanent-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(pp.spec['resourceSelectors'], [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'apps' }]);
    assert.deepEqual(pp.spec['placement'], {
      clusterAffinity: { clusterNames: ['member1', 'member2'] },
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' },
      spreadConstraints: [{ maxGroups: 2, minGroups: 1, spreadByField: 'cluster' }],
    });
    assert.equal(pp.spec['conflictResolution'], 'Abort');
    assert.equal(pp.spec['preemption'], 'Never');
    assert.equal(pp.spec['priority'], 0);
    assert.equal(pp.spec['schedulerName'], 'default-scheduler');
    assert.match(await kubectl.ok(['apply', '-f', file('op.yaml', VALID_OP)]), /overridepolicy.policy.karmada.io\/nginx created/);
  });

  test('the permanent id of a PropagationPolicy cannot be changed', async () => {
    const result = await kubectl.run(['label', 'pp', 'nginx', '-n', 'apps', '--overwrite', 'propagationpolicy.karmada.io/permanent-id=mine']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /label propagationpolicy\.karmada\.io\/permanent-id is immutable, it can only be set by the system during creation/);
  });

  test('kubectl explain prints field docs of a built-in kind', async () => {
    const out = await kubectl.ok(['explain', 'deployment.spec.strategy']);
    assert.match(out, /^FIELD: strategy <DeploymentStrategy>$/m);
    assert.match(out, /The deployment strategy to use to replace existing pods with new ones\./);
    assert.match(out, /^ {2}rollingUpdate\t<RollingUpdateDeployment>$/m);
    assert.match(out, /^ {2}type\t<string>$/m);
  });

  test('kubectl explain prints field docs of a Karmada kind', async () => {
    const out = await kubectl.ok(['explain', 'propagationpolicy.spec.placement']);
    assert.match(out, /^KIND: {7}PropagationPolicy$/m);
    assert.match(out, /Placement represents the rule for select clusters to propagate resources\./);
    assert.match(out, /^ {2}clusterAffinity\t<Object>$/m);
    assert.match(out, /^ {2}spreadConstraints\t<\[\]Object>$/m);
    const cluster = await kubectl.ok(['explain', 'cluster.spec.syncMode']);
    assert.match(cluster, /SyncMode describes how a cluster syncs resources from karmada control plane\./);
  });

  test('kubectl explain prints field docs of CustomResourceDefinition itself', async () => {
    const out = await kubectl.ok(['explain', 'crd.spec.versions']);
    assert.match(out, /^KIND: {7}CustomResourceDefinition$/m);
    assert.match(out, /^ {2}additionalPrinterColumns\t<\[\]Object>$/m);
    assert.match(out, /^ {2}served\t<boolean> -required-$/m);
    const scale = await kubectl.ok(['explain', 'crd.spec.versions.subresources.scale.specReplicasPath']);
    assert.match(scale, /JSON path inside the custom resource for Scale spec\.replicas/);
  });

  test('kubectl explain prints field docs of a CRD kind', async () => {
    await kubectl.ok(['apply', '-f', file('crd.yaml', CRD)]);
    let out = '';
    for (let attempt = 0; attempt < 20 && !/Size of the gadget/.test(out); attempt++) {
      const result = await kubectl.run(['explain', 'gadget.spec']);
      out = result.stdout;
      if (!/Size of the gadget/.test(out)) await new Promise((r) => setTimeout(r, 250));
    }
    assert.match(out, /The desired gadget\./);
    assert.match(out, /^ {2}size\t<integer>$/m);
    assert.match(out, /Size of the gadget in centimetres\./);
  });
});
