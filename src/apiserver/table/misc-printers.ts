/** Printers for leases, RBAC bindings, HPAs, PDBs, storage/priority classes, controller revisions, webhooks and APIServices. */
import { isPlainObject } from '../../api/object.js';
import { timestampSince } from './human-duration.js';
import { at, intOrString, int, objects, optInt, str } from './object-fields.js';
import { ageColumn, column, nameColumn, type Printer } from './printer.js';

/** NAME HOLDER AGE. */
export const leasePrinter: Printer = {
  columns: [nameColumn(), column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn()],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', str(o, 'spec.holderIdentity'), timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

function bindingPrinter(kind: string): Printer {
  return {
    columns: [
      nameColumn(),
      column('Role', 'RoleRef can only reference a ClusterRole in the global namespace.'),
      ageColumn(),
      column('Users', `Users in the ${kind}`, { priority: 1 }),
      column('Groups', `Groups in the ${kind}`, { priority: 1 }),
      column('ServiceAccounts', `ServiceAccounts in the ${kind}`, { priority: 1 }),
    ],
    row: (o, now) => {
      const users: string[] = [];
      const groups: string[] = [];
      const sas: string[] = [];
      for (const s of objects(o, 'subjects')) {
        switch (str(s, 'kind')) {
          case 'ServiceAccount':
            sas.push(`${str(s, 'namespace')}/${str(s, 'name')}`);
            break;
          case 'User':
            users.push(str(s, 'name'));
            break;
          case 'Group':
            groups.push(str(s, 'name'));
            break;
        }
      }
      return {
        cells: [
          o.metadata.name ?? '',
          `${str(o, 'roleRef.kind')}/${str(o, 'roleRef.name')}`,
          timestampSince(o.metadata.creationTimestamp, now),
          users.join(', '),
          groups.join(', '),
          sas.join(', '),
        ],
      };
    },
  };
}

/** NAME ROLE AGE (wide: USERS GROUPS SERVICEACCOUNTS). */
export const roleBindingPrinter = bindingPrinter('roleBinding');
/** NAME ROLE AGE (wide: USERS GROUPS SERVICEACCOUNTS). */
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');

function quantity(value: unknown): string {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' ? value : '0';
}

/** formatHPAMetrics for autoscaling/v2 objects (v1 objects are read through their CPU target). */
function hpaMetrics(o: unknown): string {
  let specs = objects(o, 'spec.metrics');
  let statuses = objects(o, 'status.currentMetrics');
  const v1Target = optInt(o, 'spec.targetCPUUtilizationPercentage');
  if (specs.length === 0 && v1Target !== undefined) {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: v1Target } } }];
    const current = optInt(o, 'status.currentCPUUtilizationPercentage');
    statuses =
      current === undefined ? [] : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
  }
  if (specs.length === 0) {
    return '<none>';
  }
  const list: string[] = [];
  const max = 2;
  specs.forEach((spec, i) => {
    const status = statuses[i];
    const type = str(spec, 'type');
    const source = type === 'External' ? 'external' : type === 'Pods' ? 'pods' : type === 'Object' ? 'object' : type === 'Resource' ? 'resource' : 'containerResource';
    const statusSource = status !== undefined && isPlainObject(status[source]) ? status[source] : undefined;
    switch (type) {
      case 'External':
      case 'Object': {
        const avg = at(spec, `${source}.target.averageValue`);
        if (avg !== undefined) {
          const cur = at(statusSource, 'current.averageValue');
          list.push(`${cur !== undefined ? quantity(cur) : '<unknown>'}/${quantity(avg)} (avg)`);
        } else {
          const cur = statusSource !== undefined ? quantity(at(statusSource, 'current.value')) : '<unknown>';
          list.push(`${cur}/${quantity(at(spec, `${source}.target.value`))}`);
        }
        break;
      }
      case 'Pods': {
        const cur = statusSource !== undefined ? quantity(at(statusSource, 'current.averageValue')) : '<unknown>';
        list.push(`${cur}/${quantity(at(spec, 'pods.target.averageValue'))}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const name = str(spec, `${source}.name`);
        const avg = at(spec, `${source}.target.averageValue`);
        if (avg !== undefined) {
          const cur = statusSource !== undefined ? quantity(at(statusSource, 'current.averageValue')) : '<unknown>';
          list.push(`${name}: ${cur}/${quantity(avg)}`);
        } else {
          const curUtil = optInt(statusSource, 'current.averageUtilization');
          const cur = curUtil !== undefined ? `${curUtil}%` : '<unknown>';
          const targetUtil = optInt(spec, `${source}.target.averageUtilization`);
          list.push(`${name}: ${cur}/${targetUtil !== undefined ? `${targetUtil}%` : '<auto>'}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  if (list.length > max) {
    return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  }
  return list.join(', ');
}

/** NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Reference', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
    column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    ageColumn(),
  ],
  row: (o, now) => {
    const min = optInt(o, 'spec.minReplicas');
    return {
      cells: [
        o.metadata.name ?? '',
        `${str(o, 'spec.scaleTargetRef.kind')}/${str(o, 'spec.scaleTargetRef.name')}`,
        hpaMetrics(o),
        min === undefined ? '<unset>' : String(min),
        int(o, 'spec.maxReplicas'),
        int(o, 'status.currentReplicas'),
        timestampSince(o.metadata.creationTimestamp, now),
      ],
    };
  },
};

/** NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Min Available', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    ageColumn(),
  ],
  row: (o, now) => {
    const min = at(o, 'spec.minAvailable');
    const max = at(o, 'spec.maxUnavailable');
    return {
      cells: [
        o.metadata.name ?? '',
        min === undefined || min === null ? 'N/A' : intOrString(min),
        max === undefined || max === null ? 'N/A' : intOrString(max),
        int(o, 'status.disruptionsAllowed'),
        timestampSince(o.metadata.creationTimestamp, now),
      ],
    };
  },
};

/** NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE. */
export const storageClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Provisioner', 'provisioner indicates the type of the provisioner.'),
    column('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    column('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    column('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn(),
  ],
  row: (o, now) => {
    const annotations = o.metadata.annotations ?? {};
    const isDefault =
      annotations['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return {
      cells: [
        isDefault ? `${o.metadata.name ?? ''} (default)` : (o.metadata.name ?? ''),
        str(o, 'provisioner'),
        str(o, 'reclaimPolicy') || 'Delete',
        str(o, 'volumeBindingMode') || 'Immediate',
        at(o, 'allowVolumeExpansion') === true,
        timestampSince(o.metadata.creationTimestamp, now),
      ],
    };
  },
};

/** NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. */
export const priorityClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Value', 'value represents the integer value of this priority class.', { type: 'integer' }),
    column('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.', {
      type: 'boolean',
    }),
    ageColumn(),
    column('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  row: (o, now) => ({
    cells: [
      o.metadata.name ?? '',
      int(o, 'value'),
      at(o, 'globalDefault') === true,
      timestampSince(o.metadata.creationTimestamp, now),
      str(o, 'preemptionPolicy'),
    ],
  }),
};

/** NAME CONTROLLER REVISION AGE. */
export const controllerRevisionPrinter: Printer = {
  columns: [nameColumn(), column('Controller', 'Controller of the object'), column('Revision', 'Revision indicates the revision of the state represented by Data.'), ageColumn()],
  row: (o, now) => {
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    let controller = '<none>';
    if (ref !== undefined) {
      const slash = ref.apiVersion.indexOf('/');
      const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
      controller = `${(group === '' ? ref.kind : `${ref.kind}.${group}`).toLowerCase()}/${ref.name}`;
    }
    return { cells: [o.metadata.name ?? '', controller, int(o, 'revision'), timestampSince(o.metadata.creationTimestamp, now)] };
  },
};

/** NAME WEBHOOKS AGE (mutating and validating webhook configurations). */
export const webhookConfigurationPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Webhooks', 'Webhooks indicates the number of webhooks registered in this configuration', { type: 'integer' }),
    ageColumn(),
  ],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', objects(o, 'webhooks').length, timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

/** NAME SERVICE AVAILABLE AGE (kube-aggregator's APIService table). */
export const apiServicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Service', 'The reference to the service that hosts this API endpoint.'),
    column('Available', 'Whether this service is available.'),
    ageColumn(),
  ],
  row: (o, now) => {
    const service = isPlainObject(at(o, 'spec.service')) ? `${str(o, 'spec.service.namespace')}/${str(o, 'spec.service.name')}` : 'Local';
    let status = 'Unknown';
    const available = objects(o, 'status.conditions').find((c) => str(c, 'type') === 'Available');
    if (available !== undefined) {
      const s = str(available, 'status');
      const reason = str(available, 'reason');
      status = s === 'True' || reason === '' ? s : `${s} (${reason})`;
    }
    return { cells: [o.metadata.name ?? '', service, status, timestampSince(o.metadata.creationTimestamp, now)] };
  },
};
