/**
 * Field ownership for every write, as kube-apiserver's field manager keeps it in
 * `metadata.managedFields`:
 * - `recordUpdate` (create, update, patch): the fields the write added or changed become the
 *   manager's (operation Update); other managers lose them, and everyone loses removed fields.
 * - `applyConfig` (server-side apply): merges the configuration into the live object, removes
 *   what the manager applied before and no one owns any more, reports conflicts with other
 *   managers (409) unless forced, and makes the manager own exactly the applied fields.
 * Work is linear in the size of the object and its managedFields.
 */
import type { KubeObject } from '../../api/object.js';
import { jsonEqual, type JsonValue } from '../patch/json-value.js';
import { internalError } from '../status-error.js';
import { compareObjects, isNoChange } from './compare.js';
import { conflictError, listConflicts } from './conflict-error.js';
import { difference, EMPTY_SET, intersection, isEmptySet, setsEqual, union, type FieldSet } from './field-set.js';
import type { FieldType } from './field-type.js';
import { allowedFromLastApplied, buildLastApplied, KUBECTL_MANAGER, LAST_APPLIED_ANNOTATION, lastAppliedOf } from './last-applied.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  isResetManagedFields,
  ManagedFieldsError,
  managerId,
  type ManagerEntry,
  type Managers,
} from './managed-fields.js';
import { mergeObjects } from './merge.js';
import { pruneObject } from './prune.js';
import { stripMeta } from './strip-meta.js';
import { FieldSetError, toFieldSet } from './to-field-set.js';

/** The manager kube records for fields that existed before an object's first apply. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** What the field manager knows about the resource being written. */
export interface FieldContext {
  readonly type: FieldType;
  /** group/version of the request, e.g. apps/v1. */
  readonly apiVersion: string;
  readonly kind: string;
  /** True when status is written through its own subresource (and ignored on the main resource). */
  readonly statusSubresource: boolean;
  /** The time recorded for changed managers (RFC 3339, seconds). */
  readonly now: string;
}

