import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { applyBuiltinDefaults, hasBuiltinDefaults } from './apply-builtin-defaults.js';
import { imageTag } from './pod-defaults.js';
import { prepareForCreate } from './prepare-for-create.js';

/** What the defaults of a `kubectl create ... -o yaml` pod template look like around one container. */
function defaultedPodSpec(container: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    containers: [
      {
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        ...container,
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    ...extra,
  };
}

describe('applyBuiltinDefaults', () => {
  it('matches kube-apiserver for `kubectl create deployment nginx --image=nginx`', () => {
    // The body kubectl sends.
    const sent: KubeObject = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'nginx', creationTimestamp: null as unknown as string, labels: { app: 'nginx' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    };
    const out = applyBuiltinDefaults('apps', 'v1', 'Deployment', sent);
    assert.deepEqual(out.spec, {
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'nginx' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
        spec: defaultedPodSpec({ image: 'nginx', imagePullPolicy: 'Always', name: 'nginx' }),
      },
    });
  });

  it('keeps what the user set', () => {
    const d: KubeObject = {
      metadata: { name: 'd' },
      spec: {
        replicas: 0,
        revisionHistoryLimit: 0,
        strategy: { type: 'Recreate' },
        template: { spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'nginx:1.25', imagePullPolicy: 'Never' }] } },
      },
    };
    applyBuiltinDefaults('apps', 'v1', 'Deployment', d);
    const spec = d.spec as Record<string, unknown>;
    assert.equal(spec['replicas'], 0);
    assert.equal(spec['revisionHistoryLimit'], 0);
    assert.deepEqual(spec['strategy'], { type: 'Recreate' });
    const podSpec = (spec['template'] as { spec: Record<string, unknown> }).spec;
    assert.equal(podSpec['terminationGracePeriodSeconds'], 0);
    assert.equal((podSpec['containers'] as Record<string, unknown>[])[0]?.['imagePullPolicy'], 'Never');
  });

  it('defaults a pod (`kubectl run web --image=nginx:1.25 --port=80`)', () => {
    const pod: KubeObject = {
      metadata: { name: 'web', labels: { run: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.25',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m' } },
            livenessProbe: { httpGet: { port: 80 } },
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'scratch' }],
      },
    };
    applyBuiltinDefaults('', 'v1', 'Pod', pod);
    assert.deepEqual(pod.spec, {
      ...defaultedPodSpec({
        name: 'web',
        image: 'nginx:1.25',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m' }, requests: { cpu: '500m' } },
        livenessProbe: {
          httpGet: { port: 80, path: '/', scheme: 'HTTP' },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }],
      }),
      enableServiceLinks: true,
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
        { name: 'scratch', emptyDir: {} },
      ],
    });
  });

  it('defaults statefulsets and their claim templates', () => {
    const sts: KubeObject = {
      metadata: { name: 'db' },
      spec: {
        selector: { matchLabels: { app: 'db' } },
        serviceName: 'db',
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'pg', image: 'postgres@sha256:abcdef0123' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    applyBuiltinDefaults('apps', 'v1', 'StatefulSet', sts);
    const spec = sts.spec as Record<string, unknown>;
    assert.equal(spec['podManagementPolicy'], 'OrderedReady');
    assert.deepEqual(spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(spec['persistentVolumeClaimRetentionPolicy'], { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.equal(spec['replicas'], 1);
    assert.equal(spec['revisionHistoryLimit'], 10);
    assert.deepEqual(spec['volumeClaimTemplates'], [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ]);
    const container = ((spec['template'] as { spec: { containers: Record<string, unknown>[] } }).spec.containers)[0];
    assert.equal(container?.['imagePullPolicy'], 'IfNotPresent');
  });

  it('defaults daemonsets', () => {
    const ds: KubeObject = { metadata: { name: 'a' }, spec: { template: { spec: { containers: [] } } } };
    applyBuiltinDefaults('apps', 'v1', 'DaemonSet', ds);
    const spec = ds.spec as Record<string, unknown>;
    assert.deepEqual(spec['updateStrategy'], { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(spec['revisionHistoryLimit'], 10);
  });

  it('defaults jobs (`kubectl create job pi --image=perl`)', () => {
    const job: KubeObject = {
      metadata: { name: 'pi' },
      spec: { template: { metadata: {}, spec: { containers: [{ name: 'pi', image: 'perl', resources: {} }], restartPolicy: 'Never' } } },
    };
    applyBuiltinDefaults('batch', 'v1', 'Job', job);
    const spec = job.spec as Record<string, unknown>;
    assert.deepEqual(
      { ...spec, template: undefined },
      {
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: 1,
        parallelism: 1,
        podReplacementPolicy: 'TerminatingOrFailed',
        suspend: false,
        template: undefined,
      },
    );
    assert.equal((spec['template'] as { spec: Record<string, unknown> }).spec['restartPolicy'], 'Never');
  });

  it('job: parallelism alone leaves completions unset; template restartPolicy defaults to Always', () => {
    const job: KubeObject = { metadata: { name: 'j' }, spec: { parallelism: 3, template: { spec: { containers: [] } } } };
    applyBuiltinDefaults('batch', 'v1', 'Job', job);
    const spec = job.spec as Record<string, unknown>;
    assert.equal(spec['completions'], undefined);
    assert.equal(spec['parallelism'], 3);
    assert.equal((spec['template'] as { spec: Record<string, unknown> }).spec['restartPolicy'], 'Always');
  });

  it('defaults cronjobs without job-level defaults in the template', () => {
    const cj: KubeObject = {
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
    };
    applyBuiltinDefaults('batch', 'v1', 'CronJob', cj);
    const spec = cj.spec as Record<string, unknown>;
    assert.equal(spec['concurrencyPolicy'], 'Allow');
    assert.equal(spec['suspend'], false);
    assert.equal(spec['successfulJobsHistoryLimit'], 3);
    assert.equal(spec['failedJobsHistoryLimit'], 1);
    const jobSpec = (spec['jobTemplate'] as { spec: Record<string, unknown> }).spec;
    assert.equal(jobSpec['backoffLimit'], undefined);
    assert.equal((jobSpec['template'] as { spec: Record<string, unknown> }).spec['dnsPolicy'], 'ClusterFirst');
  });

  it('defaults services (`kubectl expose deployment nginx --port=80`)', () => {
    const svc: KubeObject = {
      metadata: { name: 'nginx' },
      spec: { ports: [{ port: 80 }], selector: { app: 'nginx' } },
    };
    applyBuiltinDefaults('', 'v1', 'Service', svc);
    assert.deepEqual(svc.spec, {
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'nginx' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
    });
    assert.deepEqual(svc['status'], { loadBalancer: {} });
  });

  it('defaults load balancer services', () => {
    const svc: KubeObject = {
      metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 443, targetPort: 'https' }] },
    };
    applyBuiltinDefaults('', 'v1', 'Service', svc);
    const spec = svc.spec as Record<string, unknown>;
    assert.equal(spec['externalTrafficPolicy'], 'Cluster');
    assert.equal(spec['allocateLoadBalancerNodePorts'], true);
    assert.deepEqual(spec['sessionAffinityConfig'], { clientIP: { timeoutSeconds: 10800 } });
    assert.deepEqual(spec['ports'], [{ port: 443, targetPort: 'https', protocol: 'TCP' }]);
  });

  it('merges secret stringData into data and defaults the type', () => {
    const secret: KubeObject = { metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'bee', a: 'x' } };
    applyBuiltinDefaults('', 'v1', 'Secret', secret);
    assert.deepEqual(secret, { metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==', b: 'YmVl' } });
  });

  it('labels namespaces with their name', () => {
    const ns: KubeObject = { metadata: { name: 'prod' } };
    applyBuiltinDefaults('', 'v1', 'Namespace', ns);
    assert.deepEqual(ns, { metadata: { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod' } }, status: { phase: 'Active' } });
  });

  it('defaults HPAs (v2 metrics and behavior)', () => {
    const hpa: KubeObject = {
      metadata: { name: 'h' },
      spec: { maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'd' }, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
    };
    applyBuiltinDefaults('autoscaling', 'v2', 'HorizontalPodAutoscaler', hpa);
    const spec = hpa.spec as Record<string, unknown>;
    assert.equal(spec['minReplicas'], 1);
    assert.deepEqual(spec['metrics'], [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    assert.deepEqual(spec['behavior'], {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }], stabilizationWindowSeconds: 60 },
    });
  });

  it('defaults PVCs, role bindings and knows kinds without defaults', () => {
    const pvc: KubeObject = { metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'] } };
    applyBuiltinDefaults('', 'v1', 'PersistentVolumeClaim', pvc);
    assert.equal((pvc.spec as Record<string, unknown>)['volumeMode'], 'Filesystem');
    const rb: KubeObject = { metadata: { name: 'rb' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 'sa' }] };
    applyBuiltinDefaults('rbac.authorization.k8s.io', 'v1', 'RoleBinding', rb);
    assert.deepEqual(rb['roleRef'], { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    assert.deepEqual(rb['subjects'], [
      { kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'sa', apiGroup: '' },
    ]);
    assert.equal(hasBuiltinDefaults('', 'ServiceAccount'), false);
    assert.equal(hasBuiltinDefaults('networking.k8s.io', 'Ingress'), false);
    const cm: KubeObject = { metadata: { name: 'c' }, data: { a: 'b' } };
    assert.deepEqual(applyBuiltinDefaults('', 'v1', 'ConfigMap', cm), { metadata: { name: 'c' }, data: { a: 'b' } });
  });
});

describe('imageTag (imagePullPolicy choice)', () => {
  const cases: readonly [string, string][] = [
    ['nginx', 'latest'],
    ['nginx:latest', 'latest'],
    ['nginx:1.25', '1.25'],
    ['docker.io/library/nginx', 'latest'],
    ['localhost:5000/app', 'latest'],
    ['localhost:5000/app:v1', 'v1'],
    ['nginx@sha256:0123456789abcdef', ''],
    ['nginx:1.25@sha256:0123456789abcdef', '1.25'],
    ['Nginx', ''],
    ['', ''],
  ];
  for (const [image, tag] of cases) {
    it(`${JSON.stringify(image)} -> ${JSON.stringify(tag)}`, () => assert.equal(imageTag(image), tag));
  }
});

describe('prepareForCreate', () => {
  it('generates the job selector and labels', () => {
    const job: Record<string, unknown> = {
      metadata: { name: 'pi', uid: 'u-1' },
      spec: { template: { metadata: { labels: { app: 'pi' } }, spec: {} } },
    };
    prepareForCreate('batch', 'Job', job);
    const spec = job['spec'] as Record<string, unknown>;
    assert.equal(spec['manualSelector'], false);
    assert.deepEqual(spec['selector'], { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    assert.deepEqual((spec['template'] as { metadata: unknown }).metadata, {
      labels: {
        app: 'pi',
        'job-name': 'pi',
        'batch.kubernetes.io/job-name': 'pi',
        'controller-uid': 'u-1',
        'batch.kubernetes.io/controller-uid': 'u-1',
      },
    });
  });

  it('starts pods Pending with a QoS class and namespaces with the kubernetes finalizer', () => {
    const best: Record<string, unknown> = { metadata: {}, spec: { containers: [{ name: 'c', resources: {} }] } };
    prepareForCreate('', 'Pod', best);
    assert.deepEqual(best['status'], { phase: 'Pending', qosClass: 'BestEffort' });
    const guaranteed: Record<string, unknown> = {
      metadata: {},
      spec: { containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } }] },
    };
    prepareForCreate('', 'Pod', guaranteed);
    assert.equal((guaranteed['status'] as Record<string, unknown>)['qosClass'], 'Guaranteed');
    const ns: Record<string, unknown> = { metadata: { name: 'x' } };
    prepareForCreate('', 'Namespace', ns);
    assert.deepEqual(ns, { metadata: { name: 'x' }, status: { phase: 'Active' }, spec: { finalizers: ['kubernetes'] } });
  });
});
