import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { clusterResourceBindingAdmission, resourceBindingAdmission, workAdmission } from './binding-work-admission.js';
import { clusterAdmission } from './cluster-admission.js';
import { MAX_INT64 } from './cluster-rules.js';
import { cronFederatedHpaAdmission, federatedHpaAdmission } from './hpa-admission.js';
import { interpreterCustomizationAdmission, interpreterWebhookConfigurationAdmission } from './interpreter-admission.js';
import { multiClusterIngressAdmission, multiClusterServiceAdmission } from './networking-admission.js';
import { federatedResourceQuotaAdmission } from './quota-admission.js';
import { clusterTaintPolicyAdmission, workloadRebalancerAdmission } from './small-kinds-admission.js';
import { admit, messages } from './test-support.js';

const obj = (name: string, body: Record<string, unknown>, namespace?: string): KubeObject => ({
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
  ...body,
});

const existingRic = obj('existing', {
  spec: { target: { apiVersion: 'apps/v1', kind: 'Deployment' }, customizations: { retention: { luaScript: 'function Retain(d, o) return d end' }, dependencyInterpretation: { luaScript: 'function GetDependencies(d) return {} end' } } },
});
const ric = interpreterCustomizationAdmission({ list: async () => [existingRic] });
const cluster = clusterAdmission({ defaultResourceModels: false });

interface Case {
  readonly name: string;
  readonly rule: KarmadaAdmissionRule;
  readonly kind: string;
  readonly accepted: KubeObject;
  readonly refused: KubeObject;
  readonly message: string;
  readonly old?: KubeObject;
}