/** The object without metadata.managedFields (shallow copies; the input is not modified). */
function body(object: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function setManagedFields(object: KubeObject, list: unknown): void {
  if (list === undefined) {
    delete object.metadata.managedFields;
  } else {
    object.metadata.managedFields = list as unknown[];
  }
}

function decodeTolerant(list: unknown): Managers {
  try {
    return decodeManagedFields(list, true);
  } catch (error) {
    if (error instanceof ManagedFieldsError) return new Map();
    throw error;
  }
}

/** Where an Update starts from: the managedFields the request carries, or the live ones. */
function baseManagers(live: KubeObject | undefined, next: KubeObject, subresource: string): { managers: Managers; fromLive: boolean } {
  const liveList = live?.metadata.managedFields;
  const requested = next.metadata.managedFields;
  if (subresource === '' && requested !== undefined) {
    if (isResetManagedFields(requested)) return { managers: new Map(), fromLive: false };
    if (!jsonEqual(requested as JsonValue, (liveList ?? null) as JsonValue)) {
      try {
        const managers = decodeManagedFields(requested, false);
        if (managers.size > 0) return { managers, fromLive: false };
      } catch (error) {
        if (!(error instanceof ManagedFieldsError)) throw error;
      }
    }
  }
  return { managers: decodeTolerant(liveList), fromLive: true };
}

function replaceFields(managers: Managers, id: string, entry: ManagerEntry, fields: FieldSet): void {
  if (fields === entry.fields) return;
  if (isEmptySet(fields)) {
    managers.delete(id);
    return;
  }
  const { raw: _raw, ...rest } = entry;
  managers.set(id, { ...rest, fields });
}

/**
 * Records an Update-operation write by `manager` in `next.metadata.managedFields` (`live` is
 * undefined for a create). `next` must be the object as it will be stored, defaults included.
 */
export function recordUpdate(ctx: FieldContext, live: KubeObject | undefined, next: KubeObject, manager: string, subresource: string): void {
  const { managers, fromLive } = baseManagers(live, next, subresource);
  const changes = compareObjects(live === undefined ? {} : body(live), body(next), ctx.type);
  const added = stripMeta(changes.added);
  const modified = stripMeta(changes.modified);
  const removed = stripMeta(changes.removed);
  if (isEmptySet(added) && isEmptySet(modified) && isEmptySet(removed)) {
    setManagedFields(next, fromLive ? live?.metadata.managedFields : encodeManagedFields(managers));
    return;
  }
  const changed = union(added, modified);
  for (const [id, entry] of [...managers]) {
    replaceFields(managers, id, entry, difference(difference(entry.fields, changed), removed));
  }
  if (!isEmptySet(changed)) {
    const id = managerId(manager, 'Update', ctx.apiVersion, subresource);
    const previous = managers.get(id);
    managers.set(id, {
      manager,
      operation: 'Update',
      apiVersion: ctx.apiVersion,
      subresource,
      time: ctx.now,
      fields: previous === undefined ? changed : union(previous.fields, changed),
    });
  }
  capUpdateManagers(managers);
  setManagedFields(next, encodeManagedFields(managers));
}

export interface ApplyOptions {
  readonly force: boolean;
  readonly subresource: string;
  /** Fills the kind's defaults in place (called on a private copy). */
  readonly defaults?: (object: KubeObject) => void;
}

/** Drops from an applied set what the subresource ignores (status on the main resource, all but status on /status). */
function ignoreResetFields(set: FieldSet, ctx: FieldContext, subresource: string): FieldSet {
  if (subresource === 'status') {
    const status = set['f:status'];
    return status === undefined ? EMPTY_SET : { 'f:status': status };
  }
  if (ctx.statusSubresource && set['f:status'] !== undefined) {
    const { 'f:status': _s, ...rest } = set;
    return rest;
  }
  return set;
}

/** What the write stores: the merged object, with status (or everything but status) from live. */
function resetFields(live: KubeObject, merged: KubeObject, ctx: FieldContext, subresource: string): KubeObject {
  if (subresource === 'status') {
    const out: KubeObject = { ...live, metadata: { ...live.metadata } };
    if (merged.metadata.resourceVersion !== undefined) out.metadata.resourceVersion = merged.metadata.resourceVersion;
    if (merged['status'] === undefined) {
      delete out['status'];
    } else {
      out['status'] = merged['status'];
    }
    return out;
  }
  if (!ctx.statusSubresource) return merged;
  const out: KubeObject = { ...merged };
  if (live['status'] === undefined) {
    delete out['status'];
  } else {
    out['status'] = live['status'];
  }
  return out;
}

function gvkNN(ctx: FieldContext, config: KubeObject): string {
  const slash = ctx.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ctx.apiVersion.slice(0, slash);
  const version = slash < 0 ? ctx.apiVersion : ctx.apiVersion.slice(slash + 1);
  return `${config.metadata.namespace ?? ''}/${config.metadata.name ?? ''}; ${group}/${version}, Kind=${ctx.kind}`;
}

/**
 * Server-side apply of `config` by `manager` onto `live` (undefined: the object is created).
 * Returns the object to store, with managedFields; throws the 409 conflict error.
 */
export function applyConfig(ctx: FieldContext, live: KubeObject | undefined, config: KubeObject, manager: string, options: ApplyOptions): KubeObject {
  const liveBody: KubeObject = live === undefined ? { metadata: {} } : body(live);
  const managers = decodeTolerant(live?.metadata.managedFields);
  if (live !== undefined && managers.size === 0) {
    // fields that predate the first apply belong to a manager of their own
    const existing = stripMeta(compareObjects({}, liveBody, ctx.type).added);
    if (!isEmptySet(existing)) {
      managers.set(managerId(BEFORE_FIRST_APPLY, 'Update', ctx.apiVersion, ''), {
        manager: BEFORE_FIRST_APPLY,
        operation: 'Update',
        apiVersion: ctx.apiVersion,
        subresource: '',
        time: ctx.now,
        fields: existing,
      });
    }
  }
  let applied: FieldSet;
  try {
    applied = ignoreResetFields(toFieldSet(config, ctx.type), ctx, options.subresource);
  } catch (error) {
    if (error instanceof FieldSetError) {
      throw internalError(`failed to create typed patch object (${gvkNN(ctx, config)}): ${error.message}`);
    }
    throw error;
  }
  const applyId = managerId(manager, 'Apply', '', options.subresource);
  const previous = managers.get(applyId);
  const next: Managers = new Map(managers);
  next.set(applyId, { manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource: options.subresource, fields: applied });

  let merged = mergeObjects(liveBody, config, ctx.type) as KubeObject;
  if (previous !== undefined && !isEmptySet(previous.fields)) {
    let owned: FieldSet = EMPTY_SET;
    for (const entry of next.values()) owned = union(owned, entry.fields);
    merged = pruneObject(merged, previous.fields, owned, ctx.type) as KubeObject;
  }
  // a private copy: merged shares subtrees with live and config, and defaulting mutates
  const result = JSON.parse(JSON.stringify(resetFields(liveBody, merged, ctx, options.subresource))) as KubeObject;
  if (options.subresource === '') options.defaults?.(result);

  const changes = compareObjects(liveBody, result, ctx.type);
  const changed = union(stripMeta(changes.added), stripMeta(changes.modified));
  const removed = stripMeta(changes.removed);
  const conflicts = new Map<string, { entry: ManagerEntry; fields: FieldSet }>();
  for (const [id, entry] of next) {
    if (id === applyId) continue;
    const fields = intersection(entry.fields, changed);
    if (!isEmptySet(fields)) conflicts.set(id, { entry, fields });
  }
  if (conflicts.size > 0 && !options.force) {
    const allowed = manager === KUBECTL_MANAGER && live !== undefined ? allowedFromLastApplied(liveBody, ctx.type, ctx.apiVersion) : undefined;
    const remaining = new Map<string, { entry: ManagerEntry; fields: FieldSet }>();
    for (const [id, conflict] of conflicts) {
      const fields = allowed === undefined ? conflict.fields : difference(conflict.fields, allowed);
      if (!isEmptySet(fields)) remaining.set(id, { entry: conflict.entry, fields });
    }
    if (remaining.size > 0) throw conflictError(listConflicts(remaining));
  }
  for (const [id, entry] of [...next]) {
    if (id === applyId) continue;
    const lost = conflicts.get(id)?.fields ?? EMPTY_SET;
    replaceFields(next, id, entry, difference(difference(entry.fields, lost), removed));
  }
  const objectChanged = !isNoChange(changes);
  const time = objectChanged ? ctx.now : previous?.time;
  const owned = stripMeta(applied);
  if (previous !== undefined && previous.time === time && previous.apiVersion === ctx.apiVersion && setsEqual(previous.fields, owned)) {
    next.set(applyId, previous); // written back verbatim
  } else {
    next.set(applyId, {
      manager,
      operation: 'Apply',
      apiVersion: ctx.apiVersion,
      subresource: options.subresource,
      ...(time === undefined ? {} : { time }),
      fields: owned,
    });
  }
  capUpdateManagers(next);

  if (manager === KUBECTL_MANAGER && live !== undefined && lastAppliedOf(liveBody) !== undefined) {
    result.metadata.annotations = { ...result.metadata.annotations, [LAST_APPLIED_ANNOTATION]: buildLastApplied(config) };
  }
  setManagedFields(result, encodeManagedFields(next));
  return result;
}
