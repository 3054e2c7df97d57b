/**
 * The libraries a customization script sees, as Karmada's sandbox offers them (gopher-lua with
 * Lua 5.1 names): a safe base library, `string` (no `rep`/`dump`, arguments up to 1,000,000
 * bytes), `table`, `math`, a safe `os` (time and date) and `require("kube")`. There is no io,
 * debug, coroutine, load or metatable access; those names raise Karmada's error.
 *
 * Every call gets a fresh global environment: a new table whose missing names fall back to the
 * shared libraries, with fresh proxy tables for `string`, `table`, `math` and `os`, so a script
 * that assigns globals or library fields cannot affect the next call.
 */
import { lauxlib, lua, lualib, type LuaJsFunction, type LuaState } from './lua-api.js';
import { luaStringFormat } from './lua-format.js';
import { MATH_CONSTANTS, MATH_FUNCTIONS } from './lua-math.js';
import { OS_FUNCTIONS } from './lua-os.js';
import { KUBE_FUNCTIONS } from './kube-lib.js';
import { fillLazyTableAt, lazyNext } from './lua-lazy-tables.js';
import { argError, checkString, luaToString, raise } from './lua-values.js';
import { newTable, pushValue, rawGetString, rawSet, stackValue, stringValue, tvalue, TAG, type Table, type TString, type TValue } from './fengari-internals.js';

const NIL = tvalue(TAG.NIL, null);

/** The table-hash of a key, as fengari computes it (strings carry a cached hash once used as keys). */
function keyHash(key: TValue): string {
  if (key.type === TAG.LNGSTR || key.type === TAG.SHRSTR) {
    const hash = (key.value as TString).hash;
    if (hash !== null) return hash;
  }
  // Not a string key, or never hashed: cannot be one of the environment's own keys.
  return `\u0000${key.type}:${String(key.value)}`;
}

/** Longest string a `string` library function accepts, as Karmada's safe string library. */
export const MAX_STRING_ARGUMENT = 1_000_000;

/** Globals that exist but refuse to run, with Karmada's message. */
const DISABLED_GLOBALS = [
  'collectgarbage',
  'dofile',
  'getfenv',
  'getmetatable',
  'load',
  'loadfile',
  'loadstring',
  'rawequal',
  'rawget',
  'rawset',
  'setfenv',
  'setmetatable',
  'module',
  'newproxy',
] as const;

const BASE_FROM_FENGARI = ['assert', 'error', 'ipairs', 'pairs', 'select', 'tonumber', 'type'] as const;
const STRING_FROM_FENGARI = ['byte', 'char', 'find', 'gsub', 'len', 'lower', 'match', 'reverse', 'sub', 'upper', 'gmatch'] as const;
const TABLE_FROM_FENGARI = ['concat', 'insert', 'remove', 'sort'] as const;

/** What the sandbox needs from the runtime running it. */
export interface SandboxControls {
  /** Set once the running call has been stopped (time or memory limit); `pcall` must not swallow that. */
  abortReason(): string | undefined;
  /** Where `print` writes. */
  print(line: string): void;
}

function disabled(name: string): LuaJsFunction {
  return (L) => raise(L, `call function ${name} is not supported in karmada customized resourceinterpreter.`);
}

/** Calls the function in upvalue 1 after checking that no string argument is too long. */
const guardedStringFunction: LuaJsFunction = (L) => {
  const top = lua.lua_gettop(L);
  for (let i = 1; i <= top; i++) {
    if (lua.lua_type(L, i) === lua.LUA_TSTRING && lua.lua_rawlen(L, i) > MAX_STRING_ARGUMENT) {
      argError(L, i, `string length exceeds the limit of ${MAX_STRING_ARGUMENT} bytes`);
    }
  }
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_insert(L, 1);
  lua.lua_call(L, top, lua.LUA_MULTRET);
  return lua.lua_gettop(L);
};

