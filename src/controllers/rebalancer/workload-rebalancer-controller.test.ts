import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isNotFound } from '../../client/api-error.js';
import { DEFAULT_FAKE_RESOURCES, FakeApiServer } from '../../client/fake-api-server.js';
import { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import { CRB_REF, RB_REF, type AnyBinding } from '../shared/binding-types.js';
import { eventually } from '../testing/fake-plane.js';
import {
  REASON_REFERENCED_BINDING_NOT_FOUND,
  WORKLOAD_REBALANCER_REF,
  WorkloadRebalancerController,
  type WorkloadRebalancer,
} from './workload-rebalancer-controller.js';

function binding(name: string, namespace?: string): AnyBinding {
  return {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: namespace === undefined ? 'ClusterResourceBinding' : 'ResourceBinding',
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    spec: { resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: name.replace(/-\w+$/, ''), ...(namespace === undefined ? {} : { namespace }) } },
  } as AnyBinding;
}

describe('WorkloadRebalancer controller', () => {
  const server = new FakeApiServer({
    resources: [
      ...DEFAULT_FAKE_RESOURCES,
      {
        group: 'apps.karmada.io',
        version: 'v1alpha1',
        resource: 'workloadrebalancers',
        kind: 'WorkloadRebalancer',
        namespaced: false,
        statusSubresource: true,
      },
    ],
  });
  const factory = new SharedInformerFactory(server.client);
  const stop = new AbortController();
  let done: Promise<void>;

  before(() => {
    const controller = new WorkloadRebalancerController({ client: server.client, informers: factory });
    factory.start();
    done = controller.start(stop.signal);
  });

  after(async () => {
    stop.abort();
    await done;
    await factory.stop();
  });

  it('triggers fresh rescheduling of each listed workload and records the results', async () => {
    await server.client.create(RB_REF, binding('web-deployment', 'default'), { namespace: 'default' });
    await server.client.create(CRB_REF, binding('reader-clusterrole'));
    const created = await server.client.create<WorkloadRebalancer>(WORKLOAD_REBALANCER_REF, {
      apiVersion: 'apps.karmada.io/v1alpha1',
      kind: 'WorkloadRebalancer',
      metadata: { name: 'rebalance' },
      spec: {
        workloads: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' },
          { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' },
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'missing', namespace: 'default' },
        ],
      },
    });
    const finished = await eventually(async () => {
      const r = await server.client.get<WorkloadRebalancer>(WORKLOAD_REBALANCER_REF, 'rebalance');
      assert.ok(r.status?.finishTime !== undefined);
      return r;
    });
    assert.deepEqual(
      finished.status?.observedWorkloads?.map((o) => [o.workload.name, o.result, o.reason]),
      [
        ['web', 'Successful', undefined],
        ['reader', 'Successful', undefined],
        ['missing', 'Failed', REASON_REFERENCED_BINDING_NOT_FOUND],
      ],
    );
    assert.equal(finished.status?.observedGeneration, finished.metadata.generation);
    const rb = await server.client.get<AnyBinding>(RB_REF, 'web-deployment', { namespace: 'default' });
    const crb = await server.client.get<AnyBinding>(CRB_REF, 'reader-clusterrole');
    assert.equal(rb.spec.rescheduleTriggeredAt, created.metadata.creationTimestamp);
    assert.equal(crb.spec.rescheduleTriggeredAt, created.metadata.creationTimestamp);
  });

  it('deletes a finished rebalancer after ttlSecondsAfterFinished', async () => {
    await server.client.create<WorkloadRebalancer>(WORKLOAD_REBALANCER_REF, {
      apiVersion: 'apps.karmada.io/v1alpha1',
      kind: 'WorkloadRebalancer',
      metadata: { name: 'short-lived' },
      spec: { workloads: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' }], ttlSecondsAfterFinished: 0 },
    });
    await eventually(async () => {
      const gone = await server.client.get(WORKLOAD_REBALANCER_REF, 'short-lived').then(
        () => false,
        (err: unknown) => isNotFound(err),
      );
      assert.ok(gone, 'the rebalancer is deleted');
    });
  });
});
