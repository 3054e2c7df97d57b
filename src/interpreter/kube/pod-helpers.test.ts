import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateReplicaRequirements } from './pod-requirements.js';
import { podSpecDependencies } from './pod-dependencies.js';

describe('generateReplicaRequirements', () => {
  const cases: { name: string; spec: Record<string, unknown>; want: unknown }[] = [
    { name: 'nothing requested', spec: { containers: [{ name: 'a' }] }, want: undefined },
    {
      name: 'containers are summed, limits fill missing requests',
      spec: {
        containers: [
          { resources: { requests: { cpu: '500m' }, limits: { cpu: '2', memory: '1Gi' } } },
          { resources: { requests: { cpu: '1', memory: '512Mi' } } },
        ],
      },
      want: { resourceRequest: { cpu: '1500m', memory: '1536Mi' } },
    },
    {
      name: 'the largest init container wins per resource, then overhead is added',
      spec: {
        containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
        initContainers: [{ resources: { requests: { cpu: '2' } } }, { resources: { limits: { memory: '32Mi' } } }],
        overhead: { cpu: '10m' },
      },
      want: { resourceRequest: { cpu: '2010m', memory: '64Mi' } },
    },
    {
      name: 'extended resources and huge pages; unknown names ignored',
      spec: { containers: [{ resources: { requests: { 'nvidia.com/gpu': '1', 'hugepages-2Mi': '4Mi', foo: '3' } } }] },
      want: { resourceRequest: { 'nvidia.com/gpu': '1', 'hugepages-2Mi': '4Mi' } },
    },
    {
      name: 'node claim from selector, tolerations and required affinity',
      spec: {
        nodeSelector: { zone: 'a' },
        tolerations: [{ key: 'k', operator: 'Exists' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      },
      want: {
        nodeClaim: {
          nodeSelector: { zone: 'a' },
          tolerations: [{ key: 'k', operator: 'Exists' }],
          hardNodeAffinity: { nodeSelectorTerms: [] },
        },
      },
    },
    { name: 'empty selector and tolerations claim nothing', spec: { nodeSelector: {}, tolerations: [] }, want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(generateReplicaRequirements({ spec: c.spec }), c.want));
  }

  it('reports namespace and priority class only with ResourceQuotaEstimate', () => {
    const template = { metadata: { namespace: 'ns' }, spec: { priorityClassName: 'high', containers: [{ resources: { requests: { cpu: 1 } } }] } };
    assert.deepEqual(generateReplicaRequirements(template), { resourceRequest: { cpu: '1' } });
    assert.deepEqual(generateReplicaRequirements(template, { resourceQuotaEstimate: true }), {
      resourceRequest: { cpu: '1' },
      namespace: 'ns',
      priorityClassName: 'high',
    });
  });

  it('rejects malformed quantities', () => {
    assert.throws(() => generateReplicaRequirements({ spec: { containers: [{ resources: { requests: { cpu: 'lots' } } }] } }));
  });
});

describe('podSpecDependencies', () => {
  it('lists every kind of reference once, sorted within each kind', () => {
    const spec = {
      serviceAccountName: 'sa',
      imagePullSecrets: [{ name: 'pull' }, { name: '' }],
      initContainers: [{ env: [{ valueFrom: { configMapKeyRef: { name: 'cm-init' } } }] }],
      containers: [
        {
          env: [{ valueFrom: { secretKeyRef: { name: 'env-secret' } } }, { name: 'plain', value: 'x' }],
          envFrom: [{ configMapRef: { name: 'cm-from' } }, { secretRef: { name: 'secret-from' } }],
        },
      ],
      ephemeralContainers: [{ envFrom: [{ configMapRef: { name: 'cm-eph' } }] }],
      volumes: [
        { configMap: { name: 'cm-vol' } },
        { secret: { secretName: 'secret-vol' } },
        { projected: { sources: [{ configMap: { name: 'cm-proj' } }, { secret: { name: 'secret-proj' } }] } },
        { csi: { nodePublishSecretRef: { name: 'csi' } } },
        { azureFile: { secretName: 'azure' } },
        { rbd: { secretRef: { name: 'rbd' } } },
        { persistentVolumeClaim: { claimName: 'data' } },
        { configMap: { name: 'cm-vol' } },
      ],
    };
    const names = podSpecDependencies(spec, 'ns').map((d) => `${d.kind}/${d.name}`);
    assert.deepEqual(names, [
      'ConfigMap/cm-eph',
      'ConfigMap/cm-from',
      'ConfigMap/cm-init',
      'ConfigMap/cm-proj',
      'ConfigMap/cm-vol',
      'Secret/azure',
      'Secret/csi',
      'Secret/env-secret',
      'Secret/pull',
      'Secret/rbd',
      'Secret/secret-from',
      'Secret/secret-proj',
      'Secret/secret-vol',
      'ServiceAccount/sa',
      'PersistentVolumeClaim/data',
    ]);
    assert.ok(podSpecDependencies(spec, 'ns').every((d) => d.apiVersion === 'v1' && d.namespace === 'ns'));
  });

  it('skips the default service account', () => {
    assert.deepEqual(podSpecDependencies({ serviceAccountName: 'default' }, 'ns'), []);
  });
});
