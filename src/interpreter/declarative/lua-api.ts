/**
 * A typed view of the parts of fengari (a Lua 5.3 VM written in JavaScript, MIT licence) this
 * project uses. fengari ships no type declarations; loading it through `createRequire` and
 * describing it here keeps `any` out of the code.
 *
 * Why fengari: it is pure JavaScript (no native build, no WebAssembly), its tables keep insertion
 * order like gopher-lua's (Karmada's VM), which one third-party expectation relies on, and a probe
 * ran all 564 of Karmada's third-party interpreter cases on it. Its Lua 5.3 differences from
 * gopher-lua's 5.1 are patched in `lua-compat.ts` and the sandbox libraries.
 */
import { createRequire } from 'node:module';
import { loadFengari } from './fengari-loader.js';

/** An opaque Lua state (`lua_State*`). */
export interface LuaState {
  readonly __luaState: never;
}

/** A Lua string: the bytes of its UTF-8 (or arbitrary) content. */
export type LuaString = Uint8Array;

/** A function callable from Lua: reads its arguments from the stack, pushes results, returns their count. */
export type LuaJsFunction = (L: LuaState) => number;

/** A debug hook. */
export type LuaHook = (L: LuaState, ar: unknown) => void;

/** The `lua_*` functions used here. */
export interface LuaCore {
  readonly LUA_OK: 0;
  readonly LUA_ERRRUN: number;
  readonly LUA_ERRSYNTAX: number;
  readonly LUA_ERRMEM: number;
  readonly LUA_ERRERR: number;
  readonly LUA_MULTRET: number;
  readonly LUA_REGISTRYINDEX: number;
  readonly LUA_MASKCOUNT: number;
  readonly LUA_TNONE: number;
  readonly LUA_TNIL: number;
  readonly LUA_TBOOLEAN: number;
  readonly LUA_TLIGHTUSERDATA: number;
  readonly LUA_TNUMBER: number;
  readonly LUA_TSTRING: number;
  readonly LUA_TTABLE: number;
  readonly LUA_TFUNCTION: number;
  readonly LUA_TUSERDATA: number;
  readonly LUA_TTHREAD: number;
  lua_upvalueindex(i: number): number;
  lua_absindex(L: LuaState, idx: number): number;
  lua_atnativeerror(L: LuaState, fn: LuaJsFunction): void;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_error(L: LuaState): never;
  lua_getfield(L: LuaState, idx: number, k: string | LuaString): number;
  lua_gettop(L: LuaState): number;
  lua_insert(L: LuaState, idx: number): void;
  lua_isinteger(L: LuaState, idx: number): boolean;
  lua_next(L: LuaState, idx: number): boolean;
  lua_len(L: LuaState, idx: number): void;
  lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
  lua_pop(L: LuaState, n: number): void;
  lua_pushboolean(L: LuaState, b: boolean): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushjsclosure(L: LuaState, fn: LuaJsFunction, n: number): void;
  lua_pushjsfunction(L: LuaState, fn: LuaJsFunction): void;
  lua_pushliteral(L: LuaState, s: string): void;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: string | LuaString): void;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_rawequal(L: LuaState, a: number, b: number): boolean;
  lua_rawget(L: LuaState, idx: number): number;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawlen(L: LuaState, idx: number): number;
  lua_rawset(L: LuaState, idx: number): void;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_remove(L: LuaState, idx: number): void;
  lua_replace(L: LuaState, idx: number): void;
  lua_setfield(L: LuaState, idx: number, k: string | LuaString): void;
  lua_sethook(L: LuaState, fn: LuaHook | null, mask: number, count: number): void;
  lua_setmetatable(L: LuaState, idx: number): void;
  lua_settop(L: LuaState, idx: number): void;
  lua_setupvalue(L: LuaState, funcindex: number, n: number): string | null;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tojsstring(L: LuaState, idx: number): string;
  lua_tolstring(L: LuaState, idx: number): LuaString | null;
  lua_tonumber(L: LuaState, idx: number): number;
  lua_topointer(L: LuaState, idx: number): object | null;
  lua_touserdata(L: LuaState, idx: number): unknown;
  lua_type(L: LuaState, idx: number): number;
}

/** The `luaL_*` functions used here. */
export interface LuaAux {
  luaL_newstate(): LuaState;
  luaL_loadbufferx(L: LuaState, buff: LuaString, size: number, name: string | LuaString, mode: string | null): number;
  luaL_ref(L: LuaState, t: number): number;
  luaL_unref(L: LuaState, t: number, ref: number): void;
  luaL_error(L: LuaState, fmt: string | LuaString, ...args: unknown[]): never;
  luaL_argerror(L: LuaState, arg: number, extramsg: string | LuaString): never;
  luaL_checkany(L: LuaState, arg: number): void;
  luaL_checkinteger(L: LuaState, arg: number): number;
  luaL_checknumber(L: LuaState, arg: number): number;
  luaL_checkstack(L: LuaState, sz: number, msg: string | null): void;
  luaL_checktype(L: LuaState, arg: number, t: number): void;
  luaL_optnumber(L: LuaState, arg: number, def: number): number;
  luaL_tolstring(L: LuaState, idx: number): LuaString;
  luaL_len(L: LuaState, idx: number): number;
  luaL_typename(L: LuaState, idx: number): LuaString;
}

/** The library openers used here. */
export interface LuaLib {
  luaopen_base(L: LuaState): number;
  luaopen_string(L: LuaState): number;
  luaopen_table(L: LuaState): number;
}

/** Shape of the `fengari` module. */
interface Fengari {
  lua: LuaCore;
  lauxlib: LuaAux;
  lualib: LuaLib;
  to_luastring(s: string, cache?: boolean): LuaString;
  to_jsstring(s: LuaString, from?: number, to?: number, replacementChar?: boolean): string;
}

const require = createRequire(import.meta.url);
// fengari is CommonJS without types; its shape is described by the interfaces above.
const fengari = loadFengari() as Fengari;

export const lua: LuaCore = fengari.lua;
export const lauxlib: LuaAux = fengari.lauxlib;
export const lualib: LuaLib = fengari.lualib;
/** Encodes a JS string as a Lua string (UTF-8). */
export const toLuaString: (s: string) => LuaString = (s) => fengari.to_luastring(s);
/** Decodes a Lua string, replacing invalid UTF-8. */
export const toJsString: (s: LuaString) => string = (s) => fengari.to_jsstring(s, 0, s.length, true);

/** Loads one of fengari's internal modules (for the compatibility patches). */
export function requireFengariInternal(name: 'lobject' | 'lstring' | 'ldebug'): Record<string, unknown> {
  return require(`fengari/src/${name}.js`) as Record<string, unknown>;
}
