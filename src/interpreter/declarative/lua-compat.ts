/**
 * Makes fengari (Lua 5.3) read and print numbers the way gopher-lua (Lua 5.1, Karmada's VM) does.
 *
 * - Lua 5.1 has one number type. Here every numeral in a script and every string converted to a
 *   number becomes a float, so that script arithmetic never meets fengari's 32-bit integers
 *   (which wrap at 2^31). Integers still come out of library functions such as `#t`.
 * - gopher-lua prints a whole number without `.0` (`tostring(8/2)` is `"4"`) and any other
 *   number as Go's `%v` would. The same printer is used for `..`, `tostring` and `string.format`.
 *
 * - No Lua string may grow beyond {@link MAX_LUA_STRING_BYTES}: `s = s .. s` in a loop would
 *   otherwise allocate gigabytes between two checks of the memory limit.
 *
 * fengari's VM calls these functions through its `lobject` module object, so replacing them
 * there changes the behaviour of every fengari state in this process; nothing else here uses
 * fengari, and the patch is applied once.
 */
import { requireFengariInternal, toLuaString, type LuaState } from './lua-api.js';

/** Longest string a script can build (64 MiB). */
export const MAX_LUA_STRING_BYTES = 64 * 1024 * 1024;

/** A fengari `TValue`, as far as the patches need it. */
interface TValue {
  readonly value: number;
  ttisinteger(): boolean;
  setfltvalue(x: number): void;
  setsvalue(ts: unknown): void;
}

const TWO_POW_63 = 2 ** 63;

/** Prints a number as gopher-lua's `LNumber.String()`: integers plainly, others as Go's `%v`. */
export function luaNumberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (Number.isInteger(n) && n >= -TWO_POW_63 && n < TWO_POW_63) return BigInt(n).toString();
  // Go's %v is %g with the shortest digits; with shortest digits it switches to an exponent below
  // 1e-4 and from 1e6 (`fmt.Println(1234567.5)` prints 1.2345675e+06).
  const [mantissa = '', exponentText = '0'] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(n);
}

let installed = false;

/** Installs the patches (idempotent). */
export function installLuaNumberCompat(): void {
  if (installed) return;
  installed = true;
  const lobject = requireFengariInternal('lobject');
  const lstring = requireFengariInternal('lstring');
  const originalStr2num = lobject['luaO_str2num'] as (s: Uint8Array, o: TValue) => number;
  const luaS_new = lstring['luaS_new'] as (L: unknown, s: Uint8Array) => unknown;
  lobject['luaO_str2num'] = (s: Uint8Array, o: TValue): number => {
    const consumed = originalStr2num(s, o);
    if (consumed !== 0 && o.ttisinteger()) o.setfltvalue(o.value);
    return consumed;
  };
  lobject['luaO_tostring'] = (L: unknown, o: TValue): void => {
    const text = o.ttisinteger() ? String(o.value) : luaNumberToString(o.value);
    o.setsvalue(luaS_new(L, toLuaString(text)));
  };
  // Every string the VM makes (concatenation, library results) is stored through one of these two.
  // The error is raised the way the VM raises its own ("string length overflow"), which is safe mid-instruction.
  const luaG_runerror = requireFengariInternal('ldebug')['luaG_runerror'] as (L: LuaState, fmt: Uint8Array, ...args: unknown[]) => never;
  const format = toLuaString('%s');
  for (const name of ['setsvalue2s', 'pushsvalue2s'] as const) {
    const original = lobject[name] as (L: LuaState, ...rest: unknown[]) => void;
    lobject[name] = (L: LuaState, ...rest: unknown[]): void => {
      const ts = rest[rest.length - 1] as { realstring: Uint8Array };
      if (ts.realstring.length > MAX_LUA_STRING_BYTES) {
        luaG_runerror(L, format, `string length ${ts.realstring.length} exceeds the limit of ${MAX_LUA_STRING_BYTES} bytes`);
      }
      original(L, ...rest);
    };
  }
}
