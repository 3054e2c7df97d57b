/**
 * Pod spec and pod template validation (the parts of pkg/apis/core/validation that users hit
 * most): containers, ports, volumes and mounts, restart and DNS policies.
 */
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../../api/selectors/name-rules.js';
import { child, duplicate, forbidden, index, invalid, notFound, notSupported, required, type FieldError } from './field-error.js';
import { listAt, numberAt, objectAt, stringAt, stringMapAt, type Json } from './json-access.js';
import { validateAnnotations, validateLabels } from './object-meta.js';

const supportedProtocols = ['SCTP', 'TCP', 'UDP'];

/** ValidateDNS1123Label: one Invalid per message. */
export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(path, value, msg));
}

function validateContainerPorts(ports: Json[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const idx = index(path, i);
    const name = stringAt(port, 'name');
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) {
        for (const msg of msgs) {
          errs.push(invalid(child(idx, 'name'), name, msg));
        }
      } else if (names.has(name)) {
        errs.push(duplicate(child(idx, 'name'), name));
      } else {
        names.add(name);
      }
    }
    const containerPort = numberAt(port, 'containerPort') ?? 0;
    if (containerPort === 0) {
      errs.push(required(child(idx, 'containerPort')));
    } else {
      for (const msg of isValidPortNum(containerPort)) {
        errs.push(invalid(child(idx, 'containerPort'), containerPort, msg));
      }
    }
    const hostPort = numberAt(port, 'hostPort') ?? 0;
    if (hostPort !== 0) {
      for (const msg of isValidPortNum(hostPort)) {
        errs.push(invalid(child(idx, 'hostPort'), hostPort, msg));
      }
    }
    const protocol = stringAt(port, 'protocol');
    if (protocol === '') {
      errs.push(required(child(idx, 'protocol')));
    } else if (!supportedProtocols.includes(protocol)) {
      errs.push(notSupported(child(idx, 'protocol'), protocol, supportedProtocols));
    }
  });
  return errs;
}

function validateContainerCommon(container: Json, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = stringAt(container, 'name');
  if (name === '') {
    errs.push(required(child(path, 'name')));
  } else {
    errs.push(...validateDNS1123Label(name, child(path, 'name')));
  }
  if (stringAt(container, 'image') === '') {
    errs.push(required(child(path, 'image')));
  }
  errs.push(...validateContainerPorts(listAt(container, 'ports'), child(path, 'ports')));
  listAt(container, 'volumeMounts').forEach((mount, i) => {
    const idx = index(child(path, 'volumeMounts'), i);
    const mountName = stringAt(mount, 'name');
    if (mountName === '') {
      errs.push(required(child(idx, 'name')));
    } else if (!volumes.has(mountName)) {
      errs.push(notFound(child(idx, 'name'), mountName));
    }
    if (stringAt(mount, 'mountPath') === '') {
      errs.push(required(child(idx, 'mountPath')));
    }
  });
  const pullPolicy = stringAt(container, 'imagePullPolicy');
  if (pullPolicy === '') {
    errs.push(required(child(path, 'imagePullPolicy')));
  } else if (!['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) {
    errs.push(notSupported(child(path, 'imagePullPolicy'), pullPolicy, ['Always', 'IfNotPresent', 'Never']));
  }
  const messagePolicy = stringAt(container, 'terminationMessagePolicy');
  if (messagePolicy === '') {
    errs.push(required(child(path, 'terminationMessagePolicy'), 'must be \'File\' or \'FallbackToLogsOnError\''));
  } else if (!['File', 'FallbackToLogsOnError'].includes(messagePolicy)) {
    errs.push(invalid(child(path, 'terminationMessagePolicy'), messagePolicy, "must be 'File' or 'FallbackToLogsOnError'"));
  }
  return errs;
}

const volumeSourceKeys = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function validateVolumes(volumes: Json[], path: string): { names: Set<string>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((volume, i) => {
    const idx = index(path, i);
    const name = stringAt(volume, 'name');
    if (name === '') {
      errs.push(required(child(idx, 'name')));
    } else {
      errs.push(...validateDNS1123Label(name, child(idx, 'name')));
    }
    if (names.has(name)) {
      errs.push(duplicate(child(idx, 'name'), name));
    }
    const sources = volumeSourceKeys.filter((k) => volume[k] !== undefined && volume[k] !== null);
    if (sources.length === 0) {
      errs.push(required(idx, 'must specify a volume type'));
    } else if (sources.length > 1) {
      errs.push(forbidden(child(idx, sources[1] ?? ''), 'may not specify more than 1 volume type'));
    }
    if (name !== '' && !names.has(name)) {
      names.add(name);
    }
  });
  return { names, errs };
}

/** ValidatePodSpec (the commonly exercised subset). */
export function validatePodSpec(spec: Json | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec ?? {};
  const { names: volumeNames, errs: volumeErrs } = validateVolumes(listAt(s, 'volumes'), child(path, 'volumes'));
  errs.push(...volumeErrs);

  const containers = listAt(s, 'containers');
  const containersPath = child(path, 'containers');
  if (containers.length === 0) {
    errs.push(required(containersPath));
  }
  const allNames = new Set<string>();
  containers.forEach((c, i) => {
    const idx = index(containersPath, i);
    errs.push(...validateContainerCommon(c, volumeNames, idx));
    const name = stringAt(c, 'name');
    if (allNames.has(name)) {
      errs.push(duplicate(child(idx, 'name'), name));
    } else {
      allNames.add(name);
    }
  });
  listAt(s, 'initContainers').forEach((c, i) => {
    const idx = index(child(path, 'initContainers'), i);
    errs.push(...validateContainerCommon(c, volumeNames, idx));
    const name = stringAt(c, 'name');
    if (allNames.has(name)) {
      errs.push(duplicate(child(idx, 'name'), name));
    } else {
      allNames.add(name);
    }
  });

  const restartPolicy = stringAt(s, 'restartPolicy');
  if (restartPolicy === '') {
    errs.push(required(child(path, 'restartPolicy')));
  } else if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy)) {
    errs.push(notSupported(child(path, 'restartPolicy'), restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  const dnsPolicy = stringAt(s, 'dnsPolicy');
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dnsPolicy === '') {
    errs.push(required(child(path, 'dnsPolicy')));
  } else if (!dnsPolicies.includes(dnsPolicy)) {
    errs.push(notSupported(child(path, 'dnsPolicy'), dnsPolicy, dnsPolicies));
  }
  errs.push(...validateLabels(stringMapAt(s, 'nodeSelector'), child(path, 'nodeSelector')));
  const grace = numberAt(s, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace < 0) {
    // Negative values are tolerated on update only; new objects must not use them.
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be >= 0'));
  }
  const deadline = numberAt(s, 'activeDeadlineSeconds');
  if (deadline !== undefined && deadline < 1) {
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, 'must be between 1 and 2147483647, inclusive'));
  }
  return errs;
}

/**
 * ValidatePodTemplateSpec. Note upstream validates the template labels under
 * `<path>.labels` (not `.metadata.labels`).
 */
export function validatePodTemplateSpec(template: Json | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const meta = objectAt(template, 'metadata');
  errs.push(...validateLabels(stringMapAt(meta, 'labels'), child(path, 'labels')));
  errs.push(...validateAnnotations(stringMapAt(meta, 'annotations'), child(path, 'annotations')));
  const spec = objectAt(template, 'spec');
  errs.push(...validatePodSpec(spec, child(path, 'spec')));
  if (listAt(spec, 'ephemeralContainers').length > 0) {
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
