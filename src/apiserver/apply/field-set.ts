/**
 * Sets of field paths, kept in the `FieldsV1` JSON form of managedFields so that stored sets need
 * no decoding: each key is a path element (`f:name`, `k:{"name":"x"}`, `v:"value"`, `i:3`), and a
 * node is itself a member of the set when it is empty (`{}`) or holds a `"."` key.
 *
 * A *set* is the root object (its children are the top-level path elements; the empty path is
 * never a member). A *node* is the value under a path element. Sets are immutable values:
 * operations return new objects that share unchanged subtrees, or the input itself when nothing
 * changed (so callers can detect "unchanged" with `===`).
 */

export interface FieldSet {
  [pathElement: string]: FieldSet;
}

/** The key that marks a node with children as a member itself. */
export const SELF = '.';

/** A member without children. Frozen: sets are shared, never mutated. */
export const LEAF: FieldSet = Object.freeze({}) as FieldSet;

export const EMPTY_SET: FieldSet = Object.freeze({}) as FieldSet;

/** True when the set (or node) has no keys at all. */
export function isEmptySet(set: FieldSet): boolean {
  for (const _ in set) return false;
  return true;
}

/** True when a node is itself a member of its set. */
export function isMember(node: FieldSet): boolean {
  return isEmptySet(node) || Object.hasOwn(node, SELF);
}

/** True when a node has children (keys other than `.`). */
function hasChildren(node: FieldSet): boolean {
  for (const key in node) {
    if (key !== SELF) return true;
  }
  return false;
}

/**
 * A node from a membership flag and a children object (which may carry a stale `.` key, ignored).
 * Undefined when the node would be neither a member nor have children.
 */
export function makeNode(member: boolean, children: FieldSet | undefined): FieldSet | undefined {
  if (children === undefined || !hasChildren(children)) {
    return member ? LEAF : undefined;
  }
  const hasSelf = Object.hasOwn(children, SELF);
  if (member === hasSelf) return children;
  const out: FieldSet = member ? { [SELF]: LEAF } : {};
  for (const key in children) {
    if (key !== SELF) out[key] = children[key] as FieldSet;
  }
  return out;
}

/** The node with membership added. */
export function withMember(node: FieldSet | undefined): FieldSet {
  return node === undefined ? LEAF : (makeNode(true, node) as FieldSet);
}

function unionChildren(a: FieldSet, b: FieldSet): FieldSet {
  let out: FieldSet | undefined;
  for (const key in b) {
    if (key === SELF) continue;
    const bChild = b[key] as FieldSet;
    const aChild = a[key];
    const merged = aChild === undefined ? bChild : unionNode(aChild, bChild);
    if (merged !== aChild) {
      out ??= copyChildren(a);
      out[key] = merged;
    }
  }
  return out ?? a;
}

function copyChildren(node: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const key in node) out[key] = node[key] as FieldSet;
  return out;
}

/** Union of two nodes at the same path. */
export function unionNode(a: FieldSet, b: FieldSet): FieldSet {
  if (a === b) return a;
  const member = isMember(a) || isMember(b);
  const children = unionChildren(a, b);
  return makeNode(member, children) ?? LEAF;
}

/** Union of two sets. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  if (a === b || isEmptySet(b)) return a;
  if (isEmptySet(a)) return b;
  return unionChildren(a, b);
}

function differenceChildren(a: FieldSet, b: FieldSet): FieldSet {
  let out: FieldSet | undefined;
  for (const key in b) {
    if (key === SELF) continue;
    const aChild = a[key];
    if (aChild === undefined) continue;
    const diff = differenceNode(aChild, b[key] as FieldSet);
    if (diff !== aChild) {
      out ??= copyChildren(a);
      if (diff === undefined) {
        delete out[key];
      } else {
        out[key] = diff;
      }
    }
  }
  return out ?? a;
}

/** Members of node `a` that are not members of node `b` (undefined when none remain). */
export function differenceNode(a: FieldSet, b: FieldSet): FieldSet | undefined {
  const aMember = isMember(a);
  const member = aMember && !isMember(b);
  const children = differenceChildren(a, b);
  if (member === aMember && children === a) return a;
  return makeNode(member, children);
}

