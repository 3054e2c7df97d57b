import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPlainObject } from '../object.js';

/**
 * Raw access to the generated tables in ./generated (written by scripts/gen-schemas.ts).
 * Each table is read and parsed on first use only, so importing the schema modules costs nothing
 * at start-up.
 */

/** Markers from the comment above a field (names shortened in the table). */
export interface FieldMarkersRow {
  /** +patchMergeKey */
  readonly pmk?: string;
  /** +patchStrategy */
  readonly ps?: string;
  /** +listType */
  readonly lt?: string;
  /** +listMapKey, in order */
  readonly lmk?: readonly string[];
  /** +mapType */
  readonly mt?: string;
  /** +structType */
  readonly st?: string;
  /** key type of a map field */
  readonly k?: string;
}

/**
 * [jsonName, number, type, flags, markers?]. `type` is a scalar name, a message name relative to the
 * owning message's package, or a fully qualified message name. flags: r=repeated, m=map,
 * o=+optional, i=inlined in JSON (Go embedded struct), z=a zero value means unset (Go value field
 * with omitempty).
 */
export type FieldRow =
  | readonly [string, number, string, string]
  | readonly [string, number, string, string, FieldMarkersRow];

export interface TypeRow {
  /** Fields in field-number order. */
  readonly f: readonly FieldRow[];
  /** 1 for list wrappers (ExtraValue, Verbs): the JSON is the bare `items` array. */
  readonly w?: 1;
  /** +structType (or +mapType) of the message itself. */
  readonly st?: string;
}

/** "group/version" (core: "v1") -> Kind -> fully qualified message name. */
export type KindTable = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** type name -> ("" for the type itself | field name) -> documentation. */
export type DocTable = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Finds a generated file. From the sources (tsx) it sits beside this module; from a tsc build
 * (dist/api/schema) the JSON is not copied, so fall back to the source tree shipped with the package.
 */
function generatedPath(file: string): string {
  const candidates = [
    new URL(`./generated/${file}`, import.meta.url),
    new URL(`../../../src/api/schema/generated/${file}`, import.meta.url),
  ];
  for (const url of candidates) {
    const p = fileURLToPath(url);
    if (existsSync(p)) return p;
  }
  throw new Error(`schema table ${file} not found (looked in ${candidates.map((u) => fileURLToPath(u)).join(', ')})`);
}

function readTable(file: string, key: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(readFileSync(generatedPath(file), 'utf8'));
  const table = isPlainObject(parsed) ? parsed[key] : undefined;
  if (!isPlainObject(table)) throw new Error(`schema table ${file} has no "${key}" object`);
  return table;
}

let types: Readonly<Record<string, TypeRow>> | undefined;
let kinds: KindTable | undefined;
let docs: DocTable | undefined;

/** Message name -> fields (generated/types.json). */
export function typeTable(): Readonly<Record<string, TypeRow>> {
  types ??= readTable('types.json', 'types') as Record<string, TypeRow>;
  return types;
}

/** Built-in kinds (generated/kinds.json). */
export function kindTable(): KindTable {
  kinds ??= readTable('kinds.json', 'kinds') as KindTable;
  return kinds;
}

/** Field and type documentation (generated/docs.json; large, for `kubectl explain`). */
export function docTable(): DocTable {
  docs ??= readTable('docs.json', 'docs') as DocTable;
  return docs;
}
