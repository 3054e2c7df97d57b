/**
 * YAML as Karmada's `karmadactl interpret` prints results (`sigs.k8s.io/yaml` over yaml.v3 with
 * four-space indentation): the value goes through JSON first, map keys are sorted in yaml.v3's
 * natural order, nested blocks indent to the next multiple of four except the first level inside
 * a sequence item (two past the dash), sequences under a key are indented, strings are plain when
 * they read back as the same string, double-quoted when they would read as another type, single-
 * quoted when they hold YAML syntax, and literal blocks when they span lines.
 */

const INDENT = 4;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

/** yaml.v3's `keyList.Less` for string keys: runs of digits compare by value. */
export function compareKeys(a: string, b: string): number {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] as string;
    const bc = br[i] as string;
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc ? -1 : 1;
    if (al || bl) return (digits ? al : bl) ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai] as string); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi] as string); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ac < bc ? -1 : 1;
  }
  return ar.length - br.length;
}

/** Strings that would read back as something else (YAML 1.1 booleans, null, numbers, base 60). */
function resolvesToOther(s: string): boolean {
  return (
    s === '' ||
    /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s) ||
    /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s) ||
    /^[-+]?\.(?:inf|Inf|INF)$/.test(s) ||
    /^\.(?:nan|NaN|NAN)$/.test(s) ||
    /^0x[0-9a-fA-F_]+$/.test(s) ||
    /^0o?[0-7_]+$/.test(s) ||
    /^0b[01_]+$/.test(s) ||
    /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)
  );
}

/** Whether the emitter may write `s` plain (no indicator at the start, no `: ` or ` #`, no odd spaces). */
function plainAllowed(s: string): boolean {
  if (s === '' || s.trim() !== s) return false;
  // Indicators at the start: always for these, for `-`, `?` and `:` only when a blank (or the end) follows.
  if (/^[,[\]{}#&*!|>'"%@`]/.test(s) || /^[-?:](\s|$)/.test(s)) return false;
  if (/: |:$| #/.test(s)) return false;
  return !s.startsWith('---') && !s.startsWith('...');
}

function doubleQuoted(s: string): string {
  return JSON.stringify(s);
}

/**
 * A float64 as Go's `strconv.FormatFloat(f, 'g', -1, 64)` writes it (JSON numbers decode to
 * float64): shortest digits, exponent form when the exponent is below -4 or at least 6.
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(value);
}

/** Characters a plain or single-quoted scalar cannot hold (the emitter's "special characters"). */
const SPECIAL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

function scalar(value: Exclude<Json, Json[] | { [key: string]: Json }>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return goFloat(value);
  if (resolvesToOther(value) || SPECIAL.test(value)) return doubleQuoted(value);
  if (plainAllowed(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

/** Indentation of a block nested in one at `indent` (`best_indent * ((indent + best_indent) / best_indent)`). */
function nested(indent: number, inSequenceItem: boolean): number {
  return inSequenceItem ? indent + 2 : INDENT * Math.floor((indent + INDENT) / INDENT);
}

function literal(value: string, indent: number): string {
  const chomp = value.endsWith('\n') ? (value.endsWith('\n\n') ? '+' : '') : '-';
  const body = (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
  const pad = ' '.repeat(indent);
  return `|${chomp}\n${body.map((line) => (line === '' ? '' : pad + line)).join('\n')}\n`;
}

/**
 * Emits `value` as a block at `indent`; when `inSequenceItem`, the block continues the line of
 * its `- ` (its first line is not indented).
 */
function emit(value: Json, indent: number, inSequenceItem: boolean): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    let out = '';
    value.forEach((item, i) => {
      const prefix = i === 0 && inSequenceItem ? '' : ' '.repeat(indent);
      out += `${prefix}- ${valueAfterDash(item, indent)}`;
    });
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort(compareKeys);
    if (keys.length === 0) return '{}\n';
    let out = '';
    keys.forEach((key, i) => {
      const prefix = i === 0 && inSequenceItem ? '' : ' '.repeat(indent);
      out += `${prefix}${scalar(key)}:${valueAfterKey(value[key] as Json, indent)}`;
    });
    return out;
  }
  return `${scalar(value)}\n`;
}

/** What follows `key:` for a value of a mapping at `indent`. */
function valueAfterKey(value: Json, indent: number): string {
  if (Array.isArray(value)) return value.length === 0 ? ' []\n' : `\n${emit(value, nested(indent, false), false)}`;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? ' {}\n' : `\n${emit(value, nested(indent, false), false)}`;
  if (typeof value === 'string' && value.includes('\n') && plainMultiline(value)) return ` ${literal(value, nested(indent, false))}`;
  return ` ${scalar(value)}\n`;
}

/** What follows `- ` for an item of a sequence at `indent`. */
function valueAfterDash(value: Json, indent: number): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]\n' : emit(value, nested(indent, true), true);
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '{}\n' : emit(value, nested(indent, true), true);
  if (typeof value === 'string' && value.includes('\n') && plainMultiline(value)) return literal(value, nested(indent, true));
  return `${scalar(value)}\n`;
}

/** Multi-line strings become literal blocks unless they carry characters a block cannot hold. */
function plainMultiline(value: string): boolean {
  return !SPECIAL.test(value) && !/ \n|\n $/.test(value) && !value.startsWith(' ');
}

/** The YAML document for `value` (converted through JSON; `undefined` prints as `null`). */
export function goYaml(value: unknown): string {
  const json = (value === undefined ? null : JSON.parse(JSON.stringify(value))) as Json;
  if (typeof json === 'string' && json.includes('\n') && plainMultiline(json)) return literal(json, INDENT);
  return emit(json, 0, false);
}
