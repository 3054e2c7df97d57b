/**
 * The safe `os` library Karmada exposes: only `os.time([t])` and `os.date([format[, t]])`.
 * A format starting with `!` uses UTC, `*t` returns a table, other directives follow strftime.
 */
import { lauxlib, lua, type LuaJsFunction, type LuaState } from './lua-api.js';
import { argError, checkString } from './lua-values.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  yday: number; // 1-366
  offsetMinutes: number; // east of UTC
}

function partsOf(date: Date, utc: boolean): DateParts {
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const day = utc ? date.getUTCDate() : date.getDate();
  const startOfYear = Date.UTC(year, 0, 1);
  const yday = Math.floor((Date.UTC(year, month - 1, day) - startOfYear) / 86_400_000) + 1;
  return {
    year,
    month,
    day,
    hour: utc ? date.getUTCHours() : date.getHours(),
    min: utc ? date.getUTCMinutes() : date.getMinutes(),
    sec: utc ? date.getUTCSeconds() : date.getSeconds(),
    wday: utc ? date.getUTCDay() : date.getDay(),
    yday,
    offsetMinutes: utc ? 0 : -date.getTimezoneOffset(),
  };
}

const two = (n: number): string => String(n).padStart(2, '0');

function zone(p: DateParts): string {
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(p.offsetMinutes);
  return `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** Formats `p` with strftime directives. */
export function strftime(format: string, p: DateParts): string {
  return format.replace(/%(.)/gs, (whole, c: string) => {
    switch (c) {
      case 'a': return (DAYS[p.wday] ?? '').slice(0, 3);
      case 'A': return DAYS[p.wday] ?? '';
      case 'b': case 'h': return (MONTHS[p.month - 1] ?? '').slice(0, 3);
      case 'B': return MONTHS[p.month - 1] ?? '';
      case 'c': return `${(DAYS[p.wday] ?? '').slice(0, 3)} ${(MONTHS[p.month - 1] ?? '').slice(0, 3)} ${String(p.day).padStart(2, ' ')} ${two(p.hour)}:${two(p.min)}:${two(p.sec)} ${p.year}`;
      case 'd': return two(p.day);
      case 'D': return `${two(p.month)}/${two(p.day)}/${two(p.year % 100)}`;
      case 'e': return String(p.day).padStart(2, ' ');
      case 'F': return `${p.year}-${two(p.month)}-${two(p.day)}`;
      case 'H': return two(p.hour);
      case 'I': return two(p.hour % 12 === 0 ? 12 : p.hour % 12);
      case 'j': return String(p.yday).padStart(3, '0');
      case 'm': return two(p.month);
      case 'M': return two(p.min);
      case 'n': return '\n';
      case 'p': return p.hour < 12 ? 'AM' : 'PM';
      case 'S': return two(p.sec);
      case 't': return '\t';
      case 'T': case 'X': return `${two(p.hour)}:${two(p.min)}:${two(p.sec)}`;
      case 'u': return String(p.wday === 0 ? 7 : p.wday);
      case 'w': return String(p.wday);
      case 'x': return `${two(p.month)}/${two(p.day)}/${two(p.year % 100)}`;
      case 'y': return two(p.year % 100);
      case 'Y': return String(p.year);
      case 'z': return zone(p);
      case 'Z': return p.offsetMinutes === 0 ? 'UTC' : zone(p);
      case '%': return '%';
      default: return whole;
    }
  });
}

/** `os.date([format[, time]])`. */
const osDate: LuaJsFunction = (L) => {
  let format = lua.lua_type(L, 1) <= lua.LUA_TNIL ? '%c' : checkString(L, 1);
  const seconds = lua.lua_type(L, 2) <= lua.LUA_TNIL ? Date.now() / 1000 : lauxlib.luaL_checknumber(L, 2);
  let utc = false;
  if (format.startsWith('!')) {
    utc = true;
    format = format.slice(1);
  }
  const parts = partsOf(new Date(Math.floor(seconds) * 1000), utc);
  if (format.startsWith('*t')) {
    lua.lua_createtable(L, 0, 9);
    for (const [key, value] of [['year', parts.year], ['month', parts.month], ['day', parts.day], ['hour', parts.hour], ['min', parts.min], ['sec', parts.sec], ['wday', parts.wday + 1], ['yday', parts.yday]] as const) {
      lua.lua_pushnumber(L, value);
      lua.lua_setfield(L, -2, key);
    }
    lua.lua_pushboolean(L, false);
    lua.lua_setfield(L, -2, 'isdst');
    return 1;
  }
  lua.lua_pushstring(L, strftime(format, parts));
  return 1;
};

function field(L: LuaState, key: string, fallback: number | undefined): number {
  lua.lua_getfield(L, 1, key);
  const type = lua.lua_type(L, -1);
  const value = type === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : undefined;
  lua.lua_pop(L, 1);
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  return argError(L, 1, `field '${key}' missing in date table`);
}

/** `os.time([table])`: seconds since the epoch, now or for a local date table. */
const osTime: LuaJsFunction = (L) => {
  if (lua.lua_type(L, 1) <= lua.LUA_TNIL) {
    lua.lua_pushnumber(L, Math.floor(Date.now() / 1000));
    return 1;
  }
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  const date = new Date(field(L, 'year', undefined), field(L, 'month', undefined) - 1, field(L, 'day', undefined), field(L, 'hour', 12), field(L, 'min', 0), field(L, 'sec', 0));
  lua.lua_pushnumber(L, Math.floor(date.getTime() / 1000));
  return 1;
};

/** The safe `os` library's functions. */
export const OS_FUNCTIONS: Readonly<Record<string, LuaJsFunction>> = { date: osDate, time: osTime };
