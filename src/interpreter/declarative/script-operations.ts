/**
 * Running one rule's script for one operation, with Karmada's argument and result conventions
 * (`luavm/lua.go`): which function is called, with what, and how its results are decoded.
 */
import type { KubeObject } from '../../api/object.js';
import type { AggregatedStatusItem, Component, DependentObjectReference, InterpretedReplicas } from '../types.js';
import { lua, type LuaState } from './lua-api.js';
import { readJsonNoting } from './lua-convert.js';
import { repairEmptyTables, type ResultShape } from './empty-table-rule.js';
import { LuaScriptError, type LuaRuntime } from './lua-runtime.js';
import { decodeComponents, decodeDependencies, decodeObject, decodeReplicaRequirements } from './result-decoding.js';
import { typeName } from './lua-values.js';

/** Names the chunk in error messages, e.g. `declarative-configuration-mpijob/statusAggregation`. */
export type ChunkName = string;

/** The Lua type of a result, for messages. */
function resultType(L: LuaState, index: number): string {
  return typeName(L, index);
}

/** Reads a table result and applies the empty-table rule; non-tables are errors. */
function readTable(L: LuaState, index: number, shape: ResultShape, references: readonly unknown[]): unknown {
  if (lua.lua_type(L, index) !== lua.LUA_TTABLE) {
    throw new LuaScriptError('result', `expect the returned requires type is table but got ${resultType(L, index)}`);
  }
  const { value, hasEmptyTables } = readJsonNoting(L, index);
  return hasEmptyTables ? repairEmptyTables(value, shape, references) : value;
}

function decoded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof LuaScriptError) throw e;
    throw new LuaScriptError('result', (e as Error).message);
  }
}

/** AggregatedStatusItem as Go encodes it for the script: omitted zero values, raw status. */
export function statusItemsForLua(items: readonly AggregatedStatusItem[] | undefined): unknown {
  if (items === undefined) return undefined;
  return items.map((item) => {
    const out: Record<string, unknown> = { clusterName: item.clusterName };
    if (item.status !== undefined && item.status !== null) out['status'] = item.status;
    if (item.applied === true) out['applied'] = true;
    if (item.appliedMessage) out['appliedMessage'] = item.appliedMessage;
    if (item.health) out['health'] = item.health;
    return out;
  });
}

/** `GetReplicas(obj)` → replica (truncated to int32), requirements (table or nil). */
export function runGetReplicas(runtime: LuaRuntime, script: string, object: KubeObject, chunk?: ChunkName): InterpretedReplicas {
  return runtime.call(script, 'GetReplicas', [object], 2, (L, first) => {
    if (lua.lua_type(L, first) !== lua.LUA_TNUMBER) throw new LuaScriptError('result', `result type ${resultType(L, first)} is not number`);
    const replicas = Math.trunc(lua.lua_tonumber(L, first));
    if (!(replicas >= -(2 ** 31) && replicas < 2 ** 31)) throw new LuaScriptError('result', `replica ${replicas} is out of the int32 range`);
    const type = lua.lua_type(L, first + 1);
    if (type === lua.LUA_TNIL) return { replicas };
    const requirements = decoded(() => decodeReplicaRequirements(readTable(L, first + 1, 'object', [])));
    return { replicas, requirements };
  }, chunk);
}

/** `ReviseReplica(obj, replicas)` → the revised object. */
export function runReviseReplica(runtime: LuaRuntime, script: string, object: KubeObject, replicas: number, chunk?: ChunkName): KubeObject {
  return runtime.call(script, 'ReviseReplica', [object, replicas], 1, (L, first) =>
    decoded(() => decodeObject(readTable(L, first, 'object', [object]), 'revised')), chunk);
}

/** `Retain(desired, observed)` → the object to apply. */
export function runRetain(runtime: LuaRuntime, script: string, desired: KubeObject, observed: KubeObject, chunk?: ChunkName): KubeObject {
  return runtime.call(script, 'Retain', [desired, observed], 1, (L, first) =>
    decoded(() => decodeObject(readTable(L, first, 'object', [desired, observed]), 'retained')), chunk);
}

/** `AggregateStatus(obj, statusItems)` → the object with status aggregated. `items` undefined passes nil. */
export function runAggregateStatus(runtime: LuaRuntime, script: string, object: KubeObject, items: readonly AggregatedStatusItem[] | undefined, chunk?: ChunkName): KubeObject {
  return runtime.call(script, 'AggregateStatus', [object, statusItemsForLua(items)], 1, (L, first) =>
    decoded(() => decodeObject(readTable(L, first, 'object', []), 'aggregatedStatus')), chunk);
}

/** `ReflectStatus(obj)` → the status (any table, kept as raw JSON). */
export function runReflectStatus(runtime: LuaRuntime, script: string, object: KubeObject, chunk?: ChunkName): unknown {
  return runtime.call(script, 'ReflectStatus', [object], 1, (L, first) => readTable(L, first, 'object', []), chunk);
}

/** `InterpretHealth(obj)` → a boolean (anything else is an error). */
export function runInterpretHealth(runtime: LuaRuntime, script: string, object: KubeObject, chunk?: ChunkName): boolean {
  return runtime.call(script, 'InterpretHealth', [object], 1, (L, first) => {
    if (lua.lua_type(L, first) !== lua.LUA_TBOOLEAN) throw new LuaScriptError('result', `result type ${resultType(L, first)} is not bool`);
    return lua.lua_toboolean(L, first);
  }, chunk);
}

/** `GetDependencies(obj)` → a list of references. */
export function runGetDependencies(runtime: LuaRuntime, script: string, object: KubeObject, chunk?: ChunkName): DependentObjectReference[] {
  return runtime.call(script, 'GetDependencies', [object], 1, (L, first) =>
    decoded(() => decodeDependencies(readTable(L, first, 'list', []))), chunk);
}

/** `GetComponents(obj)` → a list of components. */
export function runGetComponents(runtime: LuaRuntime, script: string, object: KubeObject, chunk?: ChunkName): Component[] {
  return runtime.call(script, 'GetComponents', [object], 1, (L, first) =>
    decoded(() => decodeComponents(readTable(L, first, 'list', []))), chunk);
}