/** `table.maxn(t)`: the largest positive numeric key. */
const tableMaxn: LuaJsFunction = (L) => {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  fillLazyTableAt(L, 1);
  let max = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, 1)) {
    lua.lua_pop(L, 1);
    if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) max = Math.max(max, lua.lua_tonumber(L, -1));
  }
  lua.lua_pushnumber(L, max);
  return 1;
};

/** `table.getn(t)`: the raw length. */
const tableGetn: LuaJsFunction = (L) => {
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  fillLazyTableAt(L, 1);
  lua.lua_pushnumber(L, lua.lua_rawlen(L, 1));
  return 1;
};

const tostring: LuaJsFunction = (L) => {
  lauxlib.luaL_checkany(L, 1);
  lua.lua_pushstring(L, luaToString(L, 1));
  return 1;
};

/** Pushes `fn` as a field of the table on top of the stack. */
function setFunction(L: LuaState, name: string, fn: LuaJsFunction): void {
  lua.lua_pushjsfunction(L, fn);
  lua.lua_setfield(L, -2, name);
}

/** Copies `names` from the table at `from` into the table on top of the stack. */
function copyFields(L: LuaState, from: number, names: readonly string[]): void {
  for (const name of names) {
    lua.lua_getfield(L, from, name);
    lua.lua_setfield(L, -2, name);
  }
}

/** Pops the table on top of the stack into the registry and returns its reference. */
function ref(L: LuaState): number {
  return lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
}

/** Pushes `{ __index = registry[libRef] }` and returns a registry reference to it. */
function indexMetatable(L: LuaState, libRef: number): number {
  lua.lua_createtable(L, 0, 1);
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, libRef);
  lua.lua_setfield(L, -2, '__index');
  return ref(L);
}

/** The table behind a registry reference. */
function registryTable(L: LuaState, reference: number): Table {
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, reference);
  const table = stackValue(L, -1).value as Table;
  lua.lua_pop(L, 1);
  return table;
}

/** The key/value pairs of the table behind a registry reference. */
function tableEntries(L: LuaState, reference: number): { key: TValue; value: TValue }[] {
  const entries: { key: TValue; value: TValue }[] = [];
  for (let entry = registryTable(L, reference).f; entry !== undefined; entry = entry.n) {
    entries.push({ key: tvalue(entry.key.type, entry.key.value), value: tvalue(entry.value.type, entry.value.value) });
  }
  return entries;
}

/** An empty table whose missing fields are read from `meta.__index`. */
function proxy(L: LuaState, meta: Table): Table {
  const table = newTable(L);
  table.metatable = meta;
  return table;
}

/** The sandbox of one Lua state. */
export class LuaSandbox {
  /**
   * The one global table scripts run in. It is reset to {@link pristine} after every call, which
   * gives each call a fresh environment without building a new table each time.
   */
  private readonly environment: Table;
  /** What the environment holds between calls, by key hash: base functions, library proxies, `_G`. */
  private readonly pristine = new Map<string, { readonly key: TValue; value: TValue; readonly proxyOf?: Table }>();
  private readonly libraryMetas: readonly { readonly name: string; readonly meta: Table }[];
  private readonly kubeMeta: Table;

