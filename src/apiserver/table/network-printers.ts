/** Printers for services, endpoints, endpointslices, ingresses, ingressclasses and networkpolicies. */
import { isPlainObject } from '../../api/object.js';
import { formatLabels, formatLabelSelector } from '../../api/selectors/label-selector.js';
import type { LabelSelectorObject } from '../../api/selectors/label-selector.js';
import { timestampSince } from './human-duration.js';
import { at, int, objects, optInt, str, stringMap, strings } from './object-fields.js';
import { ageColumn, column, nameColumn, type Printer } from './printer.js';

function loadBalancerStatus(object: unknown, path: string): string {
  const result = new Set<string>();
  for (const ingress of objects(object, path)) {
    if (str(ingress, 'ip') !== '') {
      result.add(str(ingress, 'ip'));
    } else if (str(ingress, 'hostname') !== '') {
      result.add(str(ingress, 'hostname'));
    }
  }
  // sets.String.List() is sorted; the server prints wide, so nothing is clipped.
  return [...result].sort().join(',');
}

function serviceExternalIP(svc: unknown): string {
  const externalIPs = strings(svc, 'spec.externalIPs');
  switch (str(svc, 'spec.type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatus(svc, 'status.loadBalancer.ingress');
      if (externalIPs.length > 0) {
        const results = lbIps.length > 0 ? lbIps.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lbIps.length > 0 ? lbIps : '<pending>';
    }
    case 'ExternalName':
      return str(svc, 'spec.externalName');
    default:
      return '<unknown>';
  }
}

function portString(svc: unknown): string {
  return objects(svc, 'spec.ports')
    .map((p) => {
      const nodePort = int(p, 'nodePort');
      return nodePort > 0 ? `${int(p, 'port')}:${nodePort}/${str(p, 'protocol')}` : `${int(p, 'port')}/${str(p, 'protocol')}`;
    })
    .join(',');
}

/** NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (wide: SELECTOR). */
export const servicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Type', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  row: (o, now) => {
    // The v1 -> internal conversion fills clusterIPs from clusterIP when only the latter is set.
    const clusterIPs = strings(o, 'spec.clusterIPs');
    const internalIP = clusterIPs[0] ?? (str(o, 'spec.clusterIP') || '<none>');
    const ports = portString(o);
    return {
      cells: [
        o.metadata.name ?? '',
        str(o, 'spec.type'),
        internalIP,
        serviceExternalIP(o),
        ports.length > 0 ? ports : '<none>',
        timestampSince(o.metadata.creationTimestamp, now),
        formatLabels(stringMap(o, 'spec.selector')),
      ],
    };
  },
};

function formatEndpoints(endpoints: unknown): string {
  const subsets = objects(endpoints, 'subsets');
  if (subsets.length === 0) {
    return '<none>';
  }
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = objects(ss, 'addresses');
    const ports = objects(ss, 'ports');
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(addr, 'ip'));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(addr, 'ip');
        const host = ip.includes(':') ? `[${ip}]` : ip;
        list.push(`${host}:${int(port, 'port')}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) {
    return `${ret} + ${count - max} more...`;
  }
  return ret === '' ? '<unset>' : ret;
}

/** NAME ENDPOINTS AGE. */
export const endpointsPrinter: Printer = {
  columns: [nameColumn(), column('Endpoints', 'The set of all endpoints is the union of all subsets.'), ageColumn()],
  row: (o, now) => ({
    cells: [o.metadata.name ?? '', formatEndpoints(o), timestampSince(o.metadata.creationTimestamp, now)],
  }),
};

/** NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn(),
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn(),
  ],
  row: (o, now) => {
    const max = 3;
    const ports: string[] = [];
    let portCount = 0;
    let portsMore = false;
    for (const port of objects(o, 'ports')) {
      if (ports.length < max) {
        const num = optInt(port, 'port');
        ports.push(num !== undefined ? String(num) : typeof at(port, 'name') === 'string' ? str(port, 'name') : '*');
      } else if (ports.length === max) {
        portsMore = true;
      }
      portCount++;
    }
    const addresses: string[] = [];
    let addrCount = 0;
    let addrMore = false;
    for (const endpoint of objects(o, 'endpoints')) {
      for (const address of strings(endpoint, 'addresses')) {
        if (addresses.length < max) {
          addresses.push(address);
        } else if (addresses.length === max) {
          addrMore = true;
        }
        addrCount++;
      }
    }
    return {
      cells: [
        o.metadata.name ?? '',
        str(o, 'addressType'),
        listWithMore(ports, portsMore, portCount, max),
        listWithMore(addresses, addrMore, addrCount, max),
        timestampSince(o.metadata.creationTimestamp, now),
      ],
    };
  },
};

function formatHosts(ingress: unknown): string {
  const rules = objects(ingress, 'spec.rules');
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) {
      more = true;
    }
    if (!more && str(rule, 'host') !== '') {
      list.push(str(rule, 'host'));
    }
  }
  if (list.length === 0) {
    return '*';
  }
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

/** NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  row: (o, now) => ({
    cells: [
      o.metadata.name ?? '',
      typeof at(o, 'spec.ingressClassName') === 'string' ? str(o, 'spec.ingressClassName') : '<none>',
      formatHosts(o),
      loadBalancerStatus(o, 'status.loadBalancer.ingress'),
      objects(o, 'spec.tls').length > 0 ? '80, 443' : '80',
      timestampSince(o.metadata.creationTimestamp, now),
    ],
  }),
};

/** NAME CONTROLLER PARAMETERS AGE. */
export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Controller', 'Controller that is responsible for handling this class'),
    column('Parameters', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  row: (o, now) => {
    let parameters = '<none>';
    const p = at(o, 'spec.parameters');
    if (isPlainObject(p)) {
      parameters = str(p, 'kind');
      if (typeof p['apiGroup'] === 'string') {
        parameters = `${parameters}.${p['apiGroup']}`;
      }
      parameters = `${parameters}/${str(p, 'name')}`;
    }
    return {
      cells: [o.metadata.name ?? '', str(o, 'spec.controller'), parameters, timestampSince(o.metadata.creationTimestamp, now)],
    };
  },
};

/** NAME POD-SELECTOR AGE. */
export const networkPolicyPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Pod-Selector', 'Selects the pods to which this NetworkPolicy object applies.'),
    ageColumn(),
  ],
  row: (o, now) => {
    const sel = at(o, 'spec.podSelector');
    // A non-pointer selector in the internal type: absent means empty, which selects everything.
    const selector: LabelSelectorObject = isPlainObject(sel) ? (sel as LabelSelectorObject) : {};
    return {
      cells: [o.metadata.name ?? '', formatLabelSelector(selector), timestampSince(o.metadata.creationTimestamp, now)],
    };
  },
};
