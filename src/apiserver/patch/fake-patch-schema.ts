/**
 * A tiny PatchSchema builder for tests, so patch tests do not depend on the generated schemas.
 * Fields are declared lazily (a thunk) so that recursive types such as a list of itself work.
 */
import type { FieldPatchInfo, PatchSchema } from '../../api/schema/patch-schema.js';

/** Builds a PatchSchema from a field table; unknown fields answer undefined. */
export function fakePatchSchema(typeName: string, fields: () => Record<string, FieldPatchInfo>): PatchSchema {
  let table: Record<string, FieldPatchInfo> | undefined;
  return {
    typeName,
    field(jsonName: string): FieldPatchInfo | undefined {
      table ??= fields();
      return Object.hasOwn(table, jsonName) ? table[jsonName] : undefined;
    },
  };
}
