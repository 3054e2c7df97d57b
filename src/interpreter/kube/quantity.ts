/**
 * Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource.Quantity`) with exact
 * arithmetic: parsing, addition, comparison and the canonical string Go prints
 * ("1500m", "3G", "13824Mi"). Values are `value × 10^scale` with BigInt digits, rounded up to
 * nano units as Go does.
 */

/** How a quantity prints: `1e3`, `1Ki`, `1k`. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** An exact quantity: `value × 10^scale`. `format` is empty only for the zero value of Go's type. */
export interface Quantity {
  readonly value: bigint;
  readonly scale: number;
  readonly format: QuantityFormat | '';
}

/** Thrown for a string that is not a quantity (Go's `ErrFormatWrong` / `ErrSuffix`). */
export class QuantityError extends Error {
  constructor(input: string, reason: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(input)} (${reason})`);
    this.name = 'QuantityError';
  }
}

/** Go's zero `resource.Quantity{}`: 0 with no format. */
export const ZERO_QUANTITY: Quantity = Object.freeze({ value: 0n, scale: 0, format: '' });

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIX_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([suffix, exp]) => [exp, suffix]));
const BINARY_SUFFIX_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const NUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/s;
const EXPONENT_RE = /^[eE]([+-]?\d+)$/;
/** Quantities are rounded up to this scale (nano), as Go's parser does. */
const MIN_SCALE = -9;

/** Parsed quantities by their text, for short texts (pod templates repeat a handful: "250m", "512Mi"). */
const parsed = new Map<string, Quantity>();
const PARSED_LIMIT = 4096;
const PARSED_MAX_LENGTH = 64;

/**
 * Parses a quantity string exactly as Go's `resource.ParseQuantity` (no surrounding spaces).
 * The result is frozen and may be shared with other callers that parsed the same text.
 */
export function parseQuantity(input: string): Quantity {
  const known = parsed.get(input);
  if (known !== undefined) return known;
  const q = Object.freeze(parseUncached(input));
  if (input.length <= PARSED_MAX_LENGTH) {
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(input, q);
  }
  return q;
}

function parseUncached(input: string): Quantity {
  const m = NUMBER_RE.exec(input);
  if (m === null) throw new QuantityError(input, 'not a number');
  const [, sign = '', intPart = '', fracPart = '', suffix = ''] = m;
  if (intPart === '' && fracPart === '') throw new QuantityError(input, 'no digits');
  let value = BigInt((intPart || '0') + fracPart);
  let scale = -fracPart.length;
  let format: QuantityFormat;
  const exponent = EXPONENT_RE.exec(suffix);
  if (exponent !== null) {
    format = 'DecimalExponent';
    scale += Number(exponent[1]);
  } else if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    scale += DECIMAL_SUFFIXES[suffix] ?? 0;
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    value *= 1024n ** BigInt(BINARY_SUFFIXES[suffix] ?? 0);
  } else {
    throw new QuantityError(input, `unknown suffix ${JSON.stringify(suffix)}`);
  }
  if (sign === '-') value = -value;
  return normalize(value, scale, format);
}

/** Like {@link parseQuantity} but returns undefined instead of throwing. */
export function tryParseQuantity(input: string): Quantity | undefined {
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/** `resource.NewQuantity(value, format)`. */
export function newQuantity(value: bigint | number, format: QuantityFormat): Quantity {
  return normalize(BigInt(value), 0, format);
}

/** `resource.NewMilliQuantity(milli, format)`. */
export function newMilliQuantity(milli: bigint | number, format: QuantityFormat): Quantity {
  return normalize(BigInt(milli), -3, format);
}

/**
 * `q.Add(y)`: the sum keeps q's format, except that a zero total takes the format of what is
 * added to it (so a sum takes the format of its first non-zero operand).
 */
export function addQuantities(q: Quantity, y: Quantity): Quantity {
  const format = q.value === 0n ? y.format : q.format;
  const scale = Math.min(q.scale, y.scale);
  const sum = align(q, scale) + align(y, scale);
  return normalizeWithFormat(sum, scale, format);
}

/** -1, 0 or 1 as `q.Cmp(y)`. */
export function compareQuantities(q: Quantity, y: Quantity): number {
  const scale = Math.min(q.scale, y.scale);
  const a = align(q, scale);
  const b = align(y, scale);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when both denote the same amount, whatever their formats (`q.Equal(y)`). */
export function quantitiesEqual(q: Quantity, y: Quantity): boolean {
  return compareQuantities(q, y) === 0;
}

/** `q.Value()`: the amount rounded up (away from zero) to an integer. */
export function quantityValue(q: Quantity): bigint {
  return scaledValue(q, 0);
}

/** `q.MilliValue()`: the amount in thousandths, rounded up (away from zero). */
export function quantityMilliValue(q: Quantity): bigint {
  return scaledValue(q, -3);
}

/** `q.AsApproximateFloat64()`. */
export function quantityToNumber(q: Quantity): number {
  const base = Number(q.value);
  if (q.scale === 0) return base;
  // Go multiplies by math.Pow10(exponent), which divides by 10^n for negative exponents.
  return q.scale > 0 ? base * 10 ** q.scale : base / 10 ** -q.scale;
}

/** Printed quantities (quantities are immutable, so a quantity always prints the same). */
const printed = new WeakMap<Quantity, string>();

/** The canonical string Go's `q.String()` prints. */
export function formatQuantity(q: Quantity): string {
  let text = printed.get(q);
  if (text === undefined) {
    text = formatUncached(q);
    printed.set(q, text);
  }
  return text;
}

function formatUncached(q: Quantity): string {
  if (q.value === 0n) return '0';
  let format = q.format === '' ? 'DecimalExponent' : q.format;
  if (format === 'BinarySI') {
    const small = compareQuantities(q, newQuantity(-1024, 'DecimalSI')) > 0 && compareQuantities(q, newQuantity(1024, 'DecimalSI')) < 0;
    // Fractions and amounts under 1024 print in decimal so that nothing is rounded.
    if (small || q.scale < 0) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = q.value * 10n ** BigInt(q.scale);
    let power = 0;
    while (power < BINARY_SUFFIX_BY_POWER.length - 1 && amount % 1024n === 0n) {
      amount /= 1024n;
      power++;
    }
    return `${amount}${BINARY_SUFFIX_BY_POWER[power] ?? ''}`;
  }
  let amount = q.value;
  let exponent = q.scale;
  // Make the exponent a multiple of 3, moving digits into the mantissa (Go's % truncates like JS's).
  const rest = exponent % 3;
  if (rest === 1 || rest === -2) {
    amount *= 10n;
    exponent -= 1;
  } else if (rest === 2 || rest === -1) {
    amount *= 100n;
    exponent -= 2;
  }
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(exponent);
    if (suffix !== undefined) return `${amount}${suffix}`;
  }
  return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
}

/** Parses and prints back in canonical form ("1000m" gives "1"). */
export function canonicalQuantity(input: string): string {
  return formatQuantity(parseQuantity(input));
}

/** Reads a quantity given as a string or a JSON number (as Go's `Quantity.UnmarshalJSON` accepts). */
export function quantityFromJson(value: unknown): Quantity {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new QuantityError(String(value), 'not finite');
    return parseQuantity(numberToQuantityString(value));
  }
  if (typeof value === 'string') return parseQuantity(value.trim());
  throw new QuantityError(String(value), 'not a string or number');
}

/** Prints a JS number the way Go's JSON encoder would before the quantity parser reads it. */
function numberToQuantityString(value: number): string {
  const text = String(value);
  // JS prints 1e21 and 1e-7 with exponents; the quantity grammar accepts `e` exponents too.
  return text.replace('e+', 'e');
}

function align(q: Quantity, scale: number): bigint {
  return q.value * 10n ** BigInt(q.scale - scale);
}

function scaledValue(q: Quantity, scale: number): bigint {
  if (q.scale >= scale) return q.value * 10n ** BigInt(q.scale - scale);
  const divisor = 10n ** BigInt(scale - q.scale);
  const quotient = q.value / divisor;
  if (quotient * divisor === q.value) return quotient;
  return q.value > 0n ? quotient + 1n : quotient - 1n;
}

function normalize(value: bigint, scale: number, format: QuantityFormat): Quantity {
  return normalizeWithFormat(value, scale, format);
}

function normalizeWithFormat(value: bigint, scale: number, format: QuantityFormat | ''): Quantity {
  if (scale < MIN_SCALE) {
    // Round up (away from zero) to nano, as Go's parser does with inf.RoundUp.
    const divisor = 10n ** BigInt(MIN_SCALE - scale);
    let quotient = value / divisor;
    if (quotient * divisor !== value) quotient += value > 0n ? 1n : -1n;
    value = quotient;
    scale = MIN_SCALE;
  }
  if (value === 0n) return { value: 0n, scale: 0, format };
  while (value % 10n === 0n) {
    value /= 10n;
    scale++;
  }
  return { value, scale, format };
}
