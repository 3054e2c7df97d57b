/** Helpers for reading Lua values and raising Lua errors from JavaScript library functions. */
import { lauxlib, lua, toJsString, type LuaState } from './lua-api.js';
import { luaNumberToString } from './lua-compat.js';

/** Raises a Lua error with `message` (prefixed with the script position, as `error` does). */
export function raise(L: LuaState, message: string): never {
  return lauxlib.luaL_error(L, '%s', message);
}

/** Raises "bad argument #n to 'f' (message)". */
export function argError(L: LuaState, arg: number, message: string): never {
  return lauxlib.luaL_argerror(L, arg, message);
}

/** The Lua type name of the value at `index` ("nil", "number", ...). */
export function typeName(L: LuaState, index: number): string {
  return toJsString(lauxlib.luaL_typename(L, index));
}

/** `tostring` as gopher-lua prints: numbers without a trailing `.0` when whole. */
export function luaToString(L: LuaState, index: number): string {
  switch (lua.lua_type(L, index)) {
    case lua.LUA_TNUMBER:
      return lua.lua_isinteger(L, index) ? String(lua.lua_tonumber(L, index)) : luaNumberToString(lua.lua_tonumber(L, index));
    case lua.LUA_TSTRING: {
      const bytes = lua.lua_tolstring(L, index);
      return bytes === null ? '' : toJsString(bytes);
    }
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, index) ? 'true' : 'false';
    case lua.LUA_TNIL:
    case lua.LUA_TNONE:
      return 'nil';
    default: {
      const text = toJsString(lauxlib.luaL_tolstring(L, index));
      lua.lua_pop(L, 1);
      return text;
    }
  }
}

/** The string argument at `index` (numbers are converted), or a "string expected" error. */
export function checkString(L: LuaState, index: number): string {
  const type = lua.lua_type(L, index);
  if (type === lua.LUA_TSTRING || type === lua.LUA_TNUMBER) return luaToString(L, index);
  return argError(L, index, `string expected, got ${typeName(L, index)}`);
}
