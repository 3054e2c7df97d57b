/**
 * The `kube` Lua module (`local kube = require("kube")`, Karmada's `luavm/kube.go`):
 * quantity arithmetic and the pod-template helpers Karmada's own interpreter uses.
 */
import { lua, type LuaJsFunction, type LuaState } from './lua-api.js';
import { argError, checkString, luaToString, raise, typeName } from './lua-values.js';
import { pushJson, readJsonNoting } from './lua-convert.js';
import { repairEmptyTables } from './empty-table-rule.js';
import { addQuantities, formatQuantity, parseQuantity, quantityToNumber, ZERO_QUANTITY, type Quantity } from '../kube/quantity.js';
import { generateReplicaRequirements } from '../kube/pod-requirements.js';
import { podTemplateDependencies } from '../kube/pod-dependencies.js';

/** A quantity argument: nil is zero, a string is parsed, anything else is a type error. */
function checkQuantity(L: LuaState, arg: number): Quantity {
  const type = lua.lua_type(L, arg);
  if (type === lua.LUA_TNIL || type === lua.LUA_TNONE) return ZERO_QUANTITY;
  if (type !== lua.LUA_TSTRING) return argError(L, arg, `string expected, got ${typeName(L, arg)}`);
  const text = luaToString(L, arg);
  try {
    return parseQuantity(text);
  } catch (e) {
    return raise(L, `cannot parse '${text}': ${(e as Error).message}`);
  }
}

/** A pod template argument read as JSON, with empty tables dropped as Karmada's typed decoding does. */
function checkPodTemplate(L: LuaState, arg: number): unknown {
  if (lua.lua_type(L, arg) !== lua.LUA_TTABLE) return argError(L, arg, `table expected, got ${typeName(L, arg)}`);
  try {
    const { value, hasEmptyTables } = readJsonNoting(L, arg);
    return hasEmptyTables ? repairEmptyTables(value, 'object') : value;
  } catch (e) {
    return raise(L, `fail to convert lua value to PodTemplateSpec: ${(e as Error).message}`);
  }
}

/** `kube.resourceAdd(q1, q2, ...)`: the sum as a canonical quantity string. */
const resourceAdd: LuaJsFunction = (L) => {
  let total = ZERO_QUANTITY;
  const count = lua.lua_gettop(L);
  for (let i = 1; i <= count; i++) total = addQuantities(total, checkQuantity(L, i));
  lua.lua_pushstring(L, formatQuantity(total));
  return 1;
};

/** `kube.getResourceQuantity(q)`: the approximate value as a number. */
const getResourceQuantity: LuaJsFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) return raise(L, 'getResourceQuantity only accepts one argument');
  const value = quantityToNumber(checkQuantity(L, 1));
  if (value < 0 || !Number.isFinite(value)) return raise(L, `the quantity is negative or infinite: ${value}`);
  lua.lua_pushnumber(L, value);
  return 1;
};

/** `kube.accuratePodRequirements(podTemplate)`: ReplicaRequirements or nil. */
const accuratePodRequirements: LuaJsFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) return raise(L, 'getPodRequirements only accepts one argument');
  const template = checkPodTemplate(L, 1);
  let requirements;
  try {
    requirements = generateReplicaRequirements(template);
  } catch (e) {
    return raise(L, `fail to compute pod requirements: ${(e as Error).message}`);
  }
  pushJson(L, requirements);
  return 1;
};

/** `kube.getPodDependencies(podTemplate, namespace)`: a list of references or nil. */
const getPodDependencies: LuaJsFunction = (L) => {
  if (lua.lua_gettop(L) !== 2) return raise(L, 'getPodDependencies only accepts two argument');
  const template = checkPodTemplate(L, 1);
  const namespace = lua.lua_type(L, 2) === lua.LUA_TNIL ? 'default' : checkString(L, 2);
  const dependencies = podTemplateDependencies(template, namespace);
  pushJson(L, dependencies.length === 0 ? undefined : dependencies);
  return 1;
};

/** The functions of the `kube` module. */
export const KUBE_FUNCTIONS: Readonly<Record<string, LuaJsFunction>> = {
  resourceAdd,
  getResourceQuantity,
  accuratePodRequirements,
  getPodDependencies,
};
