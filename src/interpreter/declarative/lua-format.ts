/**
 * `string.format` as Lua 5.1 on gopher-lua behaves: integer conversions truncate a number
 * instead of failing on a fraction, `%s` prints numbers without `.0`, and numbers beyond 32 bits
 * work (fengari's own `format` is limited to its 32-bit integers).
 */
import { lauxlib, lua, type LuaState } from './lua-api.js';
import { argError, luaToString, raise, typeName } from './lua-values.js';

const SPEC_RE = /%([-+ #0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])?/y;

/** The `string.format` library function. */
export function luaStringFormat(L: LuaState): number {
  const format = luaToString(L, 1);
  let out = '';
  let arg = 1;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    SPEC_RE.lastIndex = percent;
    const m = SPEC_RE.exec(format);
    if (m === null || m[4] === undefined) raise(L, "invalid conversion to format (missing option)");
    const [whole, flags = '', widthText = '', precisionText, conversion] = m as unknown as [string, string, string, string | undefined, string];
    i = percent + whole.length;
    if (conversion === '%') {
      out += '%';
      continue;
    }
    arg++;
    const spec: Spec = { flags, width: widthText === '' ? 0 : Number(widthText), precision: precisionText === undefined ? undefined : Number(precisionText || '0') };
    out += formatOne(L, arg, conversion, spec);
  }
  lua.lua_pushstring(L, out);
  return 1;
}

interface Spec {
  readonly flags: string;
  readonly width: number;
  readonly precision: number | undefined;
}

function formatOne(L: LuaState, arg: number, conversion: string, spec: Spec): string {
  switch (conversion) {
    case 'd':
    case 'i':
    case 'u':
      return pad(signed(integerDigits(Math.trunc(number(L, arg)), 10, spec), spec), spec, true);
    case 'c':
      return pad(String.fromCharCode(Math.trunc(number(L, arg)) & 0xff), spec, false);
    case 'o':
    case 'x':
    case 'X': {
      const n = Math.trunc(number(L, arg));
      const base = conversion === 'o' ? 8 : 16;
      let digits = integerDigits(Math.abs(n), base, spec);
      if (conversion === 'X') digits = digits.toUpperCase();
      if (spec.flags.includes('#') && n !== 0) digits = (conversion === 'o' ? '0' : conversion === 'x' ? '0x' : '0X') + digits;
      return pad(n < 0 ? `-${digits}` : digits, spec, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const n = number(L, arg);
      let text = Number.isFinite(n) ? floatDigits(Math.abs(n), conversion.toLowerCase(), spec) : Number.isNaN(n) ? 'nan' : 'inf';
      if (conversion === conversion.toUpperCase()) text = text.toUpperCase();
      return pad(signed(text, spec, n < 0 || Object.is(n, -0)), spec, Number.isFinite(n));
    }
    case 's': {
      lauxlib.luaL_checkany(L, arg);
      let text = luaToString(L, arg);
      if (spec.precision !== undefined) text = text.slice(0, spec.precision);
      return pad(text, spec, false);
    }
    case 'q':
      return quote(luaToString(L, arg));
    default:
      return raise(L, `invalid option '%${conversion}' to 'format'`);
  }
}

function number(L: LuaState, arg: number): number {
  const type = lua.lua_type(L, arg);
  if (type === lua.LUA_TNUMBER) return lua.lua_tonumber(L, arg);
  if (type === lua.LUA_TSTRING) {
    const n = Number(luaToString(L, arg).trim());
    if (!Number.isNaN(n)) return n;
  }
  return argError(L, arg, `number expected, got ${type === lua.LUA_TNONE ? 'no value' : typeName(L, arg)}`);
}

/** Digits of a non-negative integer with the precision as minimum digit count. */
function integerDigits(n: number, base: number, spec: Spec): string {
  let digits = Number.isSafeInteger(Math.abs(n)) ? Math.abs(n).toString(base) : BigInt(Math.abs(n)).toString(base);
  if (spec.precision !== undefined) {
    if (spec.precision === 0 && n === 0) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  return n < 0 ? `-${digits}` : digits;
}

function signed(text: string, spec: Spec, negative = text.startsWith('-')): string {
  const body = text.startsWith('-') ? text.slice(1) : text;
  if (negative) return `-${body}`;
  if (spec.flags.includes('+')) return `+${body}`;
  if (spec.flags.includes(' ')) return ` ${body}`;
  return body;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  if (text.length >= spec.width) return text;
  if (spec.flags.includes('-')) return text.padEnd(spec.width, ' ');
  if (numeric && spec.flags.includes('0') && spec.precision === undefined) {
    const signLength = /^[-+ ]/.test(text) ? 1 : 0;
    const prefix = text.slice(0, signLength);
    return prefix + text.slice(signLength).padStart(spec.width - signLength, '0');
  }
  return text.padStart(spec.width, ' ');
}

/** C's %e exponent has at least two digits. */
function cExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function fixed(n: number, precision: number): string {
  if (n < 1e21) return n.toFixed(precision);
  const integer = BigInt(Math.trunc(n)).toString();
  return precision > 0 ? `${integer}.${'0'.repeat(precision)}` : integer;
}

function floatDigits(n: number, conversion: string, spec: Spec): string {
  const precision = spec.precision ?? 6;
  const alternate = spec.flags.includes('#');
  if (conversion === 'f') {
    const text = fixed(n, precision);
    return alternate && precision === 0 ? `${text}.` : text;
  }
  if (conversion === 'e') return cExponent(n.toExponential(precision));
  // %g: %e or %f with P significant digits, trailing zeros removed unless '#'.
  const p = precision === 0 ? 1 : precision;
  const exponent = n === 0 ? 0 : Number(n.toExponential(p - 1).split('e')[1]);
  let text = exponent < -4 || exponent >= p ? cExponent(n.toExponential(p - 1)) : fixed(n, p - 1 - exponent);
  if (!alternate && text.includes('.')) {
    const [mantissa = '', exponentPart] = text.split('e');
    const trimmed = mantissa.replace(/0+$/, '').replace(/\.$/, '');
    text = exponentPart === undefined ? trimmed : `${trimmed}e${exponentPart}`;
  }
  return text;
}

function quote(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\0') out += '\\000';
    else out += ch;
  }
  return `${out}"`;
}
