/** Service validation (ValidateService / ValidateServiceUpdate, the commonly hit parts). */
import { isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum } from '../../api/selectors/name-rules.js';
import { child, duplicate, forbidden, index, invalid, notSupported, required, type FieldError } from './field-error.js';
import { listAt, numberAt, stringAt, stringMapAt, type Json } from './json-access.js';
import { validateLabels } from './object-meta.js';
import { validateDNS1123Label } from './pod-spec.js';

const protocols = ['SCTP', 'TCP', 'UDP'];
const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const KUBELET_PORT = 10250;

function clusterIPs(spec: Json): string[] {
  const ips = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'].filter((s): s is string => typeof s === 'string') : [];
  const ip = stringAt(spec, 'clusterIP');
  return ips.length === 0 && ip !== '' ? [ip] : ips;
}

function isHeadless(spec: Json): boolean {
  return clusterIPs(spec)[0] === 'None';
}

function isIP(value: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(value)) {
    return value.split('.').every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  }
  return value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value) && value.split('::').length <= 2;
}

function validatePortNumOrName(value: unknown, path: string): FieldError[] {
  if (typeof value === 'number') {
    return isValidPortNum(value).map((msg) => invalid(path, value, msg));
  }
  if (typeof value === 'string') {
    return isValidPortName(value).map((msg) => invalid(path, value, msg));
  }
  return [];
}

function validateServicePort(port: Json, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = stringAt(port, 'name');
  if (requireName && name === '') {
    errs.push(required(child(path, 'name')));
  } else if (name !== '') {
    errs.push(...validateDNS1123Label(name, child(path, 'name')));
    if (names.has(name)) {
      errs.push(duplicate(child(path, 'name'), name));
    } else {
      names.add(name);
    }
  }
  const portNum = numberAt(port, 'port') ?? 0;
  for (const msg of isValidPortNum(portNum)) {
    errs.push(invalid(child(path, 'port'), portNum, msg));
  }
  const protocol = stringAt(port, 'protocol');
  if (protocol === '') {
    errs.push(required(child(path, 'protocol')));
  } else if (!protocols.includes(protocol)) {
    errs.push(notSupported(child(path, 'protocol'), protocol, protocols));
  }
  errs.push(...validatePortNumOrName(port['targetPort'], child(path, 'targetPort')));
  const appProtocol = port['appProtocol'];
  if (typeof appProtocol === 'string') {
    for (const msg of isQualifiedName(appProtocol)) {
      errs.push(invalid(child(path, 'appProtocol'), appProtocol, msg));
    }
  }
  return errs;
}

/** ValidateService (spec part; metadata is validated by the caller). */
export function validateServiceSpec(spec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const type = stringAt(spec, 'type');
  const ports = listAt(spec, 'ports');
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName') {
    errs.push(required(child(path, 'ports')));
  }
  const ips = clusterIPs(spec);
  switch (type) {
    case 'LoadBalancer':
      ports.forEach((p, i) => {
        if (numberAt(p, 'port') === KUBELET_PORT) {
          errs.push(invalid(index(child(path, 'ports'), i), KUBELET_PORT, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
        }
      });
      if (isHeadless(spec)) {
        errs.push(invalid(index(child(path, 'clusterIPs'), 0), 'None', "may not be set to 'None' for LoadBalancer services"));
      }
      break;
    case 'NodePort':
      if (isHeadless(spec)) {
        errs.push(invalid(index(child(path, 'clusterIPs'), 0), 'None', "may not be set to 'None' for NodePort services"));
      }
      break;
    case 'ExternalName': {
      if (ips.length > 0) {
        errs.push(forbidden(child(path, 'clusterIPs'), 'may not be set for ExternalName services'));
      }
      if (Array.isArray(spec['ipFamilies']) && spec['ipFamilies'].length > 0) {
        errs.push(forbidden(child(path, 'ipFamilies'), 'may not be set for ExternalName services'));
      }
      if (spec['ipFamilyPolicy'] !== undefined && spec['ipFamilyPolicy'] !== null) {
        errs.push(forbidden(child(path, 'ipFamilyPolicy'), 'may not be set for ExternalName services'));
      }
      const cname = stringAt(spec, 'externalName').replace(/\.$/, '');
      if (cname === '') {
        errs.push(required(child(path, 'externalName')));
      } else {
        for (const msg of isDNS1123Subdomain(cname)) {
          errs.push(invalid(child(path, 'externalName'), cname, msg));
        }
      }
      break;
    }
  }
  if (type !== 'ExternalName') {
    ips.forEach((ip, i) => {
      if (ip !== 'None' && !isIP(ip)) {
        errs.push(invalid(index(child(path, 'clusterIPs'), i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      }
    });
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, index(child(path, 'ports'), i)));
  });
  errs.push(...validateLabels(stringMapAt(spec, 'selector'), child(path, 'selector')));
  const affinity = stringAt(spec, 'sessionAffinity');
  if (affinity === '') {
    errs.push(required(child(path, 'sessionAffinity')));
  } else if (affinity !== 'ClientIP' && affinity !== 'None') {
    errs.push(notSupported(child(path, 'sessionAffinity'), affinity, ['ClientIP', 'None']));
  }
  if (type === '') {
    errs.push(required(child(path, 'type')));
  } else if (!serviceTypes.includes(type)) {
    errs.push(notSupported(child(path, 'type'), type, serviceTypes));
  }
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if ((numberAt(p, 'nodePort') ?? 0) !== 0) {
        errs.push(forbidden(child(index(child(path, 'ports'), i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      }
    });
  }
  // Duplicate (protocol, port) pairs; upstream prints the internal ServicePort key.
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${stringAt(p, 'protocol')}/${numberAt(p, 'port') ?? 0}`;
    if (seen.has(key)) {
      errs.push(
        duplicate(index(child(path, 'ports'), i), {
          Name: '',
          Protocol: stringAt(p, 'protocol'),
          AppProtocol: null,
          Port: numberAt(p, 'port') ?? 0,
          TargetPort: 0,
          NodePort: 0,
        }),
      );
    }
    seen.add(key);
  });
  return errs;
}

/** ValidateServiceUpdate's address rule: the cluster IPs may not change once set (ExternalName aside). */
export function validateServiceUpdate(spec: Json, oldSpec: Json, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  if (stringAt(spec, 'type') === 'ExternalName' || stringAt(oldSpec, 'type') === 'ExternalName') {
    return errs;
  }
  if (isHeadless(spec) && isHeadless(oldSpec)) {
    return errs;
  }
  const now = clusterIPs(spec);
  const before = clusterIPs(oldSpec);
  if (now.length === before.length) {
    before.forEach((ip, i) => {
      if (ip !== now[i]) {
        errs.push(invalid(index(child(path, 'clusterIPs'), i), now, 'may not change once set'));
      }
    });
  } else if (now.length > 0 && before.length > 0 && now[0] !== before[0]) {
    errs.push(invalid(index(child(path, 'clusterIPs'), 0), now, 'may not change once set'));
  }
  return errs;
}

