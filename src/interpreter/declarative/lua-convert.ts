/**
 * Moving values between JSON and Lua, as Karmada's gopher-json bridge does.
 *
 * JSON to Lua: objects and arrays become tables, every number a (float) Lua number, `null`
 * becomes nil, so an object key holding null is absent and a null array element is dropped
 * (later elements move down).
 *
 * Lua to JSON: a table with keys 1..n becomes an array, a table with string keys an object and
 * an empty table `[]` (see `empty-table-rule.ts` for how that is repaired). Mixed keys, gaps,
 * functions and non-finite numbers cannot be encoded and raise {@link LuaConversionError}.
 *
 * Tables are built and read through fengari's internals (`fengari-internals.ts`) for speed.
 */
import { isPlainObject } from '../../api/object.js';
import type { LuaState } from './lua-api.js';
import { toJsString } from './lua-api.js';
import {
  TAG,
  appendEntry,
  jsString,
  luaString,
  newTable,
  pushValue,
  stackValue,
  stringHash,
  tvalue,
  type Table,
  type TString,
  type TValue,
} from './fengari-internals.js';

/** A Lua value that has no JSON form, or JSON that cannot become Lua. */
export class LuaConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LuaConversionError';
  }
}

/** Deeper values are refused rather than risking the JavaScript stack. */
const MAX_DEPTH = 512;
const NIL = tvalue(TAG.NIL, null);

/** Pushes a JSON value onto the Lua stack (nil for null/undefined). */
export function pushJson(L: LuaState, value: unknown): void {
  pushValue(L, toLua(L, value, 0));
}

/** Converts a JSON value to a Lua value (a nil TValue for null/undefined). */
export function toLua(L: LuaState, value: unknown, depth: number): TValue {
  switch (typeof value) {
    case 'boolean':
      return tvalue(TAG.BOOLEAN, value);
    case 'number':
      return tvalue(TAG.NUMFLT, value);
    case 'bigint':
      return tvalue(TAG.NUMFLT, Number(value));
    case 'string':
      return tvalue(TAG.LNGSTR, luaString(L, value));
    case 'object':
      if (value === null) return NIL;
      return tvalue(TAG.TABLE, toLuaTable(L, value, depth));
    case 'undefined':
      return NIL;
    default:
      throw new LuaConversionError(`cannot convert ${typeof value} to Lua`);
  }
}

/** Builds a table for an array or plain object, filling it directly (see appendEntry). */
function toLuaTable(L: LuaState, value: object, depth: number): Table {
  if (depth >= MAX_DEPTH) throw new LuaConversionError(`value nested deeper than ${MAX_DEPTH} levels`);
  const table = newTable(L);
  if (Array.isArray(value)) {
    let index = 1;
    for (const item of value) {
      if (item === null || item === undefined) continue;
      append(L, table, index, TAG.NUMINT, index, item, depth);
      index++;
    }
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === null || item === undefined) continue;
      const ts = luaString(L, key);
      append(L, table, stringHash(ts), TAG.LNGSTR, ts, item, depth);
    }
  } else {
    throw new LuaConversionError(`cannot convert ${Object.prototype.toString.call(value)} to Lua`);
  }
  return table;
}

function append(L: LuaState, table: Table, hash: number | string, keyType: number, key: unknown, item: unknown, depth: number): void {
  switch (typeof item) {
    case 'number':
      appendEntry(table, hash, keyType, key, TAG.NUMFLT, item);
      return;
    case 'string':
      appendEntry(table, hash, keyType, key, TAG.LNGSTR, luaString(L, item));
      return;
    case 'boolean':
      appendEntry(table, hash, keyType, key, TAG.BOOLEAN, item);
      return;
    case 'object':
      appendEntry(table, hash, keyType, key, TAG.TABLE, toLuaTable(L, item as object, depth + 1));
      return;
    case 'bigint':
      appendEntry(table, hash, keyType, key, TAG.NUMFLT, Number(item));
      return;
    default:
      throw new LuaConversionError(`cannot convert ${typeof item} to Lua`);
  }
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
  if (path.has(table)) throw new LuaConversionError('cannot encode recursively nested tables to JSON');
  if (path.size >= MAX_DEPTH) throw new LuaConversionError(`table nested deeper than ${MAX_DEPTH} levels`);
  path.add(table);
  try {
    let kind: 'array' | 'object' | undefined;
    const items: unknown[] = [];
    const object: Record<string, unknown> = {};
    let maxIndex = 0;
    let count = 0;
    for (let entry = table.f; entry !== undefined; entry = entry.n) {
      if (entry.value.type === TAG.NIL) continue;
      const key = entry.key;
      if ((key.type === TAG.NUMFLT || key.type === TAG.NUMINT) && kind !== 'object') {
        kind = 'array';
        const index = key.value as number;
        if (!Number.isInteger(index) || index < 1) throw new LuaConversionError('cannot encode sparse array');
        items[index - 1] = fromLua(entry.value, path);
        if (index > maxIndex) maxIndex = index;
      } else if ((key.type === TAG.LNGSTR || key.type === TAG.SHRSTR) && kind !== 'array') {
        kind = 'object';
        object[jsString(key.value as TString, toJsString)] = fromLua(entry.value, path);
      } else {
        throw new LuaConversionError('cannot encode mixed or invalid key types');
      }
      count++;
    }
    if (kind === undefined) {
      emptyTablesRead++;
      return [];
    }
    if (kind === 'object') return object;
    if (maxIndex !== count) throw new LuaConversionError('cannot encode sparse array');
    return items;
  } finally {
    path.delete(table);
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
