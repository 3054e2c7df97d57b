/**
 * Merging an applied configuration into the live object (structured-merge-diff's Merge): the
 * configuration wins for leaves and atomic values; structs and granular maps merge per key;
 * associative lists merge per item key, ordered as structured-merge-diff orders them (the
 * configuration's order for its items, live-only items kept near their old neighbours). A null
 * in the configuration removes the field (as decoding into the Go type would).
 */
import { isPlainObject } from '../../api/object.js';
import { childType, resolveType, type FieldType, type ListType } from './field-type.js';
import { listItemElement } from './path-element.js';

/** The merged value; neither input is modified (results may share the inputs' subtrees). */
export function mergeValue(lhs: unknown, rhs: unknown, type: FieldType): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || lhs === null || rhs === null) return rhs;
  const t = resolveType(type, rhs);
  if (t.kind === 'struct' || t.kind === 'map') {
    return isPlainObject(lhs) && isPlainObject(rhs) ? mergeObjects(lhs, rhs, t) : rhs;
  }
  if (t.kind === 'list') {
    return Array.isArray(lhs) && Array.isArray(rhs) ? mergeLists(lhs, rhs, t) : rhs;
  }
  return rhs;
}

/** Merges two objects key by key; null values of `rhs` delete the key. */
export function mergeObjects(lhs: Record<string, unknown>, rhs: Record<string, unknown>, type: FieldType): Record<string, unknown> {
  const out: Record<string, unknown> = { ...lhs };
  for (const name in rhs) {
    const value = rhs[name];
    if (value === undefined) continue;
    if (value === null) {
      delete out[name];
      continue;
    }
    out[name] = mergeValue(lhs[name], value, childType(type, name));
  }
  return out;
}

function elements(items: readonly unknown[], type: ListType): string[] | undefined {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const element = listItemElement(item, type);
    if (element === undefined || seen.has(element)) return undefined;
    seen.add(element);
    out.push(element);
  }
  return out;
}

/** structured-merge-diff's list merge order, item by item. */
function mergeLists(lhs: readonly unknown[], rhs: readonly unknown[], type: ListType): unknown[] {
  const lKeys = elements(lhs, type);
  const rKeys = elements(rhs, type);
  if (lKeys === undefined || rKeys === undefined) return [...rhs];
  const lIndex = new Map<string, number>(lKeys.map((k, i) => [k, i]));
  const rIndex = new Map<string, number>(rKeys.map((k, i) => [k, i]));
  const shared = rKeys.filter((k) => lIndex.has(k));
  let sharedPos = 0;
  let nextShared = shared[0];
  const advanceShared = (): void => {
    sharedPos++;
    nextShared = shared[sharedPos];
  };
  const mergedFromRhs = new Set<string>();
  const out: unknown[] = [];
  const item = (key: string): unknown => {
    const li = lIndex.get(key);
    const ri = rIndex.get(key);
    return mergeValue(li === undefined ? undefined : lhs[li], ri === undefined ? undefined : rhs[ri], type.elem);
  };
  let lI = 0;
  let rI = 0;
  while (lI < lKeys.length || rI < rKeys.length) {
    if (lI < lKeys.length && rI < rKeys.length) {
      const key = lKeys[lI] as string;
      if (key === rKeys[rI]) {
        mergedFromRhs.add(key);
        out.push(item(key));
        lI++;
        rI++;
        advanceShared();
        continue;
      }
      if (rIndex.has(key) && nextShared !== undefined && nextShared !== key) {
        lI++; // a shared item, but not the one wanted in this round
        continue;
      }
    }
    if (lI < lKeys.length) {
      const key = lKeys[lI] as string;
      if (!rIndex.has(key)) {
        out.push(lhs[lI]);
        lI++;
        continue;
      }
      if (mergedFromRhs.has(key)) {
        lI++;
        continue;
      }
    }
    if (rI < rKeys.length) {
      const key = rKeys[rI] as string;
      mergedFromRhs.add(key);
      out.push(item(key));
      rI++;
      if (nextShared === key) advanceShared();
    }
  }
  return out;
}