const cases: Case[] = [
  {
    name: 'Cluster names are DNS labels of at most 48 characters',
    rule: cluster, kind: 'Cluster',
    accepted: obj('member1', { spec: { syncMode: 'Push' } }),
    refused: obj('m'.repeat(49), { spec: { syncMode: 'Push' } }),
    message: 'metadata.name: Invalid value: "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm": must be no more than 48 characters',
  },
  {
    name: 'Cluster syncMode is Push or Pull',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Pull' } }),
    refused: obj('m1', { spec: { syncMode: 'Sideways' } }),
    message: 'spec.syncMode: Unsupported value: "Sideways": supported values: "Pull", "Push"',
  },
  {
    name: 'Cluster syncMode is required',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push' } }),
    refused: obj('m1', { spec: {} }),
    message: 'spec.syncMode: Required value',
  },
  {
    name: 'Cluster apiEndpoint has a host and no query',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', apiEndpoint: 'https://10.0.0.1:6443' } }),
    refused: obj('m1', { spec: { syncMode: 'Push', apiEndpoint: 'https://10.0.0.1:6443?x=1' } }),
    message: 'spec.apiEndpoint: Invalid value: "x=1": query parameters are not permitted in the URL',
  },
  {
    name: 'Cluster apiEndpoint host must be provided',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', apiEndpoint: 'https://member1.example.com' } }),
    refused: obj('m1', { spec: { syncMode: 'Push', apiEndpoint: 'member1' } }),
    message: 'spec.apiEndpoint: Invalid value: "": host must be provided; desired format: hostname, hostname:port, IP or IP:port',
  },
  {
    name: 'Cluster proxyURL scheme',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', proxyURL: 'socks5://proxy:1080' } }),
    refused: obj('m1', { spec: { syncMode: 'Push', proxyURL: 'ftp://proxy' } }),
    message: 'unsupported scheme "ftp", must be http, https, or socks5',
  },
  {
    name: 'Cluster secretRef needs namespace and name',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', secretRef: { namespace: 'karmada-cluster', name: 'm1' } } }),
    refused: obj('m1', { spec: { syncMode: 'Push', secretRef: { name: 'm1' } } }),
    message: 'spec.secretRef.namespace: Required value',
  },
  {
    name: 'Cluster taints are unique by key and effect',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'PreferNoSchedule' }] } }),
    refused: obj('m1', { spec: { syncMode: 'Push', taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }] } }),
    message: 'taints must be unique by key and effect pair',
  },
  {
    name: 'Cluster resource model grades differ',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', resourceModels: [{ grade: 0, ranges: [{ name: 'cpu', min: '0', max: '2' }] }, { grade: 1, ranges: [{ name: 'cpu', min: '2', max: '4' }] }] } }),
    refused: obj('m1', { spec: { syncMode: 'Push', resourceModels: [{ grade: 0, ranges: [{ name: 'cpu', min: '0', max: '2' }] }, { grade: 0, ranges: [{ name: 'cpu', min: '2', max: '4' }] }] } }),
    message: 'The grade of each models should not be the same',
  },
  {
    name: 'Cluster resource model intervals are contiguous',
    rule: cluster, kind: 'Cluster',
    accepted: obj('m1', { spec: { syncMode: 'Push', resourceModels: [{ grade: 0, ranges: [{ name: 'memory', min: '0', max: '4Gi' }] }, { grade: 1, ranges: [{ name: 'memory', min: '4Gi', max: '8Gi' }] }] } }),
    refused: obj('m1', { spec: { syncMode: 'Push', resourceModels: [{ grade: 0, ranges: [{ name: 'memory', min: '0', max: '4Gi' }] }, { grade: 1, ranges: [{ name: 'memory', min: '5Gi', max: '8Gi' }] }] } }),
    message: 'Model intervals for resources must be contiguous and non-overlapping',
  },
  {
    name: 'FederatedResourceQuota overall covers assignments',
    rule: federatedResourceQuotaAdmission(), kind: 'FederatedResourceQuota',
    accepted: obj('q', { spec: { overall: { cpu: '2' }, staticAssignments: [{ clusterName: 'm1', hard: { cpu: '1' } }, { clusterName: 'm2', hard: { cpu: '1' } }] } }, 'ns'),
    refused: obj('q', { spec: { overall: { cpu: '1' }, staticAssignments: [{ clusterName: 'm1', hard: { cpu: '1' } }, { clusterName: 'm2', hard: { cpu: '500m' } }] } }, 'ns'),
    message: 'spec.overall[cpu]: Invalid value: "1": overall is less than assignments',
  },
  {
    name: 'FederatedResourceQuota assignments name overall resources',
    rule: federatedResourceQuotaAdmission(), kind: 'FederatedResourceQuota',
    accepted: obj('q', { spec: { overall: { memory: '1Gi' }, staticAssignments: [{ clusterName: 'm1', hard: { memory: '1Gi' } }] } }, 'ns'),
    refused: obj('q', { spec: { overall: { memory: '1Gi' }, staticAssignments: [{ clusterName: 'm1', hard: { pods: '3' } }] } }, 'ns'),
    message: 'spec.staticAssignments[0].hard[pods]: Invalid value: "pods": assignment resourceName is not exist in overall',
  },
  {
    name: 'FederatedResourceQuota quantities are not negative',
    rule: federatedResourceQuotaAdmission(), kind: 'FederatedResourceQuota',
    accepted: obj('q', { spec: { overall: { cpu: '0' } } }, 'ns'),
    refused: obj('q', { spec: { overall: { cpu: '-1' } } }, 'ns'),
    message: 'spec.overall[cpu]: Invalid value: "-1": must be greater than or equal to 0',
  },
  {
    name: 'ClusterTaintPolicy refuses NoExecute',
    rule: clusterTaintPolicyAdmission(), kind: 'ClusterTaintPolicy',
    accepted: obj('t', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } }),
    refused: obj('t', { spec: { taints: [{ key: 'a', effect: 'NoExecute' }] } }),
    message: 'spec.taints[0]: Forbidden: Configuring taint with NoExecute effect is not allowed',
  },
  {
    name: 'ClusterTaintPolicy taints are unique',
    rule: clusterTaintPolicyAdmission(), kind: 'ClusterTaintPolicy',
    accepted: obj('t', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }] } }),
    refused: obj('t', { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }] } }),
    message: 'spec.taints[0]: Duplicate value: "Duplicate taint with the same key(a) and effect(NoSchedule) is not allowed"',
  },
  {
    name: 'WorkloadRebalancer spec is immutable',
    rule: workloadRebalancerAdmission(), kind: 'WorkloadRebalancer',
    old: obj('w', { spec: { workloads: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', namespace: 'n' }] } }),
    accepted: obj('w', { spec: { workloads: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', namespace: 'n' }] }, status: {} }),
    refused: obj('w', { spec: { workloads: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'b', namespace: 'n' }] } }),
    message: 'the spec field should not be modified',
  },
  {
    name: 'FederatedHPA maxReplicas not below minReplicas',
    rule: federatedHpaAdmission(), kind: 'FederatedHPA',
    accepted: obj('h', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: 2, maxReplicas: 2 } }, 'ns'),
    refused: obj('h', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: 3, maxReplicas: 2 } }, 'ns'),
    message: 'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
  },
  {
    name: 'FederatedHPA metric sources are populated',
    rule: federatedHpaAdmission(), kind: 'FederatedHPA',
    accepted: obj('h', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } }] } }, 'ns'),
    refused: obj('h', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, metrics: [{ type: 'Pods' }] } }, 'ns'),
    message: 'spec.metrics[0].pods: Required value: must populate information for the given metric source',
  },
  {
    name: 'CronFederatedHPA schedules are cron expressions',
    rule: cronFederatedHpaAdmission(), kind: 'CronFederatedHPA',
    accepted: obj('c', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, rules: [{ name: 'up', schedule: '*/5 * * * *', targetReplicas: 3 }] } }, 'ns'),
    refused: obj('c', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, rules: [{ name: 'up', schedule: '61 * * * *', targetReplicas: 3 }] } }, 'ns'),
    message: 'spec.rules[0].schedule: Invalid value: "61 * * * *": invalid cron format',
  },
  {
    name: 'CronFederatedHPA rule names are unique',
    rule: cronFederatedHpaAdmission(), kind: 'CronFederatedHPA',
    accepted: obj('c', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, rules: [{ name: 'a', schedule: '@daily', targetReplicas: 1 }, { name: 'b', schedule: '0 1 * * MON', targetReplicas: 1 }] } }, 'ns'),
    refused: obj('c', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, rules: [{ name: 'a', schedule: '@daily', targetReplicas: 1 }, { name: 'a', schedule: '@daily', targetReplicas: 1 }] } }, 'ns'),
    message: 'spec.rules[1].name: Duplicate value: "a"',
  },
  {
    name: 'CronFederatedHPA time zones exist',
    rule: cronFederatedHpaAdmission(), kind: 'CronFederatedHPA',
    accepted: obj('c', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, rules: [{ name: 'a', schedule: '0 0 * * *', timeZone: 'Asia/Shanghai', targetReplicas: 1 }] } }, 'ns'),
    refused: obj('c', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, rules: [{ name: 'a', schedule: '0 0 * * *', timeZone: 'Mars/Olympus', targetReplicas: 1 }] } }, 'ns'),
    message: 'unknown time zone Mars/Olympus',
  },
  {
    name: 'CronFederatedHPA scaling a FederatedHPA needs min or max',
    rule: cronFederatedHpaAdmission(), kind: 'CronFederatedHPA',
    accepted: obj('c', { spec: { scaleTargetRef: { apiVersion: 'autoscaling.karmada.io/v1alpha1', kind: 'FederatedHPA', name: 'f' }, rules: [{ name: 'a', schedule: '@hourly', targetMaxReplicas: 5 }] } }, 'ns'),
    refused: obj('c', { spec: { scaleTargetRef: { apiVersion: 'autoscaling.karmada.io/v1alpha1', kind: 'FederatedHPA', name: 'f' }, rules: [{ name: 'a', schedule: '@hourly' }] } }, 'ns'),
    message: 'targetMinReplicas and targetMaxReplicas cannot be nil at the same time if you want to scale FederatedHPA',
  },
  {
    name: 'MultiClusterService has one exposure type',
    rule: multiClusterServiceAdmission(() => 'x'), kind: 'MultiClusterService',
    accepted: obj('web', { spec: { types: ['CrossCluster'], ports: [{ name: 'http', port: 80 }] } }, 'ns'),
    refused: obj('web', { spec: { types: ['CrossCluster', 'LoadBalancer'] } }, 'ns'),
    message: 'MultiClusterService types should not contain more than one type',
  },
  {
    name: 'MultiClusterService types are immutable',
    rule: multiClusterServiceAdmission(() => 'x'), kind: 'MultiClusterService',
    old: obj('web', { spec: { types: ['CrossCluster'] } }, 'ns'),
    accepted: obj('web', { spec: { types: ['CrossCluster'], ports: [{ port: 81 }] } }, 'ns'),
    refused: obj('web', { spec: { types: ['LoadBalancer'] } }, 'ns'),
    message: 'spec.types: Invalid value: ["CrossCluster"]: MultiClusterService types are immutable',
  },
  {
    name: 'MultiClusterService ports are valid',
    rule: multiClusterServiceAdmission(() => 'x'), kind: 'MultiClusterService',
    accepted: obj('web', { spec: { types: ['CrossCluster'], ports: [{ port: 65535 }] } }, 'ns'),
    refused: obj('web', { spec: { types: ['CrossCluster'], ports: [{ port: 70000 }] } }, 'ns'),
    message: 'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
  },
  {
    name: 'MultiClusterIngress needs rules or a default backend',
    rule: multiClusterIngressAdmission(), kind: 'MultiClusterIngress',
    accepted: obj('i', { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }, 'ns'),
    refused: obj('i', { spec: {} }, 'ns'),
    message: 'either `defaultBackend` or `rules` must be specified',
  },
  {
    name: 'MultiClusterIngress paths need a pathType',
    rule: multiClusterIngressAdmission(), kind: 'MultiClusterIngress',
    accepted: obj('i', { spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] } }, 'ns'),
    refused: obj('i', { spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] } }, 'ns'),
    message: 'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
  },
  {
    name: 'ResourceInterpreterCustomization operations are not duplicated',
    rule: ric, kind: 'ResourceInterpreterCustomization',
    accepted: obj('mine', { spec: { target: { apiVersion: 'apps/v1', kind: 'Deployment' }, customizations: { healthInterpretation: { luaScript: 'function InterpretHealth(o) return true end' }, dependencyInterpretation: { luaScript: 'function GetDependencies(d) return {} end' } } } }),
    refused: obj('mine', { spec: { target: { apiVersion: 'apps/v1', kind: 'Deployment' }, customizations: { retention: { luaScript: 'function Retain(d, o) return d end' } } } }),
    message: 'spec.customizations.retention: Forbidden: conflicting with InterpreterOperation(Retain) of existing ResourceInterpreterCustomization(existing)',
  },
  {
    name: 'ResourceInterpreterCustomization scripts compile',
    rule: ric, kind: 'ResourceInterpreterCustomization',
    accepted: obj('mine', { spec: { target: { apiVersion: 'v1', kind: 'Pod' }, customizations: { retention: { luaScript: 'function Retain(d, o) return d end' } } } }),
    refused: obj('mine', { spec: { target: { apiVersion: 'v1', kind: 'Pod' }, customizations: { retention: { luaScript: 'function Retain(d, o) return d' } } } }),
    message: 'InterpreterOperation(Retain) Lua script error: ',
  },
  {
    name: 'ResourceInterpreterWebhookConfiguration timeouts',
    rule: interpreterWebhookConfigurationAdmission(), kind: 'ResourceInterpreterWebhookConfiguration',
    accepted: obj('w', { webhooks: [{ name: 'a.example.com', rules: [{ operations: ['*'], apiGroups: ['apps'], apiVersions: ['v1'], kinds: ['Deployment'] }], clientConfig: { url: 'https://a.example.com/hook' }, interpreterContextVersions: ['v1alpha1'], timeoutSeconds: 30 }] }),
    refused: obj('w', { webhooks: [{ name: 'a.example.com', rules: [{ operations: ['*'], apiGroups: ['apps'], apiVersions: ['v1'], kinds: ['Deployment'] }], clientConfig: { url: 'https://a.example.com/hook' }, interpreterContextVersions: ['v1alpha1'], timeoutSeconds: 31 }] }),
    message: 'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
  },
  {
    name: 'ResourceInterpreterWebhookConfiguration client configs use https',
    rule: interpreterWebhookConfigurationAdmission(), kind: 'ResourceInterpreterWebhookConfiguration',
    accepted: obj('w', { webhooks: [{ name: 'a.example.com', clientConfig: { service: { namespace: 'n', name: 's', port: 443 } }, interpreterContextVersions: ['v1alpha1'] }] }),
    refused: obj('w', { webhooks: [{ name: 'a.example.com', clientConfig: { url: 'http://a.example.com/hook' }, interpreterContextVersions: ['v1alpha1'] }] }),
    message: "webhooks[0].clientConfig.url: Invalid value: \"http://a.example.com/hook\": 'https' is the only allowed URL scheme",
  },
];

