/**
 * JSON to Lua, lazily. A JSON object or array becomes an empty Lua table that remembers its
 * JSON value; the first time a script looks at the table in any way (reads or writes a field,
 * takes `#`, iterates it with `pairs`, `ipairs` or `next`, passes it to a `table` function),
 * the table is filled with the value's fields (nested objects and arrays become lazy tables in
 * turn) and loses its metatable, so from then on it is an ordinary table built exactly as an
 * eager conversion would build it: same entries, same insertion order for `pairs`, same `#`.
 *
 * Scripts usually look at a small part of what they are given (a workload's replica count, not
 * its pod template), so most of an object is never converted. A table still untouched when a
 * result is read back is read from its JSON value without going through Lua (see
 * `lua-convert.ts`).
 *
 * Scripts cannot tell: `getmetatable`, `rawget`, `rawset` and `rawequal` are disabled in the
 * sandbox, `next` and the `table.getn`/`table.maxn` replacements fill the table first (see
 * {@link lazyNext} and {@link fillLazyTableAt}), and fengari (Lua 5.3) honours `__len`,
 * `__index` and `__pairs` everywhere else.
 *
 * JSON to Lua follows Karmada's gopher-json bridge: every number is a (float) Lua number,
 * `null` becomes nil, so an object key holding null is absent and a null array element is
 * dropped (later elements move down).
 */
import { lauxlib, lua, type LuaJsFunction, type LuaState } from './lua-api.js';
import { LuaConversionError, MAX_CONVERSION_DEPTH } from './lua-conversion-error.js';
import { TAG, appendEntry, luaString, newTable, stackValue, stringHash, tvalue, type Table, type TValue } from './fengari-internals.js';
import { raise } from './lua-values.js';

/** The JSON value behind a table not filled yet, and how deep the table is. */
export interface LazySource {
  readonly value: object;
  readonly depth: number;
}

const sources = new WeakMap<Table, LazySource>();
/** The metatable of lazy tables, one per Lua state. */
const metatables = new WeakMap<LuaState, Table>();
const NIL = tvalue(TAG.NIL, null);

/** Converts a JSON value to a Lua value (nil for null/undefined; objects and arrays become lazy tables). */
export function toLua(L: LuaState, value: unknown, depth = 0): TValue {
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
      // Even a small value is left unfilled here: a value handed over whole is often handed
      // back whole (kube.accuratePodRequirements's result, returned as is), and then never converted.
      return tvalue(TAG.TABLE, lazyTable(L, value, depth, isEmpty(value) ? 0 : -1));
    case 'undefined':
      return NIL;
    default:
      throw new LuaConversionError(`cannot convert ${typeof value} to Lua`);
  }
}

/** The JSON value of a table that has not been filled yet (undefined for any other table). */
export function lazySource(table: Table): LazySource | undefined {
  return table.metatable === null ? undefined : sources.get(table);
}

/** Fills the lazy table at stack `index`, if it is one (for functions that read tables raw). */
export function fillLazyTableAt(L: LuaState, index: number): void {
  const value = stackValue(L, index);
  if (value.type === TAG.TABLE) fill(L, value.value as Table);
}

/** `next`, filling a lazy table first. */
export const lazyNext: LuaJsFunction = (L) => {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  fillLazyTableAt(L, 1);
  lua.lua_settop(L, 2);
  if (lua.lua_next(L, 1)) return 2;
  lua.lua_pushnil(L);
  return 1;
};

/**
 * Values with at most this many entries (counting nested ones) are converted at once: a script
 * that looks at a table usually reads all of a small one, and calling a metamethod to fill it
 * costs about as much as filling it.
 */
const EAGER_ENTRIES = 24;

/**
 * A table for an object or array: filled now when it has at most `eagerEntries` entries, else
 * on first use. Infinity: filled now, with everything in it (a part of a value already found small).
 */
function lazyTable(L: LuaState, value: object, depth: number, eagerEntries = EAGER_ENTRIES): Table {
  const table = newTable(L);
  if (eagerEntries === Infinity || (eagerEntries >= 0 && entriesWithin(value, eagerEntries) >= 0)) {
    fillFrom(L, table, value, depth, Infinity);
    return table;
  }
  table.metatable = metatableOf(L);
  sources.set(table, { value, depth });
  return table;
}

