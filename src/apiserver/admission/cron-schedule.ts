/** Cron expression and time zone checks for CronFederatedHPA rules (Karmada uses gronx and time.LoadLocation). */

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@5minutes', '@10minutes', '@15minutes', '@30minutes', '@always', '@everysecond']);
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Day fields also take `?`, `L`, `W` and `#` forms. */
  readonly day?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31, day: true },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 7, names: DAYS, day: true },
];

function value(token: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

function validPart(part: string, spec: FieldSpec): boolean {
  if (spec.day === true && (/^\?$/.test(part) || /^L$/i.test(part) || /^\d+[LW]$/i.test(part) || /^\d+#[1-5]$/.test(part) || /^[A-Z]{3}L$/i.test(part))) return true;
  const [range, step] = part.split('/');
  if (step !== undefined && !/^\d+$/.test(step)) return false;
  if (range === undefined || range === '') return false;
  if (range === '*') return true;
  const bounds = range.split('-');
  if (bounds.length > 2) return false;
  return bounds.every((b) => value(b, spec) !== undefined);
}

/** Undefined when `schedule` is a valid 5-field (or 6 with year) cron expression or macro. */
export function cronScheduleError(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (MACROS.has(trimmed.toLowerCase())) return undefined;
  const fields = trimmed.split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return 'invalid cron format';
  for (let i = 0; i < 5; i++) {
    const spec = FIELDS[i];
    const field = fields[i] ?? '';
    if (spec === undefined || !field.split(',').every((p) => validPart(p, spec))) return 'invalid cron format';
  }
  return undefined;
}

/** time.LoadLocation's error for an unknown zone; undefined for a known one ('' and 'Local' included). */
export function timeZoneError(zone: string): string | undefined {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone ${zone}`;
  }
}
