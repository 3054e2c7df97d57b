/**
 * The fields no manager owns (kube's stripMetaManager): apiVersion, kind, and the metadata the
 * server controls (name, namespace, uid, resourceVersion, generation, creationTimestamp,
 * selfLink, managedFields), plus `metadata` itself as a member.
 */
import { isEmptySet, isMember, makeNode, type FieldSet } from './field-set.js';

const TOP = ['f:apiVersion', 'f:kind'] as const;
const META = [
  'f:name',
  'f:namespace',
  'f:creationTimestamp',
  'f:selfLink',
  'f:uid',
  'f:clusterName',
  'f:generation',
  'f:managedFields',
  'f:resourceVersion',
] as const;

const TOP_KEYS: ReadonlySet<string> = new Set(TOP);
const META_KEYS: ReadonlySet<string> = new Set(META);

/** A copy of `set` without `keys` (built key by key: deleting from a spread copy is slower). */
function without(set: FieldSet, keys: ReadonlySet<string>): FieldSet {
  const out: FieldSet = {};
  for (const key in set) {
    if (!keys.has(key)) out[key] = set[key] as FieldSet;
  }
  return out;
}

/** The set without the server-controlled fields; the same set when it has none. */
export function stripMeta(set: FieldSet): FieldSet {
  const meta = set['f:metadata'];
  const hasTop = TOP.some((k) => Object.hasOwn(set, k));
  const metaNeedsWork = meta !== undefined && (isMember(meta) || META.some((k) => Object.hasOwn(meta, k)));
  if (!hasTop && !metaNeedsWork) return set;
  const out = without(set, TOP_KEYS);
  if (meta !== undefined && metaNeedsWork) {
    const node = makeNode(false, without(meta, META_KEYS));
    if (node === undefined || isEmptySet(node)) {
      delete out['f:metadata'];
    } else {
      out['f:metadata'] = node;
    }
  }
  return out;
}
