/**
 * The JSON text forms of apimachinery's time types, as their Go marshalers write them:
 * metav1.Time → RFC 3339 in UTC with whole seconds, MicroTime → with 6 fraction digits,
 * metav1.Duration → Go's time.Duration.String().
 */

const MAX_DATE_SECONDS = 8_640_000_000_000;

function isoBase(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DATE_SECONDS) return undefined;
  const iso = new Date(seconds * 1000).toISOString();
  // toISOString is YYYY-MM-DDTHH:MM:SS.sssZ for years 0..9999 only.
  return /^\d{4}-/.test(iso) ? iso.slice(0, 19) : undefined;
}

/** metav1.Time JSON, e.g. 2024-01-02T03:04:05Z; undefined when out of RFC 3339 range. */
export function formatTime(seconds: number): string | undefined {
  const base = isoBase(seconds);
  return base === undefined ? undefined : `${base}Z`;
}

/** metav1.MicroTime JSON, e.g. 2024-01-02T03:04:05.123456Z. */
export function formatMicroTime(seconds: number, nanos: number): string | undefined {
  const base = isoBase(seconds);
  if (base === undefined) return undefined;
  const micros = Math.floor(nanos / 1000);
  return `${base}.${String(micros).padStart(6, '0')}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 timestamp into Unix seconds and nanoseconds. */
export function parseTime(text: string): { seconds: number; nanos: number } | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let seconds = Math.floor(ms / 1000);
  if (sign !== undefined) {
    const offset = (Number(oh) * 60 + Number(om)) * 60;
    seconds += sign === '+' ? -offset : offset;
  }
  const nanos = frac === undefined ? 0 : Number(frac.padEnd(9, '0'));
  return { seconds, nanos };
}

/** Go's time.Duration.String() of a nanosecond count, e.g. 3723000000000 → "1h2m3s". */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  const u = Math.abs(nanoseconds);
  const fraction = (value: number, digits: number): string => {
    const whole = Math.floor(value / 10 ** digits);
    const rest = String(value % 10 ** digits)
      .padStart(digits, '0')
      .replace(/0+$/, '');
    return rest ? `${whole}.${rest}` : String(whole);
  };
  if (u < 1e9) {
    if (u < 1e3) return `${sign}${u}ns`;
    if (u < 1e6) return `${sign}${fraction(u, 3)}µs`;
    return `${sign}${fraction(u, 6)}ms`;
  }
  const hours = Math.floor(u / 3.6e12);
  const minutes = Math.floor((u % 3.6e12) / 6e10);
  const secs = `${fraction(u % 6e10, 9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${secs}`;
  if (minutes > 0) return `${sign}${minutes}m${secs}`;
  return `${sign}${secs}`;
}

const UNIT_NANOS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** Parses a Go duration string ("1h30m", "-1.5s", "0") into nanoseconds. */
export function parseDuration(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Math.round(Number(part[1]) * (UNIT_NANOS[part[2] ?? ''] ?? 0));
  }
  return m[1] === '-' ? -total : total;
}
