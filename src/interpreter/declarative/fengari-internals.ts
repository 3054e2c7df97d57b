/**
 * Direct access to fengari's table and string objects, for the hot paths only: converting
 * objects between JSON and Lua, and building each call's environment. Going through the public
 * `lua_*` API re-encodes and re-hashes every key string on every use, which made a call several
 * times slower; here key strings are created once and reused.
 *
 * This relies on fengari 0.1.5's internal layout (pinned in package-lock): `Table` with a linked
 * list of entries (`f`/`n`), `TValue {type, value}`, `TString` with a cached `hash`, and a state
 * with `stack`/`top`/`ci`. `fengari-internals.test.ts` checks these assumptions.
 */
import { createRequire } from 'node:module';
import { lua, toLuaString, type LuaState, type LuaString } from './lua-api.js';

/** fengari's `TValue`: a type tag (with variant bits) and a value. */
export interface TValue {
  type: number;
  value: unknown;
}

/** fengari's `TString`. */
export interface TString {
  hash: string | null;
  readonly realstring: LuaString;
}

/** One entry of a fengari table (live entries form a list from `Table.f`). */
export interface TableEntry {
  readonly key: TValue;
  readonly value: TValue;
  readonly n: TableEntry | undefined;
}

/** fengari's `Table`. */
export interface Table {
  readonly f: TableEntry | undefined;
  metatable: Table | null;
}

/** The writable shape of a table, for {@link appendEntry}. */
interface MutableTable {
  f: MutableEntry | undefined;
  l: MutableEntry | undefined;
  readonly strong: Map<unknown, MutableEntry>;
}

interface MutableEntry {
  key: TValue;
  value: TValue;
  p: MutableEntry | undefined;
  n: MutableEntry | undefined;
}

interface InternalState {
  stack: TValue[];
  top: number;
}

interface Internals {
  lobject: { TValue: new (type: number, value: unknown) => TValue };
  ltable: {
    Table: new (L: LuaState) => Table;
    luaH_setfrom(L: LuaState, t: Table, key: TValue, value: TValue): void;
    luaH_setint(t: Table, key: number, value: TValue): void;
    luaH_getstr(t: Table, key: TString): TValue;
  };
  lstring: { luaS_bless(L: LuaState, s: LuaString): TString; luaS_hashlongstr(ts: TString): string };
}

const require = createRequire(import.meta.url);
// Loaded after the public module (lua-api.ts) so that fengari's own modules are initialised in order.
const internals: Internals = {
  lobject: require('fengari/src/lobject.js') as Internals['lobject'],
  ltable: require('fengari/src/ltable.js') as Internals['ltable'],
  lstring: require('fengari/src/lstring.js') as Internals['lstring'],
};

/** Type tags with variant bits (`lobject.h`). */
export const TAG = {
  NIL: 0,
  BOOLEAN: 1,
  NUMFLT: 3,
  NUMINT: 3 | (1 << 4),
  SHRSTR: 4,
  LNGSTR: 4 | (1 << 4),
  TABLE: 5,
} as const;

/** A new TValue. */
export function tvalue(type: number, value: unknown): TValue {
  return new internals.lobject.TValue(type, value);
}

/** A new empty table. */
export function newTable(L: LuaState): Table {
  return new internals.ltable.Table(L);
}

/** `t[key] = value` without metamethods (value must not be nil). */
export function rawSet(L: LuaState, t: Table, key: TValue, value: TValue): void {
  internals.ltable.luaH_setfrom(L, t, key, value);
}

/** `t[i] = value` for an integer key, without metamethods. */
export function rawSetInt(t: Table, i: number, value: TValue): void {
  internals.ltable.luaH_setint(t, i, value);
}

/**
 * Adds a key that is not in `t` yet, as fengari's `add` does but without its bookkeeping for
 * removed keys (a table being filled from JSON has none). `hash` is the key's table hash: the
 * number for integer keys, `TString.hash` for strings. Key and value are stored as new TValues.
 */
export function appendEntry(t: Table, hash: number | string, keyType: number, keyValue: unknown, valueType: number, value: unknown): void {
  const table = t as unknown as MutableTable;
  const entry: MutableEntry = { key: tvalue(keyType, keyValue), value: tvalue(valueType, value), p: table.l, n: undefined };
  if (table.f === undefined) table.f = entry;
  if (table.l !== undefined) table.l.n = entry;
  table.strong.set(hash, entry);
  table.l = entry;
}

/** The table hash of a Lua string (computed once and kept on the string). */
export function stringHash(ts: TString): string {
  return ts.hash ?? internals.lstring.luaS_hashlongstr(ts);
}

/** `t[key]` for a string key, without metamethods (a nil TValue when absent). */
export function rawGetString(t: Table, key: TString): TValue {
  return internals.ltable.luaH_getstr(t, key);
}

const STRING_CACHE_LIMIT = 50_000;
const MAX_CACHED_STRING_LENGTH = 128;
const strings = new Map<string, TString>();
const decoded = new WeakMap<TString, string>();

