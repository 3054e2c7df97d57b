/** Checks the fengari internals `fengari-internals.ts` relies on, so an upgrade that changes them fails here first. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lauxlib, lua } from './lua-api.js';
import { TAG, jsString, luaString, newTable, pushValue, rawGetString, rawSet, stackValue, stringValue, tvalue, type Table } from './fengari-internals.js';
import { toJsString } from './lua-api.js';

describe('fengari internals', () => {
  const L = lauxlib.luaL_newstate();

  it('tables built directly are ordinary Lua tables', () => {
    const t = newTable(L);
    rawSet(L, t, stringValue(L, 'b'), tvalue(TAG.NUMFLT, 2));
    rawSet(L, t, stringValue(L, 'a'), tvalue(TAG.NUMFLT, 1));
    pushValue(L, tvalue(TAG.TABLE, t));
    assert.equal(lua.lua_type(L, -1), lua.LUA_TTABLE);
    lua.lua_getfield(L, -1, 'a');
    assert.equal(lua.lua_tonumber(L, -1), 1);
    lua.lua_settop(L, 0);
  });

  it('entries list live keys in insertion order, without removed ones', () => {
    const t = newTable(L);
    for (const k of ['x', 'y', 'z']) rawSet(L, t, stringValue(L, k), tvalue(TAG.BOOLEAN, true));
    rawSet(L, t, stringValue(L, 'y'), tvalue(TAG.NIL, null));
    const keys: string[] = [];
    for (let e = t.f; e !== undefined; e = e.n) keys.push(jsString(e.key.value as never, toJsString));
    assert.deepEqual(keys, ['x', 'z']);
    assert.equal(rawGetString(t, luaString(L, 'y')).type, TAG.NIL);
  });

  it('stack values are readable by index and strings are typed as expected', () => {
    lua.lua_pushstring(L, 'hello');
    lua.lua_pushnumber(L, 1.5);
    lua.lua_pushinteger(L, 2);
    lua.lua_createtable(L, 0, 0);
    assert.equal(stackValue(L, 1).type, TAG.LNGSTR);
    assert.equal(stackValue(L, 2).type, TAG.NUMFLT);
    assert.equal(stackValue(L, 3).type, TAG.NUMINT);
    assert.equal(stackValue(L, -1).type, TAG.TABLE);
    assert.equal(stackValue(L, 9).type, TAG.NIL);
    assert.equal((stackValue(L, -1).value as Table).metatable, null);
    lua.lua_settop(L, 0);
  });

  it('caches short strings with their hash', () => {
    const a = luaString(L, 'metadata');
    assert.equal(luaString(L, 'metadata'), a);
    assert.notEqual(a.hash, null);
  });
});
