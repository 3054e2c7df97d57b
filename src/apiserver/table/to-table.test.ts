import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { TableOptionsError, toTable } from './to-table.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:55:00Z'; // 5m before now

function info(group: string, version: string, kind: string, resource: string, extra: Partial<ResourceInfo> = {}): ResourceInfo {
  return {
    group,
    version,
    kind,
    resource,
    singular: kind.toLowerCase(),
    listKind: `${kind}List`,
    namespaced: true,
    builtin: true,
    ...extra,
  };
}

function obj(kind: string, name: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { kind, metadata: { name, namespace: 'default', creationTimestamp: created, ...meta }, ...body };
}

function columnNames(table: ReturnType<typeof toTable>): string[] {
  return table.columnDefinitions.map((c) => (c.priority === 1 ? `${c.name}*` : c.name));
}

describe('toTable for built-in kinds', () => {
  const pods = info('', 'v1', 'Pod', 'pods');
  const podCases: readonly [string, KubeObject, unknown[]][] = [
    [
      'running pod',
      obj('Pod', 'web', {
        spec: { containers: [{ name: 'c' }, { name: 'd' }], nodeName: 'node-1' },
        status: {
          phase: 'Running',
          podIP: '10.0.0.5',
          podIPs: [{ ip: '10.0.0.5' }],
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            { name: 'c', ready: true, restartCount: 0, state: { running: {} } },
            { name: 'd', ready: false, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAt: '2024-05-01T11:58:00Z' } } },
          ],
        },
      }),
      ['web', '1/2', 'Running', '2 (2m ago)', '5m', '10.0.0.5', 'node-1', '<none>', '<none>'],
    ],
    [
      'pending pod without status',
      obj('Pod', 'p', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } }),
      ['p', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'crash looping container',
      obj('Pod', 'p', {
        spec: { containers: [{ name: 'c' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'c', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
      }),
      ['p', '0/1', 'CrashLoopBackOff', '4', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'init container running',
      obj('Pod', 'p', {
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'c' }] },
        status: {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', state: { terminated: { exitCode: 0 } } },
            { name: 'i2', state: { running: {} } },
          ],
        },
      }),
      ['p', '0/1', 'Init:1/2', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'terminating pod',
      obj('Pod', 'p', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } }, { deletionTimestamp: '2024-05-01T11:59:00Z' }),
      ['p', '0/1', 'Terminating', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'completed pod',
      obj('Pod', 'p', {
        spec: { containers: [{ name: 'c' }], readinessGates: [{ conditionType: 'x/y' }] },
        status: { phase: 'Succeeded', conditions: [{ type: 'x/y', status: 'True' }], containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
      }),
      ['p', '0/1', 'Completed', '0', '5m', '<none>', '<none>', '<none>', '1/1'],
    ],
  ];
  for (const [name, pod, cells] of podCases) {
    it(`pods: ${name}`, () => {
      const table = toTable(pods, [pod], { now });
      assert.deepEqual(table.rows[0]?.cells, cells);
    });
  }

  it('pods: columns, completed condition and PartialObjectMetadata', () => {
    const pod = obj('Pod', 'p', { spec: { containers: [] }, status: { phase: 'Succeeded' } });
    const table = toTable(pods, [pod], { now });
    assert.equal(table.kind, 'Table');
    assert.equal(table.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(columnNames(table), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*']);
    assert.equal(table.columnDefinitions[0]?.format, 'name');
    assert.deepEqual(table.rows[0]?.conditions, [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
    assert.deepEqual(table.rows[0]?.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata });
  });

  const cases: readonly [string, ResourceInfo, KubeObject, string[], unknown[]][] = [
    [
      'deployments',
      info('apps', 'v1', 'Deployment', 'deployments'),
      obj('Deployment', 'nginx', {
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'nginx' } },
          template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } },
        },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      }),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*'],
      ['nginx', '2/3', 3, 2, '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=nginx'],
    ],
    [
      'replicasets',
      info('apps', 'v1', 'ReplicaSet', 'replicasets'),
      obj('ReplicaSet', 'nginx-1', {
        spec: { replicas: 2, selector: { matchLabels: { app: 'nginx', 'pod-template-hash': 'abc' } }, template: { spec: { containers: [{ name: 'n', image: 'nginx' }] } } },
        status: { replicas: 2, readyReplicas: 1 },
      }),
      ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'],
      ['nginx-1', 2, 2, 1, '5m', 'n', 'nginx', 'app=nginx,pod-template-hash=abc'],
    ],
    [
      'statefulsets',
      info('apps', 'v1', 'StatefulSet', 'statefulsets'),
      obj('StatefulSet', 'db', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'pg', image: 'postgres' }] } } }, status: { readyReplicas: 3 } }),
      ['Name', 'Ready', 'Age', 'Containers*', 'Images*'],
      ['db', '3/3', '5m', 'pg', 'postgres'],
    ],
    [
      'daemonsets',
      info('apps', 'v1', 'DaemonSet', 'daemonsets'),
      obj('DaemonSet', 'agent', {
        spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'a', image: 'agent:1' }] } } },
        status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
      }),
      ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*'],
      ['agent', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '5m', 'a', 'agent:1', 'app=agent'],
    ],
    [
      'jobs',
      info('batch', 'v1', 'Job', 'jobs'),
      obj('Job', 'pi', {
        spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
        status: { succeeded: 1, startTime: '2024-05-01T11:55:00Z', completionTime: '2024-05-01T11:55:42Z', conditions: [{ type: 'Complete', status: 'True' }] },
      }),
      ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*'],
      ['pi', 'Complete', '1/1', '42s', '5m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=u'],
    ],
    [
      'cronjobs',
      info('batch', 'v1', 'CronJob', 'cronjobs'),
      obj('CronJob', 'hello', {
        spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'h', image: 'busybox' }] } } } } },
        status: { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-05-01T11:59:00Z' },
      }),
      ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers*', 'Images*', 'Selector*'],
      ['hello', '*/1 * * * *', '<none>', 'False', 1, '60s', '5m', 'h', 'busybox', '<none>'],
    ],
    [
      'services',
      info('', 'v1', 'Service', 'services'),
      obj('Service', 'web', {
        spec: { type: 'NodePort', clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }, { port: 53, protocol: 'UDP' }] },
      }),
      ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*'],
      ['web', 'NodePort', '10.96.0.12', '<none>', '80:30080/TCP,53/UDP', '5m', 'app=web'],
    ],
    [
      'services (pending load balancer)',
      info('', 'v1', 'Service', 'services'),
      obj('Service', 'lb', { spec: { type: 'LoadBalancer', clusterIP: 'None', ports: [] } }),
      ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*'],
      ['lb', 'LoadBalancer', 'None', '<pending>', '<none>', '5m', '<none>'],
    ],
    [
      'endpoints',
      info('', 'v1', 'Endpoints', 'endpoints'),
      obj('Endpoints', 'web', {
        subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 8080 }] }],
      }),
      ['Name', 'Endpoints', 'Age'],
      ['web', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...', '5m'],
    ],
    [
      'endpointslices',
      info('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices'),
      obj('EndpointSlice', 'web-abc', { addressType: 'IPv4', ports: [{ port: 80 }], endpoints: [{ addresses: ['10.0.0.1'] }] }),
      ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
      ['web-abc', 'IPv4', '80', '10.0.0.1', '5m'],
    ],
    [
      'configmaps',
      info('', 'v1', 'ConfigMap', 'configmaps'),
      obj('ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
      ['Name', 'Data', 'Age'],
      ['cfg', 3, '5m'],
    ],
    [
      'secrets',
      info('', 'v1', 'Secret', 'secrets'),
      obj('Secret', 's', { type: 'Opaque', data: { a: 'MQ==' } }),
      ['Name', 'Type', 'Data', 'Age'],
      ['s', 'Opaque', 1, '5m'],
    ],
    [
      'namespaces',
      info('', 'v1', 'Namespace', 'namespaces', { namespaced: false }),
      obj('Namespace', 'prod', { status: { phase: 'Active' } }),
      ['Name', 'Status', 'Age'],
      ['prod', 'Active', '5m'],
    ],
    [
      'nodes',
      info('', 'v1', 'Node', 'nodes', { namespaced: false }),
      obj(
        'Node',
        'n1',
        {
          spec: { unschedulable: true },
          status: {
            conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
            addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'n1' }],
            nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Debian', kernelVersion: '6.1', containerRuntimeVersion: 'containerd://1.7' },
          },
        },
        { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } },
      ),
      ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*'],
      ['n1', 'Ready,SchedulingDisabled', 'control-plane,master', '5m', 'v1.31.0', '172.18.0.2', '<none>', 'Debian', '6.1', 'containerd://1.7'],
    ],
    [
      'events',
      info('', 'v1', 'Event', 'events'),
      obj('Event', 'web.1', {
        involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{c}' },
        reason: 'Pulled',
        type: 'Normal',
        message: ' pulled image \n',
        source: { component: 'kubelet', host: 'n1' },
        firstTimestamp: '2024-05-01T11:50:00Z',
        lastTimestamp: '2024-05-01T11:59:30Z',
        count: 3,
      }),
      ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*'],
      ['30s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{c}', 'kubelet, n1', 'pulled image', '10m', 3, 'web.1'],
    ],
    [
      'serviceaccounts',
      info('', 'v1', 'ServiceAccount', 'serviceaccounts'),
      obj('ServiceAccount', 'default', {}),
      ['Name', 'Secrets', 'Age'],
      ['default', 0, '5m'],
    ],
    [
      'ingresses',
      info('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
      obj('Ingress', 'ing', {
        spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{ hosts: ['a.example.com'] }] },
        status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
      }),
      ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
      ['ing', 'nginx', 'a.example.com,b.example.com', '192.0.2.1', '80, 443', '5m'],
    ],
    [
      'persistentvolumeclaims',
      info('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
      obj('PersistentVolumeClaim', 'data', {
        spec: { volumeName: 'pv-1', storageClassName: 'standard', volumeMode: 'Filesystem' },
        status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
      }),
      ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*'],
      ['data', 'Bound', 'pv-1', '1Gi', 'RWO', 'standard', '<unset>', '5m', 'Filesystem'],
    ],
    [
      'leases',
      info('coordination.k8s.io', 'v1', 'Lease', 'leases'),
      obj('Lease', 'kube-scheduler', { spec: { holderIdentity: 'node-1_abc' } }),
      ['Name', 'Holder', 'Age'],
      ['kube-scheduler', 'node-1_abc', '5m'],
    ],
    [
      'roles (default convertor)',
      info('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
      obj('Role', 'reader', { rules: [] }),
      ['Name', 'Created At'],
      ['reader', '2024-05-01T11:55:00Z'],
    ],
    [
      'rolebindings',
      info('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
      obj('RoleBinding', 'rb', {
        roleRef: { kind: 'Role', name: 'reader' },
        subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }, { kind: 'Group', name: 'devs' }],
      }),
      ['Name', 'Role', 'Age', 'Users*', 'Groups*', 'ServiceAccounts*'],
      ['rb', 'Role/reader', '5m', 'alice', 'devs', 'ns/sa'],
    ],
    [
      'clusterroles (default convertor)',
      info('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', { namespaced: false }),
      obj('ClusterRole', 'admin', {}),
      ['Name', 'Created At'],
      ['admin', '2024-05-01T11:55:00Z'],
    ],
    [
      'horizontalpodautoscalers',
      info('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
      obj('HorizontalPodAutoscaler', 'web', {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
        status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 } } }] },
      }),
      ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
      ['web', 'Deployment/web', 'cpu: 35%/80%', '1', 10, 2, '5m'],
    ],
    [
      'poddisruptionbudgets',
      info('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
      obj('PodDisruptionBudget', 'pdb', { spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }),
      ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'],
      ['pdb', '50%', 'N/A', 1, '5m'],
    ],
    [
      'customresourcedefinitions (default convertor)',
      info('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', { namespaced: false }),
      obj('CustomResourceDefinition', 'widgets.example.com', {}),
      ['Name', 'Created At'],
      ['widgets.example.com', '2024-05-01T11:55:00Z'],
    ],
    [
      'storageclasses',
      info('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', { namespaced: false }),
      obj('StorageClass', 'standard', { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }, {
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      }),
      ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'],
      ['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '5m'],
    ],
  ];
  for (const [name, resource, object, columns, cells] of cases) {
    it(name, () => {
      const table = toTable(resource, [object], { now });
      assert.deepEqual(columnNames(table), columns);
      assert.deepEqual(table.rows[0]?.cells, cells);
    });
  }
});

