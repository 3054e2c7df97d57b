/**
 * Removing what an applier stopped applying (structured-merge-diff's prune): a field, list item
 * or map entry is removed when the applier owned it last time and no manager (the applier's new
 * configuration included) owns it now. Named struct fields count as owned when anything below
 * them is owned (EnsureNamedFieldsAreMembers), so a struct is only removed whole when nothing in
 * it is owned any more; unowned fields below a kept node stay (dangling items are added back).
 * Walks only the paths of the previous applied set.
 */
import { isPlainObject } from '../../api/object.js';
import { childType, isNamedField, resolveType, type FieldType, type ListType } from './field-type.js';
import { isMember, SELF, type FieldSet } from './field-set.js';
import { listItemElement } from './path-element.js';

/**
 * `merged` without what `lastApplied` owned and `owned` (the union of every manager's set after
 * this apply) does not. Copy on write: unchanged subtrees are shared, inputs are not modified.
 */
export function pruneObject(merged: Record<string, unknown>, lastApplied: FieldSet, owned: FieldSet, type: FieldType): Record<string, unknown> {
  return pruneMap(merged, lastApplied, owned, false, false, type);
}

/**
 * `inRemoved`: this path lies under a member of the last applied set (it went away in the first
 * pruning pass); `inDropped`: it lies under a path that pass removed and no one owns.
 */
function pruneMap(
  value: Record<string, unknown>,
  last: FieldSet,
  owned: FieldSet | undefined,
  inRemoved: boolean,
  inDropped: boolean,
  type: FieldType,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const element in last) {
    if (element === SELF || !element.startsWith('f:')) continue;
    const name = element.slice(2);
    const child = value[name];
    if (child === undefined) continue;
    const named = isNamedField(type, name);
    const lastChild = last[element] as FieldSet;
    const ownedChild = owned?.[element];
    const action = decide(lastChild, ownedChild, named, inRemoved, inDropped);
    if (action === 'remove') {
      out ??= { ...value };
      delete out[name];
      continue;
    }
    const next = descend(child, lastChild, ownedChild, action.inRemoved, action.inDropped, childType(type, name));
    if (next !== child) {
      out ??= { ...value };
      out[name] = next;
    }
  }
  return out ?? value;
}

function decide(
  last: FieldSet,
  owned: FieldSet | undefined,
  named: boolean,
  inRemoved: boolean,
  inDropped: boolean,
): 'remove' | { inRemoved: boolean; inDropped: boolean } {
  const lastMember = named || isMember(last);
  const ownedMember = owned !== undefined && (named || isMember(owned));
  const removed = inRemoved || lastMember;
  const dropped = inDropped || (removed && !ownedMember);
  if (dropped && lastMember) return 'remove';
  return { inRemoved: removed, inDropped: dropped };
}

function descend(value: unknown, last: FieldSet, owned: FieldSet | undefined, inRemoved: boolean, inDropped: boolean, type: FieldType): unknown {
  const t = resolveType(type, value);
  if ((t.kind === 'struct' || t.kind === 'map') && isPlainObject(value)) {
    return pruneMap(value, last, owned, inRemoved, inDropped, t);
  }
  if (t.kind === 'list' && Array.isArray(value)) {
    return pruneList(value, last, owned, inRemoved, inDropped, t);
  }
  return value;
}

function pruneList(items: unknown[], last: FieldSet, owned: FieldSet | undefined, inRemoved: boolean, inDropped: boolean, type: ListType): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const element = listItemElement(item, type);
    const lastChild = element === undefined ? undefined : last[element];
    let next = item;
    let keep = true;
    if (lastChild !== undefined && element !== undefined) {
      const ownedChild = owned?.[element];
      const action = decide(lastChild, ownedChild, false, inRemoved, inDropped);
      if (action === 'remove') {
        keep = false;
      } else {
        next = descend(item, lastChild, ownedChild, action.inRemoved, action.inDropped, type.elem);
      }
    }
    if (out === undefined && (!keep || next !== item)) out = items.slice(0, i);
    if (out !== undefined && keep) out.push(next);
  }
  return out ?? items;
}