/**
 * A Lua string for `s`. Short strings are cached with their hash computed, so keys such as
 * `metadata` cost nothing after their first use. TStrings are immutable and safely shared.
 */
export function luaString(L: LuaState, s: string): TString {
  const cached = strings.get(s);
  if (cached !== undefined) return cached;
  const ts = internals.lstring.luaS_bless(L, toLuaString(s));
  if (s.length <= MAX_CACHED_STRING_LENGTH) {
    internals.lstring.luaS_hashlongstr(ts);
    if (strings.size >= STRING_CACHE_LIMIT) strings.clear();
    strings.set(s, ts);
    decoded.set(ts, s);
  }
  return ts;
}

/**
 * The JS string of a Lua string. Cached for strings made by {@link luaString} and for short
 * ones decoded here (a script's constants, such as the field names it writes, are the same
 * TStrings on every call of a compiled script).
 */
export function jsString(ts: TString, decode: (bytes: LuaString) => string): string {
  const known = decoded.get(ts);
  if (known !== undefined) return known;
  const text = decode(ts.realstring);
  if (ts.realstring.length <= MAX_CACHED_STRING_LENGTH) decoded.set(ts, text);
  return text;
}

const stringValues = new Map<string, TValue>();

/**
 * A string TValue. Cached for short strings: fengari copies TValues when storing them in
 * tables or on the stack, so a cached one is never modified.
 */
export function stringValue(L: LuaState, s: string): TValue {
  const cached = stringValues.get(s);
  if (cached !== undefined) return cached;
  const value = tvalue(TAG.LNGSTR, luaString(L, s));
  if (s.length <= MAX_CACHED_STRING_LENGTH) {
    if (stringValues.size >= STRING_CACHE_LIMIT) stringValues.clear();
    stringValues.set(s, value);
  }
  return value;
}

/** Pushes a copy of `value` onto the stack. */
export function pushValue(L: LuaState, value: TValue): void {
  if (!lua.lua_checkstack(L, 1)) throw new Error('Lua stack overflow');
  const state = L as unknown as InternalState;
  state.stack[state.top++] = tvalue(value.type, value.value);
}

/** The value at a (negative or absolute) stack index; index -1 is the top. */
export function stackValue(L: LuaState, index: number): TValue {
  const state = L as unknown as InternalState;
  const absolute = lua.lua_absindex(L, index);
  // Positive indices count from the current function's base, as index2addr does.
  const slot = (L as unknown as { ci: { funcOff: number } }).ci.funcOff + absolute;
  return (slot < state.top ? state.stack[slot] : undefined) ?? tvalue(TAG.NIL, null);
}

/** Whether fengari frees stack slots with `delete` (it does unless `fengari-loader.ts` changed that). */
const stackDeletes = /delete \w+\.stack\[/.test(String((require('fengari/src/ldo.js') as { adjust_top: unknown }).adjust_top));

/**
 * Fills the free slots of the stack with nils, when fengari frees them with `delete`: once most
 * of the stack array is holes V8 turns it into a dictionary, and every stack access of the VM
 * then becomes a hash lookup. Called between calls, when the stack is empty, this keeps the
 * array dense and fast; slots above the top are never read. (Normally `fengari-loader.ts` has
 * removed the deletes and this does nothing.)
 */
export function keepStackDense(L: LuaState): void {
  if (!stackDeletes) return;
  const { stack } = L as unknown as InternalState;
  for (let i = 0; i < stack.length; i++) if (stack[i] === undefined) stack[i] = tvalue(TAG.NIL, null);
}

interface TableModule {
  luaH_get(L: LuaState, t: Table, key: TValue): TValue;
}

/**
 * A faster `luaH_get` for string and integer keys, the VM's most frequent table lookups
 * (`obj.field`, `list[i]`): straight to the entry map by the key's hash, as fengari's own lookup
 * ends up doing after its generic key checks. Other keys go through fengari's function.
 */
function installStringKeyLookup(): void {
  const ltable = require('fengari/src/ltable.js') as TableModule;
  const nilObject = (require('fengari/src/lobject.js') as { luaO_nilobject: TValue }).luaO_nilobject;
  const generic = ltable.luaH_get;
  ltable.luaH_get = (L, t, key) => {
    const type = key.type;
    let hash: unknown;
    if (type === TAG.LNGSTR || type === TAG.SHRSTR) {
      const ts = key.value as TString;
      hash = ts.hash ?? internals.lstring.luaS_hashlongstr(ts);
    } else if (type === TAG.NUMINT) {
      // Integer keys (list indices) hash to themselves, as in fengari's table_hash.
      hash = key.value;
    } else {
      return generic(L, t, key);
    }
    const entry = (t as unknown as MutableTable).strong.get(hash);
    return entry === undefined ? nilObject : entry.value;
  };
}
installStringKeyLookup();
