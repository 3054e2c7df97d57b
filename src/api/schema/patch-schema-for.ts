import { kindTypeName } from './kinds.js';
import type { FieldPatchInfo, PatchSchema } from './patch-schema.js';
import { typeSchema, type FieldSchema } from './type-schema.js';
import { wellKnownShape } from './well-known-types.js';

/** How a value of a message type looks in JSON, for patching purposes. */
function messageShape(typeName: string): 'scalar' | 'list' | 'object' {
  const special = wellKnownShape(typeName);
  if (special === 'raw-json') return 'object';
  if (special !== undefined) return 'scalar';
  return typeSchema(typeName)?.listWrapper ? 'list' : 'object';
}

/** The PatchSchema of a message whose JSON is an object with known fields, if any. */
function objectSchema(typeName: string): PatchSchema | undefined {
  if (wellKnownShape(typeName) !== undefined) return undefined;
  const schema = typeSchema(typeName);
  if (!schema || schema.listWrapper) return undefined;
  return patchSchemaForType(typeName);
}

function fieldInfo(field: FieldSchema): FieldPatchInfo {
  const markers: { -readonly [K in keyof FieldPatchInfo]?: FieldPatchInfo[K] } = {};
  if (field.patchStrategy !== undefined) markers.patchStrategy = field.patchStrategy;
  if (field.patchMergeKey !== undefined) markers.patchMergeKey = field.patchMergeKey;
  if (field.listType !== undefined) markers.listType = field.listType;
  if (field.listMapKeys !== undefined) markers.listMapKeys = field.listMapKeys;
  const element = field.isMessage ? objectSchema(field.type) : undefined;
  if (element) markers.schema = element;
  if (field.map) return { shape: 'map', ...markers };
  if (field.repeated) return { shape: 'list', ...markers };
  if (!field.isMessage) return { shape: 'scalar', ...markers };
  return { shape: messageShape(field.type), ...markers };
}

class TablePatchSchema implements PatchSchema {
  private readonly infos = new Map<string, FieldPatchInfo | null>();

  constructor(readonly typeName: string) {}

  field(jsonName: string): FieldPatchInfo | undefined {
    const cached = this.infos.get(jsonName);
    if (cached !== undefined) return cached ?? undefined;
    const found = typeSchema(this.typeName)?.jsonField(jsonName);
    const info = found ? fieldInfo(found.field) : null;
    this.infos.set(jsonName, info);
    return info ?? undefined;
  }
}

const cache = new Map<string, PatchSchema | null>();

/** The PatchSchema of a built-in message type by fully qualified name, if known. */
export function patchSchemaForType(typeName: string): PatchSchema | undefined {
  const cached = cache.get(typeName);
  if (cached !== undefined) return cached ?? undefined;
  const schema = typeSchema(typeName) ? new TablePatchSchema(typeName) : null;
  cache.set(typeName, schema);
  return schema ?? undefined;
}

/**
 * The strategic-merge / server-side-apply facts of a built-in kind, or undefined for kinds the
 * tables do not know (custom resources: use JSON merge semantics).
 */
export function patchSchemaFor(group: string, version: string, kind: string): PatchSchema | undefined {
  const typeName = kindTypeName(group, version, kind);
  return typeName === undefined ? undefined : patchSchemaForType(typeName);
}