/** Members of `a` that are not members of `b`; `a` itself when nothing is removed. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmptySet(a) || isEmptySet(b)) return a;
  if (a === b) return EMPTY_SET;
  return differenceChildren(a, b);
}

function intersectionChildren(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = {};
  // iterate the smaller side
  const [small, large] = Object.keys(a).length <= Object.keys(b).length ? [a, b] : [b, a];
  for (const key in small) {
    if (key === SELF) continue;
    const other = large[key];
    if (other === undefined) continue;
    const both = intersectionNode(small[key] as FieldSet, other);
    if (both !== undefined) out[key] = both;
  }
  return out;
}

/** Members of both nodes (undefined when none). */
export function intersectionNode(a: FieldSet, b: FieldSet): FieldSet | undefined {
  return makeNode(isMember(a) && isMember(b), intersectionChildren(a, b));
}

/** Members of both sets. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmptySet(a) || isEmptySet(b)) return EMPTY_SET;
  return intersectionChildren(a, b);
}

/** True when path (a list of path elements) is a member of the set. */
export function hasPath(set: FieldSet, path: readonly string[]): boolean {
  let node: FieldSet | undefined = set;
  for (const element of path) {
    node = node[element];
    if (node === undefined) return false;
  }
  return path.length > 0 && isMember(node);
}

/** A set holding exactly the given paths. */
export function setOf(...paths: readonly (readonly string[])[]): FieldSet {
  let set: FieldSet = EMPTY_SET;
  for (const path of paths) {
    let node: FieldSet = LEAF;
    for (let i = path.length - 1; i >= 0; i--) {
      node = { [path[i] as string]: node };
    }
    set = union(set, node);
  }
  return set;
}

/**
 * Every member path, in structured-merge-diff's iteration order: at each level the members
 * first, then the children's subtrees, both sorted by path element.
 */
export function memberPaths(set: FieldSet): string[][] {
  const out: string[][] = [];
  const walk = (node: FieldSet, prefix: readonly string[]): void => {
    const keys = Object.keys(node)
      .filter((k) => k !== SELF)
      .sort(comparePathElements);
    for (const key of keys) {
      if (isMember(node[key] as FieldSet)) out.push([...prefix, key]);
    }
    for (const key of keys) {
      const child = node[key] as FieldSet;
      if (hasChildren(child)) walk(child, [...prefix, key]);
    }
  };
  walk(set, []);
  return out;
}

const ELEMENT_RANK: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's order of path elements: field names, then keys, values, indexes. */
export function comparePathElements(a: string, b: string): number {
  const ta = a.charCodeAt(0);
  const tb = b.charCodeAt(0);
  // the common case: two field names (or two elements of one kind) compare as strings
  if (ta === tb && ta !== 0x69 /* i */) return a < b ? -1 : a > b ? 1 : 0;
  if (a === SELF) return b === SELF ? 0 : -1;
  if (b === SELF) return 1;
  const rankA = ELEMENT_RANK[a[0] ?? ''] ?? 4;
  const rankB = ELEMENT_RANK[b[0] ?? ''] ?? 4;
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 3) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The set with every level's keys in structured-merge-diff's order (`.` first), for encoding.
 * Levels already in order are reused as they are.
 */
export function sortedSet(set: FieldSet): FieldSet {
  const keys = Object.keys(set);
  if (keys.length === 0) return set;
  let inOrder = true;
  for (let i = 1; i < keys.length; i++) {
    if (comparePathElements(keys[i - 1] as string, keys[i] as string) > 0) {
      inOrder = false;
      break;
    }
  }
  let changed = !inOrder;
  const children: FieldSet[] = [];
  for (const key of keys) {
    const child = set[key] as FieldSet;
    const sorted = sortedSet(child);
    if (sorted !== child) changed = true;
    children.push(sorted);
  }
  if (!changed) return set;
  const order = keys.map((key, i) => [key, children[i] as FieldSet] as const);
  if (!inOrder) order.sort((x, y) => comparePathElements(x[0], y[0]));
  const out: FieldSet = {};
  for (const [key, child] of order) out[key] = child;
  return out;
}

/** Number of member paths (for tests and diagnostics). */
export function memberCount(set: FieldSet): number {
  let count = 0;
  for (const key in set) {
    if (key === SELF) continue;
    const child = set[key] as FieldSet;
    if (isMember(child)) count++;
    count += memberCount(child);
  }
  return count;
}

/** True when two sets (or nodes) hold the same members. */
export function setsEqual(a: FieldSet, b: FieldSet): boolean {
  if (a === b) return true;
  let count = 0;
  for (const key in a) {
    const other = b[key];
    if (other === undefined || !setsEqual(a[key] as FieldSet, other)) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}