  constructor(
    L: LuaState,
    private readonly controls: SandboxControls,
  ) {
    lua.lua_settop(L, 0);
    lualib.luaopen_base(L); // 1: fengari's globals
    lualib.luaopen_table(L); // 2: fengari's table library
    lualib.luaopen_string(L); // 3: fengari's string library (also sets the string metatable)

    lua.lua_createtable(L, 0, 24); // 4: base
    copyFields(L, 1, BASE_FROM_FENGARI);
    setFunction(L, 'next', lazyNext);
    lua.lua_getfield(L, 2, 'unpack');
    lua.lua_setfield(L, -2, 'unpack');
    setFunction(L, 'tostring', tostring);
    setFunction(L, 'print', (S) => this.print(S));
    setFunction(L, 'pcall', (S) => this.pcall(S));
    setFunction(L, 'xpcall', (S) => this.xpcall(S));
    setFunction(L, 'require', (S) => this.require(S));
    for (const name of DISABLED_GLOBALS) setFunction(L, name, disabled(name));
    lua.lua_pushliteral(L, 'Lua 5.1');
    lua.lua_setfield(L, -2, '_VERSION');
    const base = ref(L);

    lua.lua_createtable(L, 0, 16); // safe string library
    for (const name of STRING_FROM_FENGARI) {
      lua.lua_getfield(L, 3, name);
      lua.lua_pushjsclosure(L, guardedStringFunction, 1);
      lua.lua_setfield(L, -2, name);
    }
    lua.lua_getfield(L, -1, 'gmatch');
    lua.lua_setfield(L, -2, 'gfind');
    lua.lua_pushjsfunction(L, luaStringFormat);
    lua.lua_pushjsclosure(L, guardedStringFunction, 1);
    lua.lua_setfield(L, -2, 'format');
    setFunction(L, 'rep', disabled('string.rep'));
    setFunction(L, 'dump', disabled('string.dump'));
    // Method calls on strings (`s:lower()`) go through the safe library too.
    lua.lua_pushliteral(L, '');
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushvalue(L, -3);
    lua.lua_setfield(L, -2, '__index');
    lua.lua_setmetatable(L, -2);
    lua.lua_pop(L, 1);
    const stringLib = ref(L);

    lua.lua_createtable(L, 0, 6);
    copyFields(L, 2, TABLE_FROM_FENGARI);
    setFunction(L, 'getn', tableGetn);
    setFunction(L, 'maxn', tableMaxn);
    const tableLib = ref(L);

    lua.lua_createtable(L, 0, 32);
    for (const [name, fn] of Object.entries(MATH_FUNCTIONS)) setFunction(L, name, fn);
    for (const [name, value] of Object.entries(MATH_CONSTANTS)) {
      lua.lua_pushnumber(L, value);
      lua.lua_setfield(L, -2, name);
    }
    const mathLib = ref(L);

    lua.lua_createtable(L, 0, 2);
    for (const [name, fn] of Object.entries(OS_FUNCTIONS)) setFunction(L, name, fn);
    const osLib = ref(L);

    lua.lua_createtable(L, 0, 4);
    for (const [name, fn] of Object.entries(KUBE_FUNCTIONS)) setFunction(L, name, fn);
    const kubeLib = ref(L);

    lua.lua_settop(L, 0);
    this.libraryMetas = [
      { name: 'string', meta: registryTable(L, indexMetatable(L, stringLib)) },
      { name: 'table', meta: registryTable(L, indexMetatable(L, tableLib)) },
      { name: 'math', meta: registryTable(L, indexMetatable(L, mathLib)) },
      { name: 'os', meta: registryTable(L, indexMetatable(L, osLib)) },
    ];
    this.kubeMeta = registryTable(L, indexMetatable(L, kubeLib));
    this.environment = newTable(L);
    const pristine = (key: TValue, value: TValue, proxyOf?: Table): void => {
      this.pristine.set(keyHash(key), proxyOf === undefined ? { key, value } : { key, value, proxyOf });
    };
    for (const { key, value } of tableEntries(L, base)) pristine(key, value);
    for (const { name, meta } of this.libraryMetas) pristine(stringValue(L, name), tvalue(TAG.TABLE, proxy(L, meta)), meta);
    pristine(stringValue(L, '_G'), tvalue(TAG.TABLE, this.environment));
    for (const { key, value } of this.pristine.values()) rawSet(L, this.environment, key, value);
  }

  /** Pushes the global environment for a call (call {@link resetEnvironment} afterwards). */
  pushEnvironment(L: LuaState): void {
    pushValue(L, tvalue(TAG.TABLE, this.environment));
  }

