/** Printers for core kinds: configmaps, secrets, namespaces, nodes, events, serviceaccounts, PVCs, PVs, podtemplates. */
import { formatLabels } from '../../api/selectors/label-selector.js';
import { parseTimestamp, timestampSince } from './human-duration.js';
import { at, int, mapSize, objects, optStr, str, stringMap, strings } from './object-fields.js';
import { ageColumn, column, containerCells, nameColumn, type Printer } from './printer.js';

/** NAME DATA AGE. */
export const configMapPrinter: Printer = {
  columns: [nameColumn(), column('Data', 'Data contains the configuration data.'), ageColumn()],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', mapSize(o, 'data') + mapSize(o, 'binaryData'), timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

/** NAME TYPE DATA AGE. */
export const secretPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'Data contains the secret data.'),
    ageColumn(),
  ],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', str(o, 'type'), mapSize(o, 'data'), timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

/** NAME STATUS AGE. */
export const namespacePrinter: Printer = {
  columns: [nameColumn(), column('Status', 'The status of the namespace'), ageColumn()],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', str(o, 'status.phase'), timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

/** NAME SECRETS AGE. */
export const serviceAccountPrinter: Printer = {
  columns: [nameColumn(), column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn()],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', objects(o, 'secrets').length, timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

function nodeRoles(labels: Record<string, string>): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role.length > 0) {
        roles.add(role);
      }
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

function nodeAddress(node: unknown, type: string): string {
  const a = objects(node, 'status.addresses').find((addr) => str(addr, 'type') === type);
  return a === undefined ? '<none>' : str(a, 'address');
}

/** NAME STATUS ROLES AGE VERSION (wide: INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME). */
export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    ageColumn(),
    column('Version', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    column('External-IP', 'List of addresses reachable to the node.', { priority: 1 }),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', {
      priority: 1,
    }),
  ],
  row: (o, now) => {
    const status: string[] = [];
    // Only the Ready condition is summarised; the last entry of a type wins, as in the Go map.
    let ready: Record<string, unknown> | undefined;
    for (const c of objects(o, 'status.conditions')) {
      if (str(c, 'type') === 'Ready') {
        ready = c;
      }
    }
    if (ready !== undefined) {
      status.push(str(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
    } else {
      status.push('Unknown');
    }
    if (at(o, 'spec.unschedulable') === true) {
      status.push('SchedulingDisabled');
    }
    const roles = nodeRoles(o.metadata.labels ?? {}).join(',');
    return {
      cells: [
        o.metadata.name ?? '',
        status.join(','),
        roles.length > 0 ? roles : '<none>',
        timestampSince(o.metadata.creationTimestamp, now),
        str(o, 'status.nodeInfo.kubeletVersion'),
        nodeAddress(o, 'InternalIP'),
        nodeAddress(o, 'ExternalIP'),
        str(o, 'status.nodeInfo.osImage') || '<unknown>',
        str(o, 'status.nodeInfo.kernelVersion') || '<unknown>',
        str(o, 'status.nodeInfo.containerRuntimeVersion') || '<unknown>',
      ],
    };
  },
};

function eventSource(o: unknown): string {
  const component = str(o, 'source.component') || str(o, 'reportingComponent');
  const instance = str(o, 'source.host') || str(o, 'reportingInstance');
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

/** LAST SEEN TYPE REASON OBJECT MESSAGE (wide: SUBOBJECT SOURCE FIRST SEEN COUNT NAME). */
export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'The object that this event is about.'),
    column('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', {
      priority: 1,
    }),
    column('Source', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { priority: 1 }),
    column('Count', 'The number of times this event has occurred.', { priority: 1 }),
    column('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', {
      priority: 1,
      format: 'name',
    }),
  ],
  row: (o, now) => {
    const firstTimestamp =
      parseTimestamp(at(o, 'firstTimestamp')) !== undefined
        ? timestampSince(at(o, 'firstTimestamp'), now)
        : timestampSince(at(o, 'eventTime'), now);
    let lastTimestamp =
      parseTimestamp(at(o, 'lastTimestamp')) !== undefined ? timestampSince(at(o, 'lastTimestamp'), now) : firstTimestamp;
    let count = int(o, 'count');
    const series = at(o, 'series');
    if (typeof series === 'object' && series !== null) {
      lastTimestamp = timestampSince(at(o, 'series.lastObservedTime'), now);
      count = int(o, 'series.count');
    } else if (count === 0) {
      // Singleton events of the events.k8s.io API carry no count.
      count = 1;
    }
    const kind = str(o, 'involvedObject.kind').toLowerCase();
    const name = str(o, 'involvedObject.name');
    const target = name.length > 0 ? `${kind}/${name}` : kind;
    return {
      cells: [
        lastTimestamp,
        str(o, 'type'),
        str(o, 'reason'),
        target,
        str(o, 'involvedObject.fieldPath'),
        eventSource(o),
        str(o, 'message').trim(),
        firstTimestamp,
        count,
        o.metadata.name ?? '',
      ],
    };
  },
};

