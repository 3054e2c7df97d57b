/**
 * The structural facts server-side apply needs about a type, as structured-merge-diff's schema
 * model: scalars, atomic values (owned as a whole), structs with named fields, granular maps,
 * associative lists (keyed by list-map keys, or sets of scalars), and "deduced" values whose
 * shape decides (objects are granular maps, lists are atomic).
 */

/** A leaf: string, number, boolean, null, or a well-known type with a scalar JSON form. */
export interface ScalarType {
  readonly kind: 'scalar';
}

/** A value owned as a whole (atomic lists, maps and structs). */
export interface AtomicType {
  readonly kind: 'atomic';
}

/** An object with named fields; other fields are typed by `rest` (deduced when undefined). */
export interface StructType {
  readonly kind: 'struct';
  field(name: string): FieldType | undefined;
  readonly rest?: FieldType;
}

/** A granular map: each entry is owned separately. */
export interface MapType {
  readonly kind: 'map';
  readonly elem: FieldType;
}

/** An associative list: `keys` for list-map lists (sorted by name), undefined for sets of scalars. */
export interface ListType {
  readonly kind: 'list';
  readonly keys: readonly string[] | undefined;
  readonly elem: FieldType;
  /** Defaults of key fields (e.g. ports' `protocol: TCP`), used when an item omits them. */
  readonly keyDefaults?: Readonly<Record<string, unknown>>;
}

/** Untyped: the value's own shape decides. */
export interface DeducedType {
  readonly kind: 'deduced';
}

export type FieldType = ScalarType | AtomicType | StructType | MapType | ListType | DeducedType;

export const SCALAR: ScalarType = Object.freeze({ kind: 'scalar' });
export const ATOMIC: AtomicType = Object.freeze({ kind: 'atomic' });
export const DEDUCED: DeducedType = Object.freeze({ kind: 'deduced' });
export const DEDUCED_MAP: MapType = Object.freeze({ kind: 'map', elem: DEDUCED });

/** A list type; `keys` are sorted, as structured-merge-diff orders key fields. */
export function listType(keys: readonly string[] | undefined, elem: FieldType, keyDefaults?: Readonly<Record<string, unknown>>): ListType {
  const sorted = keys === undefined ? undefined : [...keys].sort();
  return keyDefaults === undefined ? { kind: 'list', keys: sorted, elem } : { kind: 'list', keys: sorted, elem, keyDefaults };
}

/**
 * The effective type of a value: deduced types resolve by shape, and a value whose shape does
 * not fit its type (a scalar where a struct is expected) is treated as atomic.
 */
export function resolveType(type: FieldType, value: unknown): FieldType {
  switch (type.kind) {
    case 'deduced':
      if (Array.isArray(value)) return ATOMIC;
      if (typeof value === 'object' && value !== null) return DEDUCED_MAP;
      return SCALAR;
    case 'struct':
    case 'map':
      return value === null || value === undefined || (typeof value === 'object' && !Array.isArray(value)) ? type : ATOMIC;
    case 'list':
      return value === null || value === undefined || Array.isArray(value) ? type : ATOMIC;
    default:
      return type;
  }
}

/** The type of one field of an object type (struct field, map entry, or deduced). */
export function childType(type: FieldType, name: string): FieldType {
  if (type.kind === 'struct') return type.field(name) ?? type.rest ?? DEDUCED;
  if (type.kind === 'map') return type.elem;
  return DEDUCED;
}

/** True when `name` is a named field of a struct (not a map entry). */
export function isNamedField(type: FieldType, name: string): boolean {
  return type.kind === 'struct' && type.field(name) !== undefined;
}
