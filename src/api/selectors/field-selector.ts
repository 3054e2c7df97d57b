/**
 * Field selectors: the `fieldSelector` query syntax (k8s.io/apimachinery/pkg/fields) and
 * the per-kind field labels kube-apiserver accepts.
 */
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';

/** One `field=value` or `field!=value` term. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** A parsed field selector: all terms must hold (AND). */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  /** Upstream Selector.String(), values escaped. */
  toString(): string;
}

/** A bad field selector or unsupported field label; `message` is the 400 Status text. */
export class FieldSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

function splitTerms(selector: string): string[] {
  // Commas split terms unless escaped with a backslash (escapes are kept for unescaping later).
  if (selector.length === 0) {
    return [];
  }
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (inSlash) {
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) {
        return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
      }
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes; bare `,` and `=` are errors. */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) {
    return value;
  }
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch === '\\' || ch === ',' || ch === '=') {
        out += ch;
      } else {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      inSlash = false;
      continue;
    }
    if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',' || ch === '=') {
      // Upstream prints the rune with %v, which is its code point.
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${ch.codePointAt(0) ?? 0}`);
    } else {
      out += ch;
    }
  }
  if (inSlash) {
    throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  }
  return out;
}

/** fields.EscapeValue. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/**
 * Parses `a=b,c==d,e!=f` like fields.ParseSelector (no whitespace trimming, as upstream).
 * Throws FieldSelectorError with the upstream message.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') {
      continue;
    }
    const term = splitTerm(part);
    if (term === undefined) {
      throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    }
    const value = unescapeFieldValue(term.rhs);
    requirements.push({ field: term.lhs, operator: term.op === '!=' ? '!=' : '=', value });
  }
  return {
    requirements,
    empty: requirements.length === 0,
    toString: () => requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(','),
  };
}

/** Field labels every kind accepts. */
const commonFieldLabels = ['metadata.name', 'metadata.namespace'] as const;

/**
 * The field labels kube-apiserver accepts per resource (group/resource), besides
 * metadata.name and metadata.namespace. Mirrors the AddFieldLabelConversionFunc registrations.
 */
export const FIELD_LABELS: Readonly<Record<string, readonly string[]>> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  'events.events.k8s.io': [
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'regarding.apiVersion',
    'regarding.resourceVersion',
    'regarding.fieldPath',
    'reason',
    'reportingController',
    'type',
  ],
  secrets: ['type'],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  services: ['spec.clusterIP', 'spec.type'],
  replicationcontrollers: ['status.replicas'],
  'replicasets.apps': ['status.replicas'],
  'jobs.batch': ['status.successful'],
  persistentvolumes: ['name'],
  'certificatesigningrequests.certificates.k8s.io': ['spec.signerName'],
};

function resourceKey(resource: { group: string; resource: string }): string {
  return resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
}

/** Whether kube-apiserver accepts this field label for the resource. */
export function isFieldLabelSupported(resource: { group: string; resource: string }, label: string): boolean {
  if ((commonFieldLabels as readonly string[]).includes(label)) {
    return true;
  }
  return FIELD_LABELS[resourceKey(resource)]?.includes(label) ?? false;
}

/** Throws FieldSelectorError(`field label not supported: x`) for the first unsupported label. */
export function checkFieldLabels(
  selector: FieldSelector,
  resource: { group: string; resource: string },
  extraLabels: readonly string[] = [],
): void {
  for (const r of selector.requirements) {
    if (!isFieldLabelSupported(resource, r.field) && !extraLabels.includes(r.field)) {
      throw new FieldSelectorError(`field label not supported: ${r.field}`);
    }
  }
}

function goFormat(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  return undefined;
}

function lookupPath(object: unknown, path: string): unknown {
  let cur: unknown = object;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) {
      return undefined;
    }
    cur = cur[part];
  }
  return cur;
}

/**
 * The value a field label has on an object, as the apiserver's GetAttrs computes it
 * (e.g. `status.podIP` is the first of status.podIPs, `spec.unschedulable` defaults to "false").
 */
export function fieldLabelValue(object: KubeObject, resource: { group: string; resource: string }, label: string): string {
  const key = resourceKey(resource);
  if (label === 'metadata.name') {
    return object.metadata.name ?? '';
  }
  if (label === 'metadata.namespace') {
    return object.metadata.namespace ?? '';
  }
  if (key === 'pods') {
    if (label === 'status.podIP') {
      const ips = lookupPath(object, 'status.podIPs');
      const first = Array.isArray(ips) && isPlainObject(ips[0]) ? ips[0]['ip'] : undefined;
      return goFormat(first ?? lookupPath(object, 'status.podIP')) ?? '';
    }
    if (label === 'status.podIPs') {
      // Accepted as a label (the downward API shares the list) but absent from the pod's field set.
      return '';
    }
    if (label === 'spec.hostNetwork') {
      return lookupPath(object, 'spec.hostNetwork') === true ? 'true' : 'false';
    }
  }
  if (key === 'nodes' && label === 'spec.unschedulable') {
    return lookupPath(object, 'spec.unschedulable') === true ? 'true' : 'false';
  }
  if (key === 'events' && label === 'source') {
    const component = goFormat(lookupPath(object, 'source.component')) ?? '';
    return component !== '' ? component : (goFormat(lookupPath(object, 'reportingComponent')) ?? '');
  }
  if ((key === 'replicasets.apps' || key === 'replicationcontrollers') && label === 'status.replicas') {
    return goFormat(lookupPath(object, 'status.replicas')) ?? '0';
  }
  if (key === 'jobs.batch' && label === 'status.successful') {
    return goFormat(lookupPath(object, 'status.succeeded')) ?? '0';
  }
  if (key === 'persistentvolumes' && label === 'name') {
    return object.metadata.name ?? '';
  }
  return goFormat(lookupPath(object, label)) ?? '';
}

/** Whether the object satisfies every term of the selector. */
export function matchesFieldSelector(
  selector: FieldSelector,
  object: KubeObject,
  resource: { group: string; resource: string },
): boolean {
  return selector.requirements.every((r) => {
    const actual = fieldLabelValue(object, resource, r.field);
    return r.operator === '=' ? actual === r.value : actual !== r.value;
  });
}

/**
 * Parses, checks the labels for the resource, and returns a matcher; throws
 * FieldSelectorError (to be answered with 400 BadRequest).
 */
export function compileFieldSelector(
  selector: string,
  resource: { group: string; resource: string },
  extraLabels: readonly string[] = [],
): (object: KubeObject) => boolean {
  const parsed = parseFieldSelector(selector);
  checkFieldLabels(parsed, resource, extraLabels);
  return (object) => matchesFieldSelector(parsed, object, resource);
}
