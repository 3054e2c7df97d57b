/**
 * `metadata.managedFields` decoded into managers (one per manager name, operation, subresource
 * and, for Update, apiVersion) and encoded back the way kube-apiserver writes them: entries
 * sorted (Apply first, then by time, manager, apiVersion, subresource), FieldsV1 sets sorted,
 * at most ten Update managers (older ones merged into `ancient-changes`). Entries that did not
 * change are written back as they were, so a no-op write stays byte-identical.
 */
import { isPlainObject } from '../../api/object.js';
import { isEmptySet, sortedSet, union, type FieldSet } from './field-set.js';
import { canonicalElement } from './path-element.js';

export type ManagedOperation = 'Apply' | 'Update';

/** One manager's ownership. */
export interface ManagerEntry {
  readonly manager: string;
  readonly operation: ManagedOperation;
  readonly apiVersion: string;
  readonly subresource: string;
  readonly time?: string;
  readonly fields: FieldSet;
  /** The entry as it was read; reused verbatim when nothing about the manager changed. */
  readonly raw?: Record<string, unknown>;
}

/** Managers by identifier (see managerId). Insertion order is the stored order. */
export type Managers = Map<string, ManagerEntry>;

/** kube's manager identifier: the entry without time and fields (and without apiVersion for Apply). */
export function managerId(manager: string, operation: ManagedOperation, apiVersion: string, subresource: string): string {
  const id: Record<string, string> = {};
  if (manager !== '') id['manager'] = manager;
  id['operation'] = operation;
  if (operation === 'Update' && apiVersion !== '') id['apiVersion'] = apiVersion;
  if (subresource !== '') id['subresource'] = subresource;
  return JSON.stringify(id);
}

export function entryId(entry: ManagerEntry): string {
  return managerId(entry.manager, entry.operation, entry.apiVersion, entry.subresource);
}

/** A malformed managedFields list. */
export class ManagedFieldsError extends Error {
  override readonly name = 'ManagedFieldsError';
}

function canonicalSet(value: unknown, path: string): FieldSet {
  if (!isPlainObject(value)) throw new ManagedFieldsError(`${path}: not an object`);
  let out: FieldSet | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const canonical = canonicalElement(key);
    if (canonical === undefined) throw new ManagedFieldsError(`${path}: invalid path element ${JSON.stringify(key)}`);
    const child = canonicalSet(value[key], `${path}.${key}`);
    if (canonical !== key || child !== value[key]) {
      out ??= Object.fromEntries(keys.slice(0, i).map((k) => [k, value[k]])) as FieldSet;
    }
    if (out !== undefined) out[canonical] = out[canonical] === undefined ? child : union(out[canonical] as FieldSet, child);
  }
  return out ?? (value as FieldSet);
}

/**
 * Decodes a managedFields list. `trusted` lists (written by this server) skip re-canonicalising
 * their path elements. Throws ManagedFieldsError when an entry is malformed.
 */
export function decodeManagedFields(list: unknown, trusted: boolean): Managers {
  const managers: Managers = new Map();
  if (list === undefined || list === null) return managers;
  if (!Array.isArray(list)) throw new ManagedFieldsError('managedFields must be a list');
  list.forEach((raw: unknown, i) => {
    if (!isPlainObject(raw)) throw new ManagedFieldsError(`managedFields[${i}] must be an object`);
    const operation = raw['operation'];
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError(`managedFields[${i}].operation: Unsupported value: ${JSON.stringify(operation ?? '')}`);
    if (raw['fieldsType'] !== 'FieldsV1') throw new ManagedFieldsError(`managedFields[${i}].fieldsType: Unsupported value: ${JSON.stringify(raw['fieldsType'] ?? '')}`);
    const str = (key: string): string => {
      const v = raw[key];
      if (v === undefined || v === null) return '';
      if (typeof v !== 'string') throw new ManagedFieldsError(`managedFields[${i}].${key} must be a string`);
      return v;
    };
    const rawFields = raw['fieldsV1'] ?? {};
    const fields = trusted && isPlainObject(rawFields) ? (rawFields as FieldSet) : canonicalSet(rawFields, `managedFields[${i}].fieldsV1`);
    const time = str('time');
    const entry: ManagerEntry = {
      manager: str('manager'),
      operation,
      apiVersion: str('apiVersion'),
      subresource: str('subresource'),
      ...(time === '' ? {} : { time }),
      fields,
      ...(trusted && fields === rawFields ? { raw } : {}),
    };
    managers.set(entryId(entry), entry);
  });
  return managers;
}

/** True for the lists a client sends to reset managedFields: `[]` or `[{}]`. */
export function isResetManagedFields(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  if (list.length === 0) return true;
  return list.length === 1 && isPlainObject(list[0]) && Object.keys(list[0]).length === 0;
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function compareEntries(p: ManagerEntry, q: ManagerEntry): number {
  if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
  const ps = seconds(p.time);
  const qs = seconds(q.time);
  if (ps !== qs) return ps - qs;
  if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
  if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
  if (p.subresource !== q.subresource) return p.subresource < q.subresource ? -1 : 1;
  return 0;
}

/** The JSON form of one entry, in the field order of metav1.ManagedFieldsEntry. */
function encodeEntry(entry: ManagerEntry): Record<string, unknown> {
  if (entry.raw !== undefined) return entry.raw;
  const out: Record<string, unknown> = {};
  if (entry.manager !== '') out['manager'] = entry.manager;
  out['operation'] = entry.operation;
  if (entry.apiVersion !== '') out['apiVersion'] = entry.apiVersion;
  if (entry.time !== undefined) out['time'] = entry.time;
  out['fieldsType'] = 'FieldsV1';
  out['fieldsV1'] = sortedSet(entry.fields);
  if (entry.subresource !== '') out['subresource'] = entry.subresource;
  return out;
}

/** Encodes managers as a sorted managedFields list (undefined when there are none). */
export function encodeManagedFields(managers: Managers): Record<string, unknown>[] | undefined {
  const entries = [...managers.values()].filter((e) => !isEmptySet(e.fields));
  if (entries.length === 0) return undefined;
  entries.sort(compareEntries);
  return entries.map(encodeEntry);
}

export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Caps the Update managers at `max`: the oldest are merged, per apiVersion, into an
 * `ancient-changes` manager (kube's capManagersManager).
 */
export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managers.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= max) return;
  updaters.sort(([idA, a], [idB, b]) => seconds(a.time) - seconds(b.time) || (idA < idB ? -1 : idA > idB ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, entry] of updaters) {
    if (length <= max) break;
    const bucketId = managerId(ANCIENT_CHANGES, 'Update', entry.apiVersion, '');
    const first = firstByVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstByVersion.set(entry.apiVersion, id);
      continue;
    }
    let bucket = managers.get(bucketId);
    if (bucket === undefined) {
      const firstEntry = managers.get(first);
      managers.delete(first);
      bucket = { manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: entry.apiVersion, subresource: '', fields: firstEntry?.fields ?? {} };
    }
    managers.set(bucketId, {
      manager: ANCIENT_CHANGES,
      operation: 'Update',
      apiVersion: entry.apiVersion,
      subresource: '',
      ...(entry.time === undefined ? {} : { time: entry.time }),
      fields: union(bucket.fields, entry.fields),
    });
    managers.delete(id);
    length--;
  }
}
