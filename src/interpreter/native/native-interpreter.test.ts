import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import type { LayerResult } from '../interpreter.js';
import type { AggregatedStatusItem } from '../types.js';
import { NativeInterpreter } from './native-interpreter.js';
import { RetainError } from './retain.js';

const native = new NativeInterpreter({ now: () => new Date('2025-01-02T03:04:05.678Z') });

function obj(apiVersion: string, kind: string, rest: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'ns', ...metadata }, ...rest };
}

function value<T>(result: LayerResult<T>): T {
  assert.ok(result.handled, 'expected the native layer to handle the call');
  return result.value;
}

const podTemplate = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '250m' } } }] } };

describe('native getReplicas', () => {
  const cases: [string, KubeObject, number][] = [
    ['Deployment', obj('apps/v1', 'Deployment', { spec: { replicas: 3, template: podTemplate } }), 3],
    ['Deployment without replicas', obj('apps/v1', 'Deployment', { spec: { template: podTemplate } }), 0],
    ['StatefulSet', obj('apps/v1', 'StatefulSet', { spec: { replicas: 2, template: podTemplate } }), 2],
    ['Job parallelism', obj('batch/v1', 'Job', { spec: { parallelism: 4, template: podTemplate } }), 4],
    ['Job capped by completions', obj('batch/v1', 'Job', { spec: { parallelism: 4, completions: 2, template: podTemplate } }), 2],
    ['Job completions above parallelism', obj('batch/v1', 'Job', { spec: { parallelism: 2, completions: 9, template: podTemplate } }), 2],
    ['Pod', obj('v1', 'Pod', { spec: podTemplate.spec }), 1],
  ];
  for (const [name, object, replicas] of cases) {
    it(name, () => assert.deepEqual(value(native.getReplicas(object)), { replicas, requirements: { resourceRequest: { cpu: '250m' } } }));
  }
  it('does not handle other kinds', () => {
    assert.equal(native.getReplicas(obj('apps/v1', 'DaemonSet')).handled, false);
    assert.equal(native.hookEnabled({ apiVersion: 'apps/v1', kind: 'DaemonSet' }, 'InterpretReplica'), false);
    assert.equal(native.hookEnabled({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), true);
  });
});

describe('native reviseReplica', () => {
  it('sets spec.replicas of a Deployment without touching the input', () => {
    const input = obj('apps/v1', 'Deployment', { spec: { replicas: 3 } });
    assert.deepEqual(value(native.reviseReplica(input, 7))['spec'], { replicas: 7 });
    assert.deepEqual(input['spec'], { replicas: 3 });
  });
  it('sets spec.parallelism of a Job', () => {
    assert.deepEqual(value(native.reviseReplica(obj('batch/v1', 'Job', { spec: { parallelism: 1 } }), 5))['spec'], { parallelism: 5 });
  });
  it('leaves an absent field absent, as Karmada does', () => {
    assert.deepEqual(value(native.reviseReplica(obj('apps/v1', 'StatefulSet', { spec: {} }), 5))['spec'], {});
  });
});

describe('native retain', () => {
  it('keeps the member Service cluster IPs and health check port', () => {
    const desired = obj('v1', 'Service', { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    const observed = obj('v1', 'Service', { spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], healthCheckNodePort: 31000 } });
    assert.deepEqual(value(native.retain(desired, observed))['spec'], {
      type: 'LoadBalancer',
      ports: [{ port: 80 }],
      clusterIP: '10.0.0.1',
      clusterIPs: ['10.0.0.1'],
      healthCheckNodePort: 31000,
    });
  });
  it('merges ServiceAccount secrets by name, desired first', () => {
    const desired = obj('v1', 'ServiceAccount', { secrets: [{ name: 'a' }], imagePullSecrets: [{ name: 'p' }] });
    const observed = obj('v1', 'ServiceAccount', { secrets: [{ name: 'token-1' }, { name: 'a' }] });
    const retained = value(native.retain(desired, observed));
    assert.deepEqual(retained['secrets'], [{ name: 'a' }, { name: 'token-1' }]);
    assert.deepEqual(retained['imagePullSecrets'], [{ name: 'p' }]);
  });
  it('keeps a PVC volumeName and a PV claimRef', () => {
    assert.deepEqual(value(native.retain(obj('v1', 'PersistentVolumeClaim', { spec: {} }), obj('v1', 'PersistentVolumeClaim', { spec: { volumeName: 'pv-1' } })))['spec'], { volumeName: 'pv-1' });
    assert.deepEqual(value(native.retain(obj('v1', 'PersistentVolume', { spec: {} }), obj('v1', 'PersistentVolume', { spec: { claimRef: { name: 'c' } } })))['spec'], { claimRef: { name: 'c' } });
  });
  it('keeps the Job selector and template labels the member added', () => {
    const desired = obj('batch/v1', 'Job', { spec: { template: { metadata: { labels: { app: 'a' } } } } });
    const observed = obj('batch/v1', 'Job', {
      spec: { selector: { matchLabels: { 'controller-uid': 'u' } }, template: { metadata: { labels: { app: 'a', 'controller-uid': 'u' } } } },
    });
    assert.deepEqual(value(native.retain(desired, observed))['spec'], {
      selector: { matchLabels: { 'controller-uid': 'u' } },
      template: { metadata: { labels: { app: 'a', 'controller-uid': 'u' } } },
    });
  });
  it('keeps a Pod node, service account, volumes and volume mounts', () => {
    const desired = obj('v1', 'Pod', { spec: { containers: [{ name: 'c', image: 'new' }], volumes: [{ name: 'v1' }] } });
    const observed = obj('v1', 'Pod', {
      spec: { nodeName: 'node-1', serviceAccountName: 'sa', volumes: [{ name: 'token' }], containers: [{ name: 'c', volumeMounts: [{ name: 'token' }] }] },
    });
    assert.deepEqual(value(native.retain(desired, observed))['spec'], {
      containers: [{ name: 'c', image: 'new', volumeMounts: [{ name: 'token' }] }],
      volumes: [{ name: 'token' }],
      nodeName: 'node-1',
      serviceAccountName: 'sa',
    });
  });
  it('keeps member replicas of a Deployment labelled retain-replicas', () => {
    const labels = { 'resourcetemplate.karmada.io/retain-replicas': 'true' };
    const desired = obj('apps/v1', 'Deployment', { spec: { replicas: 2 } }, { labels });
    assert.deepEqual(value(native.retain(desired, obj('apps/v1', 'Deployment', { spec: { replicas: 5 } })))['spec'], { replicas: 5 });
    assert.deepEqual(value(native.retain(obj('apps/v1', 'Deployment', { spec: { replicas: 2 } }), obj('apps/v1', 'Deployment', { spec: { replicas: 5 } })))['spec'], { replicas: 2 });
    assert.throws(() => native.retain(desired, obj('apps/v1', 'Deployment', { spec: {} })), RetainError);
  });
  it('keeps the token of a service account token Secret only', () => {
    const desired = obj('v1', 'Secret', { type: 'kubernetes.io/service-account-token', data: { token: 'ZGVzaXJlZA==' } });
    const observed = obj('v1', 'Secret', { type: 'kubernetes.io/service-account-token', data: { token: 'b2JzZXJ2ZWQ=' } }, { annotations: { 'kubernetes.io/service-account.uid': 'u1' } });
    const retained = value(native.retain(desired, observed));
    assert.deepEqual(retained['data'], { token: 'b2JzZXJ2ZWQ=' });
    assert.equal(retained.metadata.annotations?.['kubernetes.io/service-account.uid'], 'u1');
    const tls = obj('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'ZA==' } });
    assert.deepEqual(value(native.retain(tls, { ...tls, data: { 'tls.crt': 'bw==' } }))['data'], { 'tls.crt': 'ZA==' });
  });
});

describe('native reflectStatus', () => {
  it('reflects Deployment counters with the generations Karmada tracks', () => {
    const member = obj(
      'apps/v1',
      'Deployment',
      { status: { replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, unavailableReplicas: 0, observedGeneration: 4, conditions: [{ type: 'Available' }] } },
      { generation: 4, annotations: { 'resourcetemplate.karmada.io/generation': '7' } },
    );
    assert.deepEqual(value(native.reflectStatus(member)), {
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 4,
      generation: 4,
      resourceTemplateGeneration: 7,
    });
  });
  it('reflects a Service status only for load balancers', () => {
    const status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
    assert.equal(value(native.reflectStatus(obj('v1', 'Service', { spec: { type: 'ClusterIP' }, status }))), undefined);
    assert.deepEqual(value(native.reflectStatus(obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status }))), status);
  });
  it('reflects Job fields and the whole status of other kinds', () => {
    const job = obj('batch/v1', 'Job', { status: { active: 1, succeeded: 0, ready: 1, startTime: 't' } });
    assert.deepEqual(value(native.reflectStatus(job)), { active: 1, startTime: 't' });
    assert.deepEqual(value(native.reflectStatus(obj('example.io/v1', 'Thing', { status: { a: 1 } }))), { a: 1 });
    assert.equal(value(native.reflectStatus(obj('example.io/v1', 'Thing'))), undefined);
  });
});