describe('toTable for custom resources', () => {
  const widgets = info('example.com', 'v1', 'Widget', 'widgets', {
    builtin: false,
    printerColumns: [
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Labels', type: 'string', jsonPath: '.spec.labels', priority: 1 },
      { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'Missing', type: 'string', jsonPath: '.spec.nothing', description: 'not there' },
    ],
  });

  it('evaluates printer columns', () => {
    const table = toTable(
      widgets,
      [
        obj('Widget', 'w1', {
          spec: { replicas: 2, labels: { b: '1', a: '<x>' }, enabled: true },
          status: { conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] },
        }),
      ],
      { now },
    );
    assert.deepEqual(
      table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]),
      [
        ['Name', 'string', 'name', 0],
        ['Replicas', 'integer', '', 0],
        ['Ready', 'string', '', 0],
        ['Labels', 'string', '', 1],
        ['Enabled', 'boolean', '', 0],
        ['Age', 'date', '', 0],
        ['Missing', 'string', '', 0],
      ],
    );
    assert.equal(table.columnDefinitions[1]?.description, 'Custom resource definition column (in JSONPath format): .spec.replicas');
    assert.equal(table.columnDefinitions[6]?.description, 'not there');
    assert.deepEqual(table.rows[0]?.cells, ['w1', 2, 'True', '{"a":"\\u003cx\\u003e","b":"1"}', true, '5m', null]);
  });

  it('uses Name and Age when no columns are declared', () => {
    const plain = info('example.com', 'v1', 'Gadget', 'gadgets', { builtin: false });
    const table = toTable(plain, [obj('Gadget', 'g', {})], { now });
    assert.deepEqual(
      table.columnDefinitions.map((c) => [c.name, c.type]),
      [
        ['Name', 'string'],
        ['Age', 'date'],
      ],
    );
    assert.deepEqual(table.rows[0]?.cells, ['g', '5m']);
  });
});

describe('toTable options', () => {
  const cms = info('', 'v1', 'ConfigMap', 'configmaps');
  const cm = obj('ConfigMap', 'c', {});

  it('includes the object, metadata or nothing', () => {
    assert.deepEqual(toTable(cms, [cm], { now, includeObject: 'Object' }).rows[0]?.object, cm);
    assert.equal(toTable(cms, [cm], { now, includeObject: 'None' }).rows[0]?.object, undefined);
    assert.throws(() => toTable(cms, [cm], { includeObject: 'Bogus' }), (err: unknown) => err instanceof TableOptionsError && err.message === 'unrecognized includeObject value: "Bogus"');
  });

  it('omits columns and carries list metadata', () => {
    const table = toTable(cms, [], { now, omitColumns: true, listMeta: { resourceVersion: '42', continue: '' } });
    assert.deepEqual(table.columnDefinitions, []);
    assert.deepEqual(table.rows, []);
    assert.deepEqual(table.metadata, { resourceVersion: '42' });
  });
});
