/**
 * Moving values between JSON and Lua, as Karmada's gopher-json bridge does.
 *
 * JSON to Lua: objects and arrays become tables, every number a (float) Lua number, `null`
 * becomes nil, so an object key holding null is absent and a null array element is dropped
 * (later elements move down). Tables are filled when the script first uses them
 * (`lua-lazy-tables.ts`); one it never used reads back straight from its JSON.
 *
 * Lua to JSON: a table with keys 1..n becomes an array, a table with string keys an object and
 * an empty table `[]` (see `empty-table-rule.ts` for how that is repaired). Mixed keys, gaps,
 * functions and non-finite numbers cannot be encoded and raise {@link LuaConversionError}.
 *
 * Tables are built and read through fengari's internals (`fengari-internals.ts`) for speed.
 */
import type { LuaState } from './lua-api.js';
import { toJsString } from './lua-api.js';
import { TAG, jsString, pushValue, stackValue, type Table, type TString, type TValue } from './fengari-internals.js';
import { LuaConversionError, MAX_CONVERSION_DEPTH as MAX_DEPTH } from './lua-conversion-error.js';
import { lazySource, toLua } from './lua-lazy-tables.js';

export { LuaConversionError } from './lua-conversion-error.js';

/** Pushes a JSON value onto the Lua stack (nil for null/undefined; objects and arrays as lazy tables). */
export function pushJson(L: LuaState, value: unknown): void {
  pushValue(L, toLua(L, value));
}

/** Empty tables read so far (lets callers skip the empty-table repair when there were none). */
let emptyTablesRead = 0;

/** Reads the Lua value at stack `index` as JSON. An empty table reads as `[]`; nil reads as undefined. */
export function readJson(L: LuaState, index: number): unknown {
  return fromLua(stackValue(L, index), new Set());
}

/** Like {@link readJson}, also saying whether any empty table was read. */
export function readJsonNoting(L: LuaState, index: number): { value: unknown; hasEmptyTables: boolean } {
  const before = emptyTablesRead;
  const value = readJson(L, index);
  return { value, hasEmptyTables: emptyTablesRead !== before };
}

function fromLua(value: TValue, path: Set<Table>): unknown {
  switch (value.type) {
    case TAG.NIL:
      return undefined;
    case TAG.BOOLEAN:
      return value.value === true;
    case TAG.NUMFLT:
    case TAG.NUMINT: {
      const n = value.value as number;
      if (!Number.isFinite(n)) throw new LuaConversionError(`cannot encode ${n} to JSON`);
      return n;
    }
    case TAG.SHRSTR:
    case TAG.LNGSTR:
      return jsString(value.value as TString, toJsString);
    case TAG.TABLE:
      return fromTable(value.value as Table, path);
    default:
      throw new LuaConversionError(`cannot encode a Lua ${typeName(value.type)} to JSON`);
  }
}

function fromTable(table: Table, path: Set<Table>): unknown {
  const lazy = lazySource(table);
  // Never looked at by the script: read the JSON it stands for, as the filled table would read.
  if (lazy !== undefined) return copyObject(lazy.value, path.size);
  if (path.has(table)) throw new LuaConversionError('cannot encode recursively nested tables to JSON');
  if (path.size >= MAX_DEPTH) throw new LuaConversionError(`table nested deeper than ${MAX_DEPTH} levels`);
  path.add(table);
  try {
    // Made when the first key says which the table is.
    let items: unknown[] | undefined;
    let object: Record<string, unknown> | undefined;
    let maxIndex = 0;
    let count = 0;
    for (let entry = table.f; entry !== undefined; entry = entry.n) {
      if (entry.value.type === TAG.NIL) continue;
      const key = entry.key;
      if ((key.type === TAG.NUMFLT || key.type === TAG.NUMINT) && object === undefined) {
        items ??= [];
        const index = key.value as number;
        if (!Number.isInteger(index) || index < 1) throw new LuaConversionError('cannot encode sparse array');
        items[index - 1] = fromLua(entry.value, path);
        if (index > maxIndex) maxIndex = index;
      } else if ((key.type === TAG.LNGSTR || key.type === TAG.SHRSTR) && items === undefined) {
        object ??= {};
        object[jsString(key.value as TString, toJsString)] = fromLua(entry.value, path);
      } else {
        throw new LuaConversionError('cannot encode mixed or invalid key types');
      }
      count++;
    }
    if (object !== undefined) return object;
    if (items === undefined) {
      emptyTablesRead++;
      return [];
    }
    if (maxIndex !== count) throw new LuaConversionError('cannot encode sparse array');
    return items;
  } finally {
    path.delete(table);
  }
}

/** What reading back the Lua form of a JSON object or array gives (nulls dropped, empty ones as `[]`). */
function copyObject(value: object, depth: number): unknown {
  if (depth >= MAX_DEPTH) throw new LuaConversionError(`table nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value as unknown[]) {
      if (item === null || item === undefined) continue;
      items.push(copyItem(item, depth));
    }
    if (items.length > 0) return items;
  } else {
    const source = value as Record<string, unknown>;
    const object: Record<string, unknown> = {};
    let count = 0;
    for (const key in source) {
      // for-in: see lua-lazy-tables.ts.
      const item = source[key];
      if (item === null || item === undefined) continue;
      object[key] = copyItem(item, depth);
      count++;
    }
    if (count > 0) return object;
  }
  emptyTablesRead++;
  return [];
}

function copyItem(item: unknown, depth: number): unknown {
  switch (typeof item) {
    case 'string':
    case 'boolean':
      return item;
    case 'number':
    case 'bigint': {
      const n = Number(item);
      if (!Number.isFinite(n)) throw new LuaConversionError(`cannot encode ${n} to JSON`);
      return n;
    }
    case 'object':
      return copyObject(item as object, depth + 1);
    default:
      throw new LuaConversionError(`cannot convert ${typeof item} to Lua`);
  }
}

function typeName(type: number): string {
  switch (type & 0x0f) {
    case 2:
    case 7:
      return 'userdata';
    case 6:
      return 'function';
    case 8:
      return 'thread';
    default:
      return `value of type ${type}`;
  }
}
