/**
 * Lua 5.1's `math` library: every result is a float (5.3 returns integers from `floor`, which in
 * fengari are 32-bit), `math.huge` is the largest float64 as in gopher-lua, and the 5.1 names
 * `pow`, `mod`, `log10`, `atan2`, `cosh`, `sinh`, `tanh`, `frexp`, `ldexp` exist.
 */
import { lauxlib, lua, type LuaJsFunction, type LuaState } from './lua-api.js';
import { argError } from './lua-values.js';

const n = (L: LuaState, i: number): number => lauxlib.luaL_checknumber(L, i);

function unary(f: (x: number) => number): LuaJsFunction {
  return (L) => {
    lua.lua_pushnumber(L, f(n(L, 1)));
    return 1;
  };
}

function binary(f: (x: number, y: number) => number): LuaJsFunction {
  return (L) => {
    lua.lua_pushnumber(L, f(n(L, 1), n(L, 2)));
    return 1;
  };
}

function extreme(pick: (a: number, b: number) => boolean): LuaJsFunction {
  return (L) => {
    const count = lua.lua_gettop(L);
    let best = n(L, 1);
    for (let i = 2; i <= count; i++) {
      const value = n(L, i);
      if (pick(value, best)) best = value;
    }
    lua.lua_pushnumber(L, best);
    return 1;
  };
}

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let exponent = Math.max(-1023, Math.floor(Math.log2(Math.abs(x))) + 1);
  let mantissa = x * 2 ** -exponent;
  while (Math.abs(mantissa) < 0.5) {
    mantissa *= 2;
    exponent--;
  }
  while (Math.abs(mantissa) >= 1) {
    mantissa /= 2;
    exponent++;
  }
  return [mantissa, exponent];
}

/** A small seedable generator (mulberry32) so that `math.randomseed` means something. */
let seed = (Date.now() ^ 0x9e3779b9) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const mathRandom: LuaJsFunction = (L) => {
  const r = random();
  switch (lua.lua_gettop(L)) {
    case 0:
      lua.lua_pushnumber(L, r);
      return 1;
    case 1: {
      const upper = Math.floor(n(L, 1));
      if (upper < 1) argError(L, 1, 'interval is empty');
      lua.lua_pushnumber(L, Math.floor(r * upper) + 1);
      return 1;
    }
    default: {
      const lower = Math.floor(n(L, 1));
      const upper = Math.floor(n(L, 2));
      if (lower > upper) argError(L, 2, 'interval is empty');
      lua.lua_pushnumber(L, Math.floor(r * (upper - lower + 1)) + lower);
      return 1;
    }
  }
};

/** The `math` functions, plus `pi` and `huge` as numbers. */
export const MATH_FUNCTIONS: Readonly<Record<string, LuaJsFunction>> = {
  abs: unary(Math.abs),
  acos: unary(Math.acos),
  asin: unary(Math.asin),
  atan: (L) => {
    lua.lua_pushnumber(L, lua.lua_type(L, 2) <= lua.LUA_TNIL ? Math.atan(n(L, 1)) : Math.atan2(n(L, 1), n(L, 2)));
    return 1;
  },
  atan2: binary(Math.atan2),
  ceil: unary(Math.ceil),
  cos: unary(Math.cos),
  cosh: unary(Math.cosh),
  deg: unary((x) => (x * 180) / Math.PI),
  exp: unary(Math.exp),
  floor: unary(Math.floor),
  fmod: binary((x, y) => x % y),
  frexp: (L) => {
    const [mantissa, exponent] = frexp(n(L, 1));
    lua.lua_pushnumber(L, mantissa);
    lua.lua_pushnumber(L, exponent);
    return 2;
  },
  ldexp: binary((m, e) => m * 2 ** e),
  log: (L) => {
    const x = n(L, 1);
    lua.lua_pushnumber(L, lua.lua_type(L, 2) <= lua.LUA_TNIL ? Math.log(x) : Math.log(x) / Math.log(n(L, 2)));
    return 1;
  },
  log10: unary(Math.log10),
  max: extreme((a, b) => a > b),
  min: extreme((a, b) => a < b),
  mod: binary((x, y) => x % y),
  modf: (L) => {
    const x = n(L, 1);
    const integral = Number.isFinite(x) ? Math.trunc(x) : x;
    lua.lua_pushnumber(L, integral);
    lua.lua_pushnumber(L, Number.isFinite(x) ? x - integral : 0);
    return 2;
  },
  pow: binary((x, y) => x ** y),
  rad: unary((x) => (x * Math.PI) / 180),
  random: mathRandom,
  randomseed: (L) => {
    seed = Math.trunc(n(L, 1)) >>> 0;
    return 0;
  },
  sin: unary(Math.sin),
  sinh: unary(Math.sinh),
  sqrt: unary(Math.sqrt),
  tan: unary(Math.tan),
  tanh: unary(Math.tanh),
};

/** Number constants of the `math` library. */
export const MATH_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, huge: Number.MAX_VALUE };
