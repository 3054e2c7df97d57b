import { typeTable, type FieldRow, type TypeRow } from './tables.js';

/** Protobuf scalar type names used by the Kubernetes schemas. */
export type ScalarTypeName =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

const SCALARS: ReadonlySet<string> = new Set<ScalarTypeName>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

/** True for protobuf scalar type names. */
export function isScalarType(type: string): type is ScalarTypeName {
  return SCALARS.has(type);
}

/** One field of a built-in message, with its proto facts and its strategic-merge/SSA markers. */
export interface FieldSchema {
  /** Proto field name, which is also the JSON name (unless `inline`). */
  readonly name: string;
  readonly number: number;
  /** A scalar type name, or the fully qualified message name (of the map value for maps). */
  readonly type: string;
  /** True when `type` names a message. */
  readonly isMessage: boolean;
  readonly repeated: boolean;
  readonly map: boolean;
  /** Key type of a map (always 'string' in the Kubernetes API). */
  readonly mapKeyType?: string;
  /** From +optional. */
  readonly optional: boolean;
  /** A Go embedded struct: its fields appear directly in the parent's JSON. */
  readonly inline: boolean;
  /**
   * A Go value field tagged omitempty: a zero value (0, false, "") means unset. Known for a curated
   * set of scalar fields only; false means "keep explicit zeros" (pointer fields, or not known).
   */
  readonly omitZero: boolean;
  readonly patchMergeKey?: string;
  readonly patchStrategy?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
  /** From +mapType (atomic | granular). */
  readonly mapType?: string;
  /** From +structType (atomic | granular). */
  readonly structType?: string;
}

/** A built-in message type. */
export interface TypeSchema {
  /** Fully qualified name, e.g. k8s.io.api.core.v1.PodSpec. */
  readonly name: string;
  /** Proto fields in field-number order. */
  readonly fields: readonly FieldSchema[];
  /** A list wrapper (ExtraValue, Verbs): the JSON is the bare array of its `items`. */
  readonly listWrapper: boolean;
  /** +structType of the message itself. */
  readonly structType?: string;
  fieldByNumber(n: number): FieldSchema | undefined;
  /** A proto field by name (inline fields are found under their own name here). */
  fieldByName(name: string): FieldSchema | undefined;
  /**
   * The field that carries a JSON property, looking through inline (embedded) fields.
   * `owner` is the type that declares it (this type, or an inlined one).
   */
  jsonField(jsonName: string): { readonly field: FieldSchema; readonly owner: TypeSchema } | undefined;
  /** JSON property names of this type, inline fields expanded. */
  jsonFieldNames(): readonly string[];
}

const LIST_TYPES: ReadonlySet<string> = new Set(['atomic', 'set', 'map']);

function packageOf(name: string): string {
  return name.slice(0, name.lastIndexOf('.'));
}

function toFieldSchema(row: FieldRow, pkg: string): FieldSchema {
  const [name, number, rawType, flags] = row;
  const markers = row[4];
  const scalar = isScalarType(rawType);
  // Relative names (no dot) live in the owning message's package.
  const type = scalar || rawType.includes('.') ? rawType : `${pkg}.${rawType}`;
  const field: {
    -readonly [K in keyof FieldSchema]: FieldSchema[K];
  } = {
    name,
    number,
    type,
    isMessage: !scalar,
    repeated: flags.includes('r'),
    map: flags.includes('m'),
    optional: flags.includes('o'),
    inline: flags.includes('i'),
    omitZero: flags.includes('z'),
  };
  if (markers) {
    if (markers.k !== undefined) field.mapKeyType = markers.k;
    if (markers.pmk !== undefined) field.patchMergeKey = markers.pmk;
    if (markers.ps !== undefined) field.patchStrategy = markers.ps;
    if (markers.lt !== undefined && LIST_TYPES.has(markers.lt)) field.listType = markers.lt as 'atomic' | 'set' | 'map';
    if (markers.lmk !== undefined) field.listMapKeys = markers.lmk;
    if (markers.mt !== undefined) field.mapType = markers.mt;
    if (markers.st !== undefined) field.structType = markers.st;
  }
  return field;
}

class TableTypeSchema implements TypeSchema {
  readonly name: string;
  readonly fields: readonly FieldSchema[];
  readonly listWrapper: boolean;
  readonly structType?: string;
  private readonly byNumber = new Map<number, FieldSchema>();
  private readonly byName = new Map<string, FieldSchema>();
  private json: Map<string, { field: FieldSchema; owner: TypeSchema }> | undefined;

  constructor(name: string, row: TypeRow) {
    this.name = name;
    const pkg = packageOf(name);
    this.fields = row.f.map((r) => toFieldSchema(r, pkg));
    this.listWrapper = row.w === 1;
    if (row.st !== undefined) this.structType = row.st;
    for (const f of this.fields) {
      this.byNumber.set(f.number, f);
      this.byName.set(f.name, f);
    }
  }

  fieldByNumber(n: number): FieldSchema | undefined {
    return this.byNumber.get(n);
  }

  fieldByName(name: string): FieldSchema | undefined {
    return this.byName.get(name);
  }

  jsonField(jsonName: string): { readonly field: FieldSchema; readonly owner: TypeSchema } | undefined {
    return this.jsonMap().get(jsonName);
  }

  jsonFieldNames(): readonly string[] {
    return [...this.jsonMap().keys()];
  }

  private jsonMap(): Map<string, { field: FieldSchema; owner: TypeSchema }> {
    if (this.json) return this.json;
    const map = new Map<string, { field: FieldSchema; owner: TypeSchema }>();
    for (const field of this.fields) {
      const inner = field.inline ? typeSchema(field.type) : undefined;
      if (inner) {
        for (const name of inner.jsonFieldNames()) {
          const found = inner.jsonField(name);
          if (found && !map.has(name)) map.set(name, found);
        }
      } else {
        map.set(field.name, { field, owner: this });
      }
    }
    this.json = map;
    return map;
  }
}

const cache = new Map<string, TypeSchema | null>();

/**
 * The schema of a built-in message type by fully qualified name (a leading dot is accepted),
 * or undefined when the generated tables do not know it.
 */
export function typeSchema(typeName: string): TypeSchema | undefined {
  const name = typeName.startsWith('.') ? typeName.slice(1) : typeName;
  const cached = cache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const row = typeTable()[name];
  const schema = row ? new TableTypeSchema(name, row) : null;
  cache.set(name, schema);
  return schema ?? undefined;
}

/** Every message name in the generated tables. */
export function typeNames(): readonly string[] {
  return Object.keys(typeTable());
}
