/**
 * Defaulting for Secrets, Namespaces, Endpoints, EndpointSlices, HPAs, RBAC bindings,
 * NetworkPolicies and PriorityClasses. Mutates in place.
 */
import { isPlainObject } from '../../api/object.js';
import { child, objects, type Json } from './json-tree.js';
import { setDefault } from './pod-defaults.js';

/** Secret: type Opaque; stringData is merged into data (base64) and dropped, as the v1 conversion does. */
export function applySecretDefaults(object: Json): void {
  setDefault(object, 'type', 'Opaque');
  const stringData = object['stringData'];
  if (isPlainObject(stringData)) {
    const entries = Object.entries(stringData).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (entries.length > 0) {
      const data = child(object, 'data');
      for (const [k, v] of entries) {
        data[k] = Buffer.from(v, 'utf8').toString('base64');
      }
    }
  }
  delete object['stringData'];
}

/** Namespace: label kubernetes.io/metadata.name=<name>, status.phase Active. */
export function applyNamespaceDefaults(object: Json): void {
  const meta = child(object, 'metadata');
  const name = meta['name'];
  if (typeof name === 'string' && name !== '') {
    child(meta, 'labels')['kubernetes.io/metadata.name'] = name;
  }
  setDefault(child(object, 'status'), 'phase', 'Active');
}

/** Endpoints: subset port protocol TCP. */
export function applyEndpointsDefaults(object: Json): void {
  for (const subset of objects(object, 'subsets')) {
    for (const port of objects(subset, 'ports')) {
      setDefault(port, 'protocol', 'TCP');
    }
  }
}

/** EndpointSlice (discovery/v1): port name "" and protocol TCP. */
export function applyEndpointSliceDefaults(object: Json): void {
  for (const port of objects(object, 'ports')) {
    if (port['name'] === undefined || port['name'] === null) {
      port['name'] = '';
    }
    setDefault(port, 'protocol', 'TCP');
  }
}

const scaleUpDefaults = (): Json => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});

const scaleDownDefaults = (): Json => ({
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
});

function mergeRules(given: unknown, defaults: Json): Json {
  if (!isPlainObject(given)) {
    return defaults;
  }
  const out = defaults;
  for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) {
    if (given[key] !== undefined && given[key] !== null) {
      out[key] = given[key];
    }
  }
  return out;
}

/**
 * HorizontalPodAutoscaler: minReplicas 1; autoscaling/v2 also gets the CPU 80% metric when
 * none is given and, when `behavior` is set, the default scale-up/down rules filled in.
 */
export function applyHorizontalPodAutoscalerDefaults(object: Json, version: string): void {
  const spec = child(object, 'spec');
  if (typeof spec['minReplicas'] !== 'number') {
    spec['minReplicas'] = 1;
  }
  if (version === 'v1') {
    return;
  }
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ];
  }
  const behavior = spec['behavior'];
  if (isPlainObject(behavior)) {
    behavior['scaleUp'] = mergeRules(behavior['scaleUp'], scaleUpDefaults());
    behavior['scaleDown'] = mergeRules(behavior['scaleDown'], scaleDownDefaults());
  }
}

/** RoleBinding / ClusterRoleBinding: roleRef.apiGroup and subject apiGroups. */
export function applyRoleBindingDefaults(object: Json): void {
  const roleRef = child(object, 'roleRef');
  setDefault(roleRef, 'apiGroup', 'rbac.authorization.k8s.io');
  for (const subject of objects(object, 'subjects')) {
    if (subject['apiGroup'] === undefined || subject['apiGroup'] === '') {
      if (subject['kind'] === 'ServiceAccount') {
        subject['apiGroup'] = '';
      } else if (subject['kind'] === 'User' || subject['kind'] === 'Group') {
        subject['apiGroup'] = 'rbac.authorization.k8s.io';
      }
    }
  }
}

/** NetworkPolicy: port protocol TCP; policyTypes Ingress (+ Egress when egress rules exist). */
export function applyNetworkPolicyDefaults(object: Json): void {
  const spec = child(object, 'spec');
  for (const direction of ['ingress', 'egress']) {
    for (const rule of objects(spec, direction)) {
      for (const port of objects(rule, 'ports')) {
        setDefault(port, 'protocol', 'TCP');
      }
    }
  }
  if (!Array.isArray(spec['policyTypes']) || spec['policyTypes'].length === 0) {
    const types = ['Ingress'];
    if (Array.isArray(spec['egress']) && spec['egress'].length > 0) {
      types.push('Egress');
    }
    spec['policyTypes'] = types;
  }
}

/** PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function applyPriorityClassDefaults(object: Json): void {
  setDefault(object, 'preemptionPolicy', 'PreemptLowerPriority');
}
