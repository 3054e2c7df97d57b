import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { PropagationPolicy } from '../../api/policy/propagation-policy.js';
import { isNotFound } from '../../client/api-error.js';
import type { FakeApiServer } from '../../client/fake-api-server.js';
import { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import { LayeredInterpreter } from '../../interpreter/interpreter.js';
import { NativeInterpreter } from '../../interpreter/native/native-interpreter.js';
import { CPP_REF, CRB_REF, PP_REF, RB_REF, type AnyBinding } from '../shared/binding-types.js';
import { eventually, fakeControlPlane, fakeResourceSource } from '../testing/fake-plane.js';
import { ResourceDetector } from './detector.js';

const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };
const NS = { apiVersion: 'v1', kind: 'Namespace' };

function deployment(name: string, labels: Record<string, string> = {}, replicas = 3): KubeObject {
  return {
    ...DEPLOY,
    metadata: { name, namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } },
    },
  };
}

function policy(name: string, spec: Partial<PropagationPolicy['spec']> = {}): PropagationPolicy {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name, namespace: 'default' },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      ...spec,
    },
  };
}

async function getBinding(server: FakeApiServer, name: string, namespace = 'default'): Promise<AnyBinding> {
  return server.client.get<AnyBinding>(namespace === '' ? CRB_REF : RB_REF, name, namespace === '' ? {} : { namespace });
}

