/**
 * Schemas of the Kubernetes built-in kinds, generated from the Kubernetes .proto definitions
 * (see scripts/gen-schemas.ts). Field documentation lives in ./docs.js (loaded separately).
 */
export { typeSchema, typeNames, isScalarType } from './type-schema.js';
export type { TypeSchema, FieldSchema, ScalarTypeName } from './type-schema.js';
export { kindTypeName, builtinKinds, parseApiVersion } from './kinds.js';
export type { BuiltinKind } from './kinds.js';
export { patchSchemaFor, patchSchemaForType } from './patch-schema-for.js';
export type { PatchSchema, FieldPatchInfo } from './patch-schema.js';
export { WELL_KNOWN, wellKnownShape } from './well-known-types.js';
export type { WellKnownJsonShape } from './well-known-types.js';
