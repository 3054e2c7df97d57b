/**
 * Service defaulting (SetDefaults_Service) plus what the service REST storage adds: cluster
 * IP and node port allocation on create, and keeping allocated values on update.
 */
import { isPlainObject } from '../../api/object.js';
import { child, type Json } from './json-tree.js';
import { invalid, type FieldError } from '../validation/field-error.js';
import { AllocationError, type ClusterIpAllocator, type NodePortAllocator } from './cluster-ip-allocator.js';
import { setDefault } from './pod-defaults.js';

function ports(spec: Json): Json[] {
  const v = spec['ports'];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

function externallyAccessible(spec: Json): boolean {
  const type = spec['type'];
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(spec['externalIPs']) && spec['externalIPs'].length > 0)
  );
}

/** SetDefaults_Service, plus `status.loadBalancer: {}` (a struct, so always present). */
export function applyServiceDefaults(object: Json): void {
  const spec = child(object, 'spec');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') {
    delete spec['sessionAffinityConfig'];
  }
  if (spec['sessionAffinity'] === 'ClientIP') {
    const config = spec['sessionAffinityConfig'];
    const clientIP = isPlainObject(config) ? config['clientIP'] : undefined;
    if (!isPlainObject(clientIP) || typeof clientIP['timeoutSeconds'] !== 'number') {
      spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 10800 } };
    }
  }
  setDefault(spec, 'type', 'ClusterIP');
  for (const port of ports(spec)) {
    setDefault(port, 'protocol', 'TCP');
    const target = port['targetPort'];
    if (target === undefined || target === null || target === 0 || target === '') {
      port['targetPort'] = port['port'];
    }
  }
  if (externallyAccessible(spec)) {
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  }
  if (spec['internalTrafficPolicy'] === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(String(spec['type']))) {
    spec['internalTrafficPolicy'] = 'Cluster';
  }
  if (spec['type'] === 'LoadBalancer' && typeof spec['allocateLoadBalancerNodePorts'] !== 'boolean') {
    spec['allocateLoadBalancerNodePorts'] = true;
  }
  const status = child(object, 'status');
  if (!isPlainObject(status['loadBalancer'])) {
    status['loadBalancer'] = {};
  }
}

function needsClusterIP(spec: Json): boolean {
  return spec['type'] !== 'ExternalName';
}

function needsNodePort(spec: Json): boolean {
  return spec['type'] === 'NodePort' || (spec['type'] === 'LoadBalancer' && spec['allocateLoadBalancerNodePorts'] !== false);
}

function needsHealthCheckNodePort(spec: Json): boolean {
  return spec['type'] === 'LoadBalancer' && spec['externalTrafficPolicy'] === 'Local';
}

/**
 * On create: allocates spec.clusterIP(s) (or reserves the requested one), sets ipFamilies
 * [IPv4] and ipFamilyPolicy, and allocates node ports. Returns field errors (422) for
 * addresses that cannot be had. Call after applyServiceDefaults.
 */
export function allocateServiceAddresses(
  object: Json,
  ips: ClusterIpAllocator,
  nodePorts: NodePortAllocator,
): FieldError[] {
  const errors: FieldError[] = [];
  const spec = child(object, 'spec');
  const meta = isPlainObject(object['metadata']) ? object['metadata'] : {};
  const seed = `${String(meta['namespace'] ?? '')}/${String(meta['name'] ?? '')}`;
  if (needsClusterIP(spec)) {
    const requestedIPs = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'].filter((s): s is string => typeof s === 'string') : [];
    let clusterIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
    if (clusterIP === '' && requestedIPs.length > 0) {
      clusterIP = requestedIPs[0] ?? '';
    }
    if (clusterIP === 'None') {
      spec['clusterIP'] = 'None';
      spec['clusterIPs'] = ['None'];
      // Headless services without a selector may be dual-stack; with one, single-stack.
      const hasSelector = isPlainObject(spec['selector']) && Object.keys(spec['selector']).length > 0;
      setDefault(spec, 'ipFamilyPolicy', hasSelector ? 'SingleStack' : 'RequireDualStack');
    } else {
      if (clusterIP === '') {
        clusterIP = ips.allocate(seed);
      } else {
        try {
          ips.allocateSpecific(clusterIP);
        } catch (err) {
          if (!(err instanceof AllocationError)) {
            throw err;
          }
          errors.push(invalid('spec.clusterIPs', [clusterIP], `failed to allocate IP ${clusterIP}: ${err.detail}`));
        }
      }
      spec['clusterIP'] = clusterIP;
      spec['clusterIPs'] = [clusterIP];
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    }
    if (!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) {
      spec['ipFamilies'] = ['IPv4'];
    }
  }
  if (needsNodePort(spec)) {
    ports(spec).forEach((port, i) => {
      const requested = port['nodePort'];
      if (typeof requested === 'number' && requested !== 0) {
        try {
          nodePorts.allocateSpecific(requested);
        } catch (err) {
          if (!(err instanceof AllocationError)) {
            throw err;
          }
          errors.push(invalid(`spec.ports[${i}].nodePort`, requested, err.detail));
        }
      } else {
        port['nodePort'] = nodePorts.allocate(`${seed}/${i}`);
      }
    });
  }
  if (needsHealthCheckNodePort(spec) && typeof spec['healthCheckNodePort'] !== 'number') {
    spec['healthCheckNodePort'] = nodePorts.allocate(`${seed}/health`);
  }
  return errors;
}

/**
 * On update: values the client left out (clusterIP(s), ip families, node ports, health check
 * port) are copied from the stored object, as the REST storage's patchAllocatedValues does.
 */
export function preserveAllocatedServiceFields(object: Json, old: Json): void {
  const spec = child(object, 'spec');
  const oldSpec = isPlainObject(old['spec']) ? old['spec'] : {};
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    setDefault(spec, 'clusterIP', oldSpec['clusterIP']);
    if ((!Array.isArray(spec['clusterIPs']) || spec['clusterIPs'].length === 0) && Array.isArray(oldSpec['clusterIPs'])) {
      spec['clusterIPs'] = [...oldSpec['clusterIPs']];
    }
    if (spec['ipFamilyPolicy'] === undefined && oldSpec['ipFamilyPolicy'] !== undefined) {
      spec['ipFamilyPolicy'] = oldSpec['ipFamilyPolicy'];
    }
    if ((!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) && Array.isArray(oldSpec['ipFamilies'])) {
      spec['ipFamilies'] = [...oldSpec['ipFamilies']];
    }
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const usedInNew = new Set(ports(spec).map((p) => p['nodePort']).filter((n) => typeof n === 'number' && n !== 0));
    const usedInOld = new Set(ports(oldSpec).map((p) => p['nodePort']).filter((n) => typeof n === 'number' && n !== 0));
    const byName = new Map<unknown, unknown>();
    for (const p of ports(oldSpec)) {
      byName.set(p['name'] ?? '', p['nodePort']);
    }
    for (const p of ports(spec)) {
      if (p['nodePort'] === undefined || p['nodePort'] === 0) {
        const oldValue = byName.get(p['name'] ?? '');
        if (typeof oldValue === 'number' && !(usedInNew.has(oldValue) && usedInOld.has(oldValue))) {
          p['nodePort'] = oldValue;
        }
      }
    }
  }
  if (needsHealthCheckNodePort(oldSpec) && needsHealthCheckNodePort(spec)) {
    if (typeof spec['healthCheckNodePort'] !== 'number' || spec['healthCheckNodePort'] === 0) {
      spec['healthCheckNodePort'] = oldSpec['healthCheckNodePort'];
    }
  }
}