describe('resource detector', () => {
  let server: FakeApiServer;
  let stop: AbortController;
  let done: Promise<void>;
  let factory: SharedInformerFactory;

  beforeEach(async () => {
    server = fakeControlPlane();
    factory = new SharedInformerFactory(server.client);
    const detector = new ResourceDetector({
      client: server.client,
      informers: factory,
      resources: fakeResourceSource(),
      interpreter: new LayeredInterpreter({ native: new NativeInterpreter() }),
    });
    factory.start();
    stop = new AbortController();
    done = detector.start(stop.signal);
  });

  const shutdown = async (): Promise<void> => {
    stop.abort();
    await done;
    await factory.stop();
  };

  it('claims a template and builds its ResourceBinding', async () => {
    await server.client.create(PP_REF, policy('web-pp', { propagateDeps: true, conflictResolution: 'Overwrite' }));
    const created = await server.client.create(DEPLOY, deployment('web'));
    const rb = await eventually(() => getBinding(server, 'web-deployment'), 5000, 'binding');
    const pp = await server.client.get<PropagationPolicy>(PP_REF, 'web-pp', { namespace: 'default' });
    const id = pp.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'];
    assert.ok(id, 'policy got a permanent id');
    assert.ok(pp.metadata.finalizers?.includes('karmada.io/propagation-policy-controller'));
    assert.deepEqual(rb.spec.resource, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', uid: created.metadata.uid, resourceVersion: rb.spec.resource.resourceVersion });
    assert.equal(rb.spec.replicas, 3);
    assert.deepEqual(rb.spec.replicaRequirements?.resourceRequest, { cpu: '100m' });
    assert.deepEqual(rb.spec.placement, { clusterAffinity: { clusterNames: ['member1'] } });
    assert.equal(rb.spec.propagateDeps, true);
    assert.equal(rb.spec.conflictResolution, 'Overwrite');
    assert.equal(rb.spec.schedulerName, 'default-scheduler');
    assert.equal(rb.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'], id);
    assert.ok(rb.metadata.labels?.['resourcebinding.karmada.io/permanent-id']);
    assert.deepEqual(rb.metadata.annotations, { 'propagationpolicy.karmada.io/namespace': 'default', 'propagationpolicy.karmada.io/name': 'web-pp' });
    assert.deepEqual(rb.metadata.finalizers, ['karmada.io/binding-controller']);
    assert.deepEqual(rb.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const template = await server.client.get(DEPLOY, 'web', { namespace: 'default' });
    assert.equal(template.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'], id);
    assert.equal(template.metadata.annotations?.['propagationpolicy.karmada.io/name'], 'web-pp');

    // Scaling the template updates the binding but keeps the scheduler's result.
    await server.client.patch(RB_REF, 'web-deployment', { spec: { clusters: [{ name: 'member1', replicas: 3 }] } }, { type: 'merge', namespace: 'default' });
    await server.client.patch(DEPLOY, 'web', { spec: { replicas: 5 } }, { type: 'merge', namespace: 'default' });
    await eventually(async () => assert.equal((await getBinding(server, 'web-deployment')).spec.replicas, 5));
    assert.deepEqual((await getBinding(server, 'web-deployment')).spec.clusters, [{ name: 'member1', replicas: 3 }]);
    await shutdown();
  });

  it('keeps unmatched templates waiting until a policy appears', async () => {
    await server.client.create(DEPLOY, deployment('lonely'));
    await new Promise((r) => setTimeout(r, 200));
    await assert.rejects(getBinding(server, 'lonely-deployment'), isNotFound);
    await server.client.create(PP_REF, policy('late'));
    await eventually(() => getBinding(server, 'lonely-deployment'), 5000, 'binding after policy');
    await shutdown();
  });

  it('picks by explicit priority, then name match, and preempts only with preemption Always', async () => {
    await server.client.create(PP_REF, policy('low', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] }));
    await server.client.create(DEPLOY, deployment('web'));
    await eventually(async () => assert.equal((await getBinding(server, 'web-deployment')).metadata.annotations?.['propagationpolicy.karmada.io/name'], 'low'));
    // A higher priority policy without preemption does not take the template.
    await server.client.create(PP_REF, policy('high', { priority: 10 }));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await getBinding(server, 'web-deployment')).metadata.annotations?.['propagationpolicy.karmada.io/name'], 'low');
    // With preemption it does.
    await server.client.create(PP_REF, policy('preempt', { priority: 20, preemption: 'Always', placement: { clusterAffinity: { clusterNames: ['member2'] } } }));
    await eventually(async () => {
      const rb = await getBinding(server, 'web-deployment');
      assert.equal(rb.metadata.annotations?.['propagationpolicy.karmada.io/name'], 'preempt');
      assert.deepEqual(rb.spec.placement, { clusterAffinity: { clusterNames: ['member2'] } });
    });
    // A new template picks the highest explicit priority at once.
    await server.client.create(DEPLOY, deployment('other'));
    await eventually(async () => assert.equal((await getBinding(server, 'other-deployment')).metadata.annotations?.['propagationpolicy.karmada.io/name'], 'preempt'));
    await shutdown();
  });

  it('releases templates when the policy is deleted or stops selecting them; the binding stays', async () => {
    await server.client.create(PP_REF, policy('p', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { team: 'a' } } }] }));
    await server.client.create(DEPLOY, deployment('web', { team: 'a' }));
    await server.client.create(DEPLOY, deployment('api', { team: 'a' }));
    await eventually(() => getBinding(server, 'web-deployment'));
    await eventually(() => getBinding(server, 'api-deployment'));
    // Narrow the policy: api is released.
    const p = await server.client.get<PropagationPolicy>(PP_REF, 'p', { namespace: 'default' });
    p.spec.resourceSelectors = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }];
    await server.client.update(PP_REF, p);
    await eventually(async () => {
      const t = await server.client.get(DEPLOY, 'api', { namespace: 'default' });
      assert.equal(t.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'], undefined);
      const rb = await getBinding(server, 'api-deployment');
      assert.equal(rb.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'], undefined);
      assert.equal(rb.metadata.annotations?.['propagationpolicy.karmada.io/name'], undefined);
    });
    // Delete the policy: web is released, the policy's finalizer is removed and it goes away.
    await server.client.delete(PP_REF, 'p', { namespace: 'default' });
    await eventually(async () => {
      await assert.rejects(server.client.get(PP_REF, 'p', { namespace: 'default' }), isNotFound);
      const t = await server.client.get(DEPLOY, 'web', { namespace: 'default' });
      assert.equal(t.metadata.labels?.['propagationpolicy.karmada.io/permanent-id'], undefined);
      assert.equal((await getBinding(server, 'web-deployment')).metadata.labels?.['propagationpolicy.karmada.io/permanent-id'], undefined);
    });
    await shutdown();
  });

  it('deletes the binding of a deleted template, and claims cluster-scoped templates with a ClusterPropagationPolicy', async () => {
    await server.client.create(CPP_REF, {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'all-ns' },
      spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Namespace' }, { apiVersion: 'apps/v1', kind: 'Deployment' }] },
    });
    await server.client.create(NS, { ...NS, metadata: { name: 'team' } });
    const crb = await eventually(() => getBinding(server, 'team-namespace', ''), 5000, 'crb');
    assert.equal(crb.metadata.annotations?.['clusterpropagationpolicy.karmada.io/name'], 'all-ns');
    assert.deepEqual(crb.metadata.finalizers, ['karmada.io/cluster-resource-binding-controller']);
    assert.ok(crb.metadata.labels?.['clusterresourcebinding.karmada.io/permanent-id']);
    // A namespaced template falls back to the ClusterPropagationPolicy.
    await server.client.create(DEPLOY, deployment('web'));
    const rb = await eventually(() => getBinding(server, 'web-deployment'));
    assert.ok(rb.metadata.labels?.['clusterpropagationpolicy.karmada.io/permanent-id']);
    // Deleting the template deletes the binding (finalizer first: the binding controller removes it).
    await server.client.delete(DEPLOY, 'web', { namespace: 'default' });
    await eventually(async () => assert.ok((await getBinding(server, 'web-deployment')).metadata.deletionTimestamp));
    await shutdown();
  });
});