describe('native aggregateStatus', () => {
  const template = obj('apps/v1', 'Deployment', { spec: { replicas: 4 }, status: { observedGeneration: 2 } }, { generation: 3 });
  const member = (cluster: string, status: Record<string, unknown> | undefined): AggregatedStatusItem =>
    status === undefined ? { clusterName: cluster } : { clusterName: cluster, status, applied: true };
  const upToDate = { replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, generation: 5, observedGeneration: 5, resourceTemplateGeneration: 3 };

  it('sums Deployment counters and sets observedGeneration when every member caught up', () => {
    const out = value(native.aggregateStatus(template, [member('a', upToDate), member('b', upToDate)]));
    assert.deepEqual(out['status'], { observedGeneration: 3, replicas: 4, readyReplicas: 4, updatedReplicas: 4, availableReplicas: 4, unavailableReplicas: 0 });
  });
  const lagging: [string, AggregatedStatusItem][] = [
    ['a member rendered from an older template', member('b', { ...upToDate, resourceTemplateGeneration: 2 })],
    ['a member controller behind its spec', member('b', { ...upToDate, observedGeneration: 4 })],
    ['a member with no status yet', member('b', undefined)],
  ];
  for (const [name, item] of lagging) {
    it(`keeps the old observedGeneration with ${name}`, () => {
      assert.equal((value(native.aggregateStatus(template, [member('a', upToDate), item]))['status'] as Record<string, unknown>)['observedGeneration'], 2);
    });
  }

  it('labels load balancer ingress with the member name', () => {
    const svc = obj('v1', 'Service', { spec: { type: 'LoadBalancer' } });
    const out = value(native.aggregateStatus(svc, [member('a', { loadBalancer: { ingress: [{ ip: '1.1.1.1' }] } }), member('b', { loadBalancer: { ingress: [{ ip: '2.2.2.2', hostname: 'lb' }] } })]));
    assert.deepEqual(out['status'], { loadBalancer: { ingress: [{ ip: '1.1.1.1', hostname: 'a' }, { ip: '2.2.2.2', hostname: 'lb' }] } });
    const clusterIP = obj('v1', 'Service', { spec: { type: 'ClusterIP' } });
    assert.deepEqual(value(native.aggregateStatus(clusterIP, [member('a', {})])), clusterIP);
  });

  it('aggregates Jobs: counters, times, failure and completion conditions', () => {
    const job = obj('batch/v1', 'Job');
    const complete = { succeeded: 1, startTime: '2025-01-01T00:00:05Z', completionTime: '2025-01-01T00:01:00Z', conditions: [{ type: 'Complete', status: 'True' }] };
    const failed = { failed: 1, startTime: '2025-01-01T00:00:01Z', conditions: [{ type: 'Failed', status: 'True' }] };
    assert.deepEqual(value(native.aggregateStatus(job, [member('a', complete), member('b', complete)]))['status'], {
      succeeded: 2,
      conditions: [{ type: 'Complete', status: 'True', lastProbeTime: '2025-01-02T03:04:05Z', lastTransitionTime: '2025-01-02T03:04:05Z', reason: 'Completed', message: 'Job completed' }],
      startTime: '2025-01-01T00:00:05Z',
      completionTime: '2025-01-01T00:01:00Z',
    });
    assert.deepEqual(value(native.aggregateStatus(job, [member('a', complete), member('b', failed)]))['status'], {
      succeeded: 1,
      failed: 1,
      conditions: [{ type: 'Failed', status: 'True', lastProbeTime: '2025-01-02T03:04:05Z', lastTransitionTime: '2025-01-02T03:04:05Z', reason: 'JobFailed', message: 'Job executed failed in member clusters b' }],
      startTime: '2025-01-01T00:00:01Z',
    });
    const finished = obj('batch/v1', 'Job', { status: { conditions: [{ type: 'Complete', status: 'True' }] } });
    assert.deepEqual(value(native.aggregateStatus(finished, [member('a', failed)])), finished);
  });

  it('picks the most severe Pod phase, counting missing statuses as Pending', () => {
    const pod = obj('v1', 'Pod');
    const running = { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, state: { running: {} }, image: 'i' }] };
    assert.deepEqual(value(native.aggregateStatus(pod, [member('a', running)]))['status'], { phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] });
    assert.equal((value(native.aggregateStatus(pod, [member('a', running), member('b', undefined)]))['status'] as Record<string, unknown>)['phase'], 'Pending');
    assert.equal((value(native.aggregateStatus(pod, [member('a', running), member('b', { phase: 'Failed' })]))['status'] as Record<string, unknown>)['phase'], 'Failed');
  });

  it('aggregates PDB counters and prefixes disrupted pods with their cluster', () => {
    const out = value(native.aggregateStatus(obj('policy/v1', 'PodDisruptionBudget'), [
      member('a', { currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1, disruptedPods: { p: 't' } }),
      member('b', { currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, disruptionsAllowed: 0 }),
    ]));
    assert.deepEqual(out['status'], { currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, disruptedPods: { 'a/p': 't' } });
  });

  it('marks a PVC Lost as soon as one member lost it', () => {
    const pvc = obj('v1', 'PersistentVolumeClaim');
    assert.deepEqual(value(native.aggregateStatus(pvc, [member('a', { phase: 'Bound' }), member('b', { phase: 'Pending' })]))['status'], { phase: 'Pending' });
    assert.deepEqual(value(native.aggregateStatus(pvc, [member('a', { phase: 'Lost' }), member('b', { phase: 'Pending' })]))['status'], { phase: 'Lost' });
  });
});