function isEmpty(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** `budget` minus the entries of `value` (nested ones too); negative once over budget. */
function entriesWithin(value: object, budget: number): number {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (--budget < 0) return budget;
      if (typeof item === 'object' && item !== null) budget = entriesWithin(item, budget);
    }
    return budget;
  }
  for (const key in value) {
    if (--budget < 0) return budget;
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) budget = entriesWithin(item, budget);
  }
  return budget;
}

/** Fills a lazy table with its value's entries and makes it an ordinary table; other tables are left alone. */
function fill(L: LuaState, table: Table): void {
  const source = lazySource(table);
  if (source === undefined) return;
  sources.delete(table);
  table.metatable = null;
  try {
    fillFrom(L, table, source.value, source.depth, EAGER_ENTRIES);
  } catch (e) {
    // Inside the VM: a Lua error the script sees, as for any other bad value.
    if (e instanceof LuaConversionError) raise(L, e.message);
    throw e;
  }
}

/** Fills `table` with the entries of `value`; nested objects and arrays get `eagerEntries` (see {@link lazyTable}). */
function fillFrom(L: LuaState, table: Table, value: object, depth: number, eagerEntries: number): void {
  if (depth >= MAX_CONVERSION_DEPTH) throw new LuaConversionError(`value nested deeper than ${MAX_CONVERSION_DEPTH} levels`);
  if (Array.isArray(value)) {
    let index = 1;
    for (const item of value as unknown[]) {
      if (item === null || item === undefined) continue;
      append(L, table, index, TAG.NUMINT, index, item, depth, eagerEntries);
      index++;
    }
  } else {
    const object = value as Record<string, unknown>;
    // for-in, not Object.keys: V8 reads `object[key]` through the enumeration cache, several
    // times faster when objects of many shapes go through here. JSON objects have no
    // enumerable inherited keys, so both list the same keys in the same order.
    for (const key in object) {
      const item = object[key];
      if (item === null || item === undefined) continue;
      const ts = luaString(L, key);
      append(L, table, stringHash(ts), TAG.LNGSTR, ts, item, depth, eagerEntries);
    }
  }
}

function append(L: LuaState, table: Table, hash: number | string, keyType: number, key: unknown, item: unknown, depth: number, eagerEntries: number): void {
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
      appendEntry(table, hash, keyType, key, TAG.TABLE, lazyTable(L, item as object, depth + 1, eagerEntries));
      return;
    case 'bigint':
      appendEntry(table, hash, keyType, key, TAG.NUMFLT, Number(item));
      return;
    default:
      throw new LuaConversionError(`cannot convert ${typeof item} to Lua`);
  }
}

/** `__index(t, k)`: fill, then read the field. */
const index: LuaJsFunction = (L) => {
  fillLazyTableAt(L, 1);
  lua.lua_settop(L, 2);
  lua.lua_rawget(L, 1);
  return 1;
};

/** `__newindex(t, k, v)`: fill, then write the field. */
const newIndex: LuaJsFunction = (L) => {
  fillLazyTableAt(L, 1);
  lua.lua_settop(L, 3);
  lua.lua_rawset(L, 1);
  return 0;
};

/** `__len(t)`: fill, then the border. */
const length: LuaJsFunction = (L) => {
  fillLazyTableAt(L, 1);
  lua.lua_pushinteger(L, lua.lua_rawlen(L, 1));
  return 1;
};

/** `__pairs(t)`: fill, then iterate as `pairs` does. */
const pairs: LuaJsFunction = (L) => {
  fillLazyTableAt(L, 1);
  lua.lua_pushjsfunction(L, lazyNext);
  lua.lua_pushvalue(L, 1);
  lua.lua_pushnil(L);
  return 3;
};

function metatableOf(L: LuaState): Table {
  const known = metatables.get(L);
  if (known !== undefined) return known;
  lua.lua_createtable(L, 0, 4);
  for (const [name, fn] of [
    ['__index', index],
    ['__newindex', newIndex],
    ['__len', length],
    ['__pairs', pairs],
  ] as const) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
  const table = stackValue(L, -1).value as Table;
  lua.lua_pop(L, 1);
  metatables.set(L, table);
  return table;
}
