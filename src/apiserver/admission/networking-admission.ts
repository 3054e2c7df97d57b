/**
 * Karmada's MultiClusterService webhooks (pkg/webhook/multiclusterservice) and the
 * MultiClusterIngress validating webhook (pkg/webhook/multiclusteringress; the Ingress spec
 * checks lifted from Kubernetes, the common ones here).
 */
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
} from '../../api/selectors/name-rules.js';
import { child, duplicate, index, invalid, notSupported, required, type FieldError } from '../validation/field-error.js';
import { jsonEqual, listAt, numberAt, objectAt, stringAt, type Json } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { clusterNameErrors } from './cluster-rules.js';
import { ensurePermanentId } from './permanent-id.js';

export const MCS_PERMANENT_ID_LABEL = 'multiclusterservice.karmada.io/permanent-id';
const EXPOSURE_TYPES = new Set(['CrossCluster', 'LoadBalancer']);
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function nameErrors(name: string, check: (n: string) => string[]): FieldError[] {
  return check(name).map((message) => invalid('metadata.name', name, message));
}

/** validateMultiClusterServiceSpec. */
function validateMcsSpec(spec: Json | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const portNames = new Set<string>();
  listAt(spec, 'ports').forEach((port, i) => {
    const at = index('spec.ports', i);
    const name = stringAt(port, 'name');
    if (name !== '') {
      for (const message of isDNS1123Label(name)) errors.push(invalid(child(at, 'name'), name, message));
      if (portNames.has(name)) errors.push(duplicate(child(at, 'name'), name));
      portNames.add(name);
    }
    const number = numberAt(port, 'port') ?? 0;
    for (const message of isValidPortNum(number)) errors.push(invalid(child(at, 'port'), number, message));
  });
  const types = Array.isArray(spec?.['types']) ? (spec['types'] as unknown[]) : [];
  types.forEach((type, i) => {
    if (typeof type !== 'string' || !EXPOSURE_TYPES.has(type)) errors.push(invalid(index('spec.types', i), type, 'ExposureType Error'));
  });
  if (new Set(types).size > 1) errors.push(invalid('spec.types', types, 'MultiClusterService types should not contain more than one type'));
  for (const list of ['providerClusters', 'consumerClusters']) {
    listAt(spec, list).forEach((cluster, i) => {
      const name = stringAt(cluster, 'name');
      const messages = clusterNameErrors(name);
      if (messages.length > 0) errors.push(invalid(index(`spec.range.${list}`, i), name, messages.join(',')));
    });
  }
  return errors;
}

/** MultiClusterService: a permanent id; DNS-1035 names, ports, one exposure type, immutable types. */
export function multiClusterServiceAdmission(newId?: () => string): KarmadaAdmissionRule {
  return {
    name: 'MultiClusterService',
    resources: ['networking.karmada.io/multiclusterservices'],
    mutate: (mcs) => ensurePermanentId(mcs, MCS_PERMANENT_ID_LABEL, newId),
    validate(mcs, ctx) {
      const errors: FieldError[] = [];
      const spec = objectAt(mcs, 'spec');
      if (ctx.oldObject !== undefined) {
        const oldTypes = objectAt(ctx.oldObject, 'spec')?.['types'];
        if (!jsonEqual(oldTypes ?? null, spec?.['types'] ?? null)) {
          errors.push(invalid('spec.types', oldTypes ?? null, 'MultiClusterService types are immutable'));
        }
      }
      errors.push(...nameErrors(mcs.metadata.name ?? '', isDNS1035Label));
      errors.push(...validateMcsSpec(spec));
      return errors;
    },
  };
}

function validateBackend(backend: Json, path: string): FieldError[] {
  const service = objectAt(backend, 'service');
  const resource = objectAt(backend, 'resource');
  if (service !== undefined && resource !== undefined) return [invalid(path, backend, 'cannot set both resource and service backends')];
  if (service === undefined && resource === undefined) return [invalid(path, backend, 'resource or service backend is required')];
  if (service === undefined) return [];
  const errors: FieldError[] = [];
  const name = stringAt(service, 'name');
  if (name === '') errors.push(required(child(path, 'service', 'name')));
  else for (const message of isDNS1035Label(name)) errors.push(invalid(child(path, 'service', 'name'), name, message));
  const port = objectAt(service, 'port');
  const portName = stringAt(port, 'name');
  const portNumber = numberAt(port, 'number');
  if (portName !== '' && portNumber !== undefined) errors.push(invalid(child(path, 'service', 'port'), port, 'cannot set both port name & port number'));
  else if (portName !== '') for (const message of isValidPortName(portName)) errors.push(invalid(child(path, 'service', 'port', 'name'), portName, message));
  else if (portNumber !== undefined) for (const message of isValidPortNum(portNumber)) errors.push(invalid(child(path, 'service', 'port', 'number'), portNumber, message));
  else errors.push(required(child(path, 'service', 'port'), 'port name or number is required'));
  return errors;
}

/** The common part of ValidateIngressSpec: a backend or rules, hosts, paths and backends. */
export function validateIngressSpec(spec: Json | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const rules = listAt(spec, 'rules');
  const defaultBackend = objectAt(spec, 'defaultBackend');
  if (rules.length === 0 && defaultBackend === undefined) {
    errors.push(invalid('spec.rules', rules, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (defaultBackend !== undefined) errors.push(...validateBackend(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const at = index('spec.rules', i);
    const host = stringAt(rule, 'host');
    if (host !== '') {
      const bare = host.startsWith('*.') ? host.slice(2) : host;
      for (const message of isDNS1123Subdomain(bare)) errors.push(invalid(child(at, 'host'), host, message));
    }
    const http = objectAt(rule, 'http');
    if (http === undefined) return;
    const paths = listAt(http, 'paths');
    if (paths.length === 0) errors.push(required(child(at, 'http', 'paths')));
    paths.forEach((p, j) => {
      const pathAt = index(child(at, 'http', 'paths'), j);
      const pathType = stringAt(p, 'pathType');
      if (pathType === '') errors.push(required(child(pathAt, 'pathType'), 'pathType must be specified'));
      else if (!PATH_TYPES.includes(pathType)) errors.push(notSupported(child(pathAt, 'pathType'), pathType, PATH_TYPES));
      const path = stringAt(p, 'path');
      if ((pathType === 'Exact' || pathType === 'Prefix') && !path.startsWith('/')) {
        errors.push(invalid(child(pathAt, 'path'), path, "must be an absolute path"));
      }
      const backend = objectAt(p, 'backend');
      if (backend !== undefined) errors.push(...validateBackend(backend, child(pathAt, 'backend')));
    });
  });
  listAt(spec, 'tls').forEach((tls, i) => {
    const secret = stringAt(tls, 'secretName');
    if (secret !== '') for (const message of isDNS1123Subdomain(secret)) errors.push(invalid(child(index('spec.tls', i), 'secretName'), secret, message));
  });
  return errors;
}

/** MultiClusterIngress: DNS-subdomain name and Ingress spec checks. */
export function multiClusterIngressAdmission(): KarmadaAdmissionRule {
  return {
    name: 'MultiClusterIngress',
    resources: ['networking.karmada.io/multiclusteringresses'],
    validate: (mci) => [...nameErrors(mci.metadata.name ?? '', isDNS1123Subdomain), ...validateIngressSpec(objectAt(mci, 'spec'))],
  };
}