describe('native interpretHealth', () => {
  const cases: [string, KubeObject, boolean][] = [
    ['Deployment rolled out', obj('apps/v1', 'Deployment', { spec: { replicas: 2 }, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2 } }, { generation: 1 }), true],
    ['Deployment not observed', obj('apps/v1', 'Deployment', { spec: { replicas: 2 }, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2 } }, { generation: 2 }), false],
    ['Deployment updating', obj('apps/v1', 'Deployment', { spec: { replicas: 2 }, status: { observedGeneration: 1, updatedReplicas: 1, availableReplicas: 2 } }, { generation: 1 }), false],
    ['StatefulSet partitioned', obj('apps/v1', 'StatefulSet', { spec: { replicas: 3, updateStrategy: { rollingUpdate: { partition: 2 } } }, status: { updatedReplicas: 1, availableReplicas: 3 } }), true],
    ['DaemonSet unavailable', obj('apps/v1', 'DaemonSet', { status: { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1 } }), false],
    ['Service ClusterIP', obj('v1', 'Service', { spec: { type: 'ClusterIP' } }), true],
    ['Service LB without ingress', obj('v1', 'Service', { spec: { type: 'LoadBalancer' } }), false],
    ['Ingress with address', obj('networking.k8s.io/v1', 'Ingress', { status: { loadBalancer: { ingress: [{ hostname: 'h' }] } } }), true],
    ['PVC bound', obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }), true],
    ['Pod running and ready', obj('v1', 'Pod', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }), true],
    ['Pod running not ready', obj('v1', 'Pod', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } }), false],
    ['Pod succeeded', obj('v1', 'Pod', { status: { phase: 'Succeeded' } }), true],
    ['PDB short', obj('policy/v1', 'PodDisruptionBudget', { status: { currentHealthy: 1, desiredHealthy: 2 } }), false],
  ];
  for (const [name, object, want] of cases) it(name, () => assert.equal(value(native.interpretHealth(object)), want));
});