  /**
   * Puts the environment back as it was before the call: globals the script defined are removed,
   * base functions it replaced or removed come back, and a library proxy it wrote into is
   * replaced by an empty one. (Library fields are read through the proxy, so removing one, as in
   * `string.format = nil`, uncovers the shared function instead of leaving nil.)
   */
  resetEnvironment(L: LuaState): void {
    if (this.removeAddedGlobals(L)) return;
    const env = this.environment;
    const extra: TValue[] = [];
    let present = 0;
    for (let entry = env.f; entry !== undefined; entry = entry.n) {
      const original = this.pristine.get(keyHash(entry.key));
      if (original === undefined) {
        extra.push(entry.key);
        continue;
      }
      present++;
      if (original.proxyOf !== undefined && (original.value.value as Table).f !== undefined) {
        // The script wrote into a library proxy: give the next call a clean one.
        original.value = tvalue(TAG.TABLE, proxy(L, original.proxyOf));
      }
      if (entry.value.type !== original.value.type || entry.value.value !== original.value.value) rawSet(L, env, entry.key, original.value);
    }
    for (const key of extra) rawSet(L, env, key, NIL);
    if (present < this.pristine.size) {
      for (const { key, value } of this.pristine.values()) {
        if (rawGetString(env, key.value as TString).type === TAG.NIL) rawSet(L, env, key, value);
      }
    }
  }

  /**
   * The common case of {@link resetEnvironment}, without a lookup per global: the environment
   * still starts with the pristine entries, in their order and unchanged, and the script only
   * added globals after them (its functions). Removes those; false (nothing done) otherwise.
   */
  private removeAddedGlobals(L: LuaState): boolean {
    let entry = this.environment.f;
    for (const original of this.pristine.values()) {
      if (entry === undefined || entry.key.value !== original.key.value) return false;
      if (entry.value.type !== original.value.type || entry.value.value !== original.value.value) return false;
      if (original.proxyOf !== undefined && (original.value.value as Table).f !== undefined) return false;
      entry = entry.n;
    }
    const added: TValue[] = [];
    for (; entry !== undefined; entry = entry.n) added.push(entry.key);
    for (const key of added) rawSet(L, this.environment, key, NIL);
    return true;
  }

  private require(L: LuaState): number {
    const name = checkString(L, 1);
    if (name !== 'kube') return raise(L, `module '${name}' not found:\n\tno field package.preload['${name}']`);
    pushValue(L, tvalue(TAG.TABLE, proxy(L, this.kubeMeta)));
    return 1;
  }

  private print(L: LuaState): number {
    const count = lua.lua_gettop(L);
    const parts: string[] = [];
    for (let i = 1; i <= count; i++) parts.push(luaToString(L, i));
    this.controls.print(parts.join('\t'));
    return 0;
  }

  /** `pcall`, except that a stopped call keeps unwinding. */
  private pcall(L: LuaState): number {
    lauxlib.luaL_checkany(L, 1);
    const status = lua.lua_pcall(L, lua.lua_gettop(L) - 1, lua.LUA_MULTRET, 0);
    if (this.controls.abortReason() !== undefined) return lua.lua_error(L);
    if (status !== lua.LUA_OK) {
      lua.lua_pushboolean(L, false);
      lua.lua_insert(L, -2);
      return 2;
    }
    lua.lua_pushboolean(L, true);
    lua.lua_insert(L, 1);
    return lua.lua_gettop(L);
  }

  /** `xpcall(f, handler, ...)`, except that a stopped call keeps unwinding. */
  private xpcall(L: LuaState): number {
    const count = lua.lua_gettop(L);
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    // Stack: f, handler, args... -> handler, f, args...
    lua.lua_pushvalue(L, 2);
    lua.lua_insert(L, 1);
    lua.lua_remove(L, 3);
    const status = lua.lua_pcall(L, count - 2, lua.LUA_MULTRET, 1);
    if (this.controls.abortReason() !== undefined) return lua.lua_error(L);
    lua.lua_pushboolean(L, status === lua.LUA_OK);
    lua.lua_replace(L, 1);
    return lua.lua_gettop(L);
  }
}