function accessModes(modes: string[]): string {
  const out: string[] = [];
  for (const [mode, short] of [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ] as const) {
    if (modes.includes(mode)) {
      out.push(short);
    }
  }
  return out.join(',');
}

function storageClassOf(o: { metadata: { annotations?: Record<string, string> } }, specPath: unknown): string {
  const beta = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) {
    return beta;
  }
  return str(specPath, 'spec.storageClassName');
}

/** NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE (wide: VOLUMEMODE). */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    column('StorageClass', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', { priority: 1 }),
  ],
  row: (o, now) => {
    const phase = typeof o.metadata.deletionTimestamp === 'string' ? 'Terminating' : str(o, 'status.phase');
    const volumeName = str(o, 'spec.volumeName');
    let capacity = '';
    let modes = '';
    if (volumeName !== '') {
      modes = accessModes(strings(o, 'status.accessModes'));
      capacity = str(o, 'status.capacity.storage') || '0';
    }
    return {
      cells: [
        o.metadata.name ?? '',
        phase,
        volumeName,
        capacity,
        modes,
        storageClassOf(o, o),
        optStr(o, 'spec.volumeAttributesClassName') ?? '<unset>',
        timestampSince(o.metadata.creationTimestamp, now),
        optStr(o, 'spec.volumeMode') ?? '<unset>',
      ],
    };
  },
};

/** NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE (wide: VOLUMEMODE). */
export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    column('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn(),
    column('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', {
      priority: 1,
    }),
  ],
  row: (o, now) => {
    const claim = at(o, 'spec.claimRef');
    const claimRef = typeof claim === 'object' && claim !== null ? `${str(claim, 'namespace')}/${str(claim, 'name')}` : '';
    return {
      cells: [
        o.metadata.name ?? '',
        str(o, 'spec.capacity.storage') || '0',
        accessModes(strings(o, 'spec.accessModes')),
        str(o, 'spec.persistentVolumeReclaimPolicy'),
        typeof o.metadata.deletionTimestamp === 'string' ? 'Terminating' : str(o, 'status.phase'),
        claimRef,
        storageClassOf(o, o),
        optStr(o, 'spec.volumeAttributesClassName') ?? '<unset>',
        str(o, 'status.reason'),
        timestampSince(o.metadata.creationTimestamp, now),
        optStr(o, 'spec.volumeMode') ?? '<unset>',
      ],
    };
  },
};

/** NAME CONTAINERS IMAGES POD LABELS. */
export const podTemplatePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Containers', 'Names of each container in the template.'),
    column('Images', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'The labels for the pod template.'),
  ],
  row: (o) => {
    const [names, images] = containerCells(o, 'template.spec.containers');
    return { cells: [o.metadata.name ?? '', names, images, formatLabels(stringMap(o, 'template.metadata.labels'))] };
  },
};