describe('native getDependencies', () => {
  const template = { spec: { serviceAccountName: 'sa', volumes: [{ configMap: { name: 'cfg' } }, { persistentVolumeClaim: { claimName: 'data' } }] } };
  it('reads pod templates of workloads', () => {
    for (const [apiVersion, kind, spec] of [
      ['apps/v1', 'Deployment', { template }],
      ['apps/v1', 'ReplicaSet', { template }],
      ['apps/v1', 'DaemonSet', { template }],
      ['batch/v1', 'Job', { template }],
      ['batch/v1', 'CronJob', { jobTemplate: { spec: { template } } }],
      ['v1', 'Pod', template.spec],
    ] as const) {
      const names = value(native.getDependencies(obj(apiVersion, kind, { spec }))).map((d) => `${d.kind}/${d.namespace}/${d.name}`);
      assert.deepEqual(names, ['ConfigMap/ns/cfg', 'ServiceAccount/ns/sa', 'PersistentVolumeClaim/ns/data'], kind);
    }
  });
  it('leaves out claims made from a StatefulSet volumeClaimTemplate', () => {
    const sts = obj('apps/v1', 'StatefulSet', { spec: { template, volumeClaimTemplates: [{ metadata: { name: 'data' } }] } });
    assert.deepEqual(value(native.getDependencies(sts)).map((d) => d.name), ['cfg', 'sa']);
  });
  it('lists Ingress TLS secrets', () => {
    const ing = obj('networking.k8s.io/v1', 'Ingress', { spec: { tls: [{ secretName: 'b' }, { secretName: 'a' }, {}] } });
    assert.deepEqual(value(native.getDependencies(ing)), [
      { apiVersion: 'v1', kind: 'Secret', namespace: 'ns', name: 'a' },
      { apiVersion: 'v1', kind: 'Secret', namespace: 'ns', name: 'b' },
    ]);
  });
});
