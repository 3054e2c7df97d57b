/**
 * Kubernetes resource quantities ("500m", "1.5Gi", "2e3", "110") as integers, the way the
 * scheduler uses them: `quantityMilliValue` for CPU, `quantityValue` (rounded up, as
 * `resource.Quantity.Value()`) for everything else. Pure integer arithmetic on the digits so
 * that "0.1" is exactly 100 milli.
 */

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 1,
  Mi: 2,
  Gi: 3,
  Ti: 4,
  Pi: 5,
  Ei: 6,
};

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** A parsed quantity: value = sign × digits × 10^exp10 × 1024^exp1024. */
interface ParsedQuantity {
  negative: boolean;
  digits: number;
  exp10: number;
  exp1024: number;
}

/** Thrown for a string that is not a Kubernetes quantity. */
export class QuantityParseError extends Error {
  constructor(input: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(input)}`);
    this.name = 'QuantityParseError';
  }
}

function parse(input: string): ParsedQuantity {
  const m = QUANTITY_RE.exec(input.trim());
  if (m === null) throw new QuantityParseError(input);
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') throw new QuantityParseError(input);
  // Drop leading zeros and trailing fractional zeros so the digit count stays small.
  const frac = fracPart.replace(/0+$/, '');
  const all = (intPart + frac).replace(/^0+/, '') || '0';
  let exp10 = -frac.length;
  let exp1024 = 0;
  const exponent = m[4];
  const suffix = m[5];
  if (exponent !== undefined) exp10 += Number.parseInt(exponent.slice(1), 10);
  else if (suffix !== undefined) {
    const bin = BINARY_SUFFIX[suffix];
    if (bin !== undefined) exp1024 = bin;
    else exp10 += DECIMAL_SUFFIX[suffix] ?? 0;
  }
  return { negative: m[1] === '-', digits: Number(all), exp10, exp1024 };
}

/** Integer `n × 10^p` rounded up (towards +∞ for positives), for p possibly negative. */
function scaleCeil(n: number, p: number): number {
  if (p >= 0) return n * 10 ** p;
  const d = 10 ** -p;
  const q = Math.floor(n / d);
  return n - q * d > 0 ? q + 1 : q;
}

/**
 * Results by `extraExp10|input`: the scheduler converts the same few quantity strings of every
 * cluster's resource summary for every binding. Bounded (cleared when full).
 */
const scaledCache = new Map<string, number>();
const SCALED_CACHE_MAX = 10_000;

function toScaled(input: string, extraExp10: number): number {
  const key = `${extraExp10}|${input}`;
  const cached = scaledCache.get(key);
  if (cached !== undefined) return cached;
  const value = computeScaled(input, extraExp10);
  if (scaledCache.size >= SCALED_CACHE_MAX) scaledCache.clear();
  scaledCache.set(key, value);
  return value;
}

function computeScaled(input: string, extraExp10: number): number {
  const q = parse(input);
  const base = q.digits * 1024 ** q.exp1024;
  const v = q.negative ? -scaleCeil(base, q.exp10 + extraExp10) : scaleCeil(base, q.exp10 + extraExp10);
  // Kubernetes rounds the magnitude up; for negatives that is towards -∞, which is what negating does.
  return v === 0 ? 0 : v;
}

/** The quantity in milli-units, rounded up (`Quantity.MilliValue()`). "500m" → 500, "2" → 2000. */
export function quantityMilliValue(input: string): number {
  return toScaled(input, 3);
}

/** The quantity in base units, rounded up (`Quantity.Value()`). "1Gi" → 1073741824, "100m" → 1. */
export function quantityValue(input: string): number {
  return toScaled(input, 0);
}

/** The integer amount the scheduler compares for one resource: milli-units for `cpu`, units otherwise. */
export function resourceAmount(resourceName: string, quantity: string): number {
  return resourceName === 'cpu' ? quantityMilliValue(quantity) : quantityValue(quantity);
}