describe('Karmada admission of the other kinds', () => {
  for (const c of cases) {
    it(`accepts and refuses: ${c.name}`, async () => {
      const ok = await admit(c.rule, c.kind, c.accepted, c.old);
      assert.deepEqual(messages(ok.errors), []);
      const bad = await admit(c.rule, c.kind, c.refused, c.old);
      assert.ok(messages(bad.errors).some((m) => m.includes(c.message)), `expected "${c.message}" in ${JSON.stringify(messages(bad.errors))}`);
    });
  }
});

describe('Karmada defaults of the other kinds', () => {
  it('Cluster: zone moves to zones, NoExecute taints get a time, default resource models', async () => {
    const now = () => new Date('2024-01-02T03:04:05.678Z');
    const { object, errors } = await admit(clusterAdmission({ now }), 'Cluster', obj('m1', { spec: { syncMode: 'Push', zone: 'z1', taints: [{ key: 'k', effect: 'NoExecute' }] } }));
    assert.deepEqual(messages(errors), []);
    const spec = object['spec'] as { zones: string[]; zone?: string; taints: { timeAdded: string }[]; resourceModels: { grade: number; ranges: { name: string; min: string; max: string }[] }[] };
    assert.deepEqual(spec.zones, ['z1']);
    assert.equal(spec.zone, undefined);
    assert.equal(spec.taints[0]?.timeAdded, '2024-01-02T03:04:05Z');
    assert.equal(spec.resourceModels.length, 9);
    assert.deepEqual(spec.resourceModels[1], { grade: 1, ranges: [{ name: 'cpu', min: '1', max: '2' }, { name: 'memory', min: '4Gi', max: '16Gi' }] });
    assert.equal(spec.resourceModels[8]?.ranges[0]?.max, MAX_INT64);
  });

  it('Cluster: given resource models are sorted and bounded', async () => {
    const { object, errors } = await admit(cluster, 'Cluster', obj('m1', {
      spec: { syncMode: 'Push', resourceModels: [{ grade: 1, ranges: [{ name: 'cpu', min: '2', max: '4' }] }, { grade: 0, ranges: [{ name: 'cpu', min: '1', max: '2' }] }] },
    }));
    assert.deepEqual(messages(errors), []);
    assert.deepEqual((object['spec'] as { resourceModels: unknown }).resourceModels, [
      { grade: 0, ranges: [{ name: 'cpu', min: '0', max: '2' }] },
      { grade: 1, ranges: [{ name: 'cpu', min: '2', max: MAX_INT64 }] },
    ]);
  });

  it('FederatedHPA: minReplicas, a CPU metric and behavior defaults', async () => {
    const { object } = await admit(federatedHpaAdmission(), 'FederatedHPA', obj('h', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } }, 'ns'));
    assert.deepEqual(object['spec'], {
      scaleTargetRef: { kind: 'Deployment', name: 'd' },
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    });
  });

  it('bindings, works and MultiClusterServices get permanent ids once', async () => {
    for (const [rule, kind, label] of [
      [resourceBindingAdmission(() => 'id'), 'ResourceBinding', 'resourcebinding.karmada.io/permanent-id'],
      [clusterResourceBindingAdmission(() => 'id'), 'ClusterResourceBinding', 'clusterresourcebinding.karmada.io/permanent-id'],
      [workAdmission(() => 'id'), 'Work', 'work.karmada.io/permanent-id'],
      [multiClusterServiceAdmission(() => 'id'), 'MultiClusterService', 'multiclusterservice.karmada.io/permanent-id'],
    ] as const) {
      const fresh = await admit(rule, kind, obj('x', { spec: {} }, 'ns'));
      assert.equal(fresh.object.metadata.labels?.[label], 'id', kind);
      const kept = await admit(rule, kind, { metadata: { name: 'x', namespace: 'ns', labels: { [label]: 'old' } }, spec: {} });
      assert.equal(kept.object.metadata.labels?.[label], 'old', kind);
    }
  });

  it('Work: Job manifests lose ttlSecondsAfterFinished', async () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { ttlSecondsAfterFinished: 10, template: {} } };
    const { object } = await admit(workAdmission(() => 'id'), 'Work', obj('w', { spec: { workload: { manifests: [job] } } }, 'karmada-es-m1'));
    assert.deepEqual((object['spec'] as { workload: { manifests: { spec: unknown }[] } }).workload.manifests[0]?.spec, { template: {} });
  });
});
