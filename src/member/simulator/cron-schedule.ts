/**
 * Standard cron schedules as CronJobs accept them (robfig/cron's ParseStandard): five fields
 * (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges, steps and month /
 * weekday names, the `@yearly`/`@monthly`/`@weekly`/`@daily`/`@hourly` descriptors and
 * `@every <duration>`, plus an optional `TZ=`/`CRON_TZ=` prefix naming UTC (other zones are
 * refused). Times are evaluated in UTC.
 */

export class CronParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronParseError';
  }
}

interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MINUTE: FieldSpec = { min: 0, max: 59 };
const HOUR: FieldSpec = { min: 0, max: 23 };
const DOM: FieldSpec = { min: 1, max: 31 };
const MONTH: FieldSpec = { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] };
const DOW: FieldSpec = { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] };

/** A parsed schedule: either cron fields or a fixed period. */
export type CronSchedule =
  | {
      readonly kind: 'fields';
      readonly minutes: ReadonlySet<number>;
      readonly hours: ReadonlySet<number>;
      readonly daysOfMonth: ReadonlySet<number>;
      readonly months: ReadonlySet<number>;
      readonly daysOfWeek: ReadonlySet<number>;
      /** robfig: when either day field is `*`, both must match; otherwise either may. */
      readonly domStar: boolean;
      readonly dowStar: boolean;
    }
  | { readonly kind: 'every'; readonly periodMs: number };

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function value(text: string, spec: FieldSpec, field: string): number {
  const lower = text.toLowerCase();
  const named = spec.names?.indexOf(lower) ?? -1;
  if (named >= 0) {
    return named + spec.min;
  }
  if (!/^\d+$/.test(text)) {
    throw new CronParseError(`failed to parse int from ${text}: invalid syntax in ${field}`);
  }
  return Number(text);
}

function parseField(text: string, spec: FieldSpec, field: string, allowSeven = false): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      star = stepText === undefined;
      lo = spec.min;
      hi = spec.max;
    } else {
      const dash = range.split('-');
      if (dash.length > 2) {
        throw new CronParseError(`too many hyphens: ${range}`);
      }
      lo = value(dash[0] ?? '', spec, field);
      hi = dash[1] === undefined ? lo : value(dash[1], spec, field);
      if (dash[1] === undefined && stepText !== undefined) {
        hi = spec.max;
      }
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) {
      throw new CronParseError(`step of range should be a positive number: ${part}`);
    }
    const max = allowSeven ? 7 : spec.max;
    if (lo < spec.min || hi > max || lo > hi) {
      throw new CronParseError(`end of range (${hi}) above maximum (${spec.max}): ${part}`);
    }
    for (let v = lo; v <= hi; v += step) {
      values.add(allowSeven && v === 7 ? 0 : v);
    }
  }
  return { values, star };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseDuration(text: string): number {
  let total = 0;
  let rest = text;
  while (rest !== '') {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (m === null) {
      throw new CronParseError(`failed to parse duration ${text}`);
    }
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? 's'] ?? 1000);
    rest = rest.slice(m[0].length);
  }
  if (total <= 0) {
    throw new CronParseError(`failed to parse duration ${text}`);
  }
  return total;
}

/** Parses a CronJob schedule. Throws CronParseError. */
export function parseCronSchedule(input: string): CronSchedule {
  let text = input.trim();
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(text);
  if (tz !== null) {
    if (tz[1] !== 'UTC' && tz[1] !== 'Etc/UTC') {
      throw new CronParseError(`time zone ${tz[1] ?? ''} is not supported by the simulator (UTC only)`);
    }
    text = text.slice(tz[0].length);
  }
  if (text.startsWith('@every ')) {
    return { kind: 'every', periodMs: parseDuration(text.slice('@every '.length).trim()) };
  }
  const expanded = DESCRIPTORS[text.toLowerCase()] ?? text;
  if (expanded.startsWith('@')) {
    throw new CronParseError(`unrecognized descriptor: ${text}`);
  }
  const fields = expanded.split(/\s+/);
  if (fields.length !== 5) {
    throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  const [m = '', h = '', dom = '', mon = '', dow = ''] = fields;
  const days = parseField(dom, DOM, 'day of month');
  const weekdays = parseField(dow, DOW, 'day of week', true);
  return {
    kind: 'fields',
    minutes: parseField(m, MINUTE, 'minute').values,
    hours: parseField(h, HOUR, 'hour').values,
    daysOfMonth: days.values,
    months: parseField(mon, MONTH, 'month').values,
    daysOfWeek: weekdays.values,
    domStar: days.star,
    dowStar: weekdays.star,
  };
}

function dayMatches(s: Extract<CronSchedule, { kind: 'fields' }>, date: Date): boolean {
  const dom = s.daysOfMonth.has(date.getUTCDate());
  const dow = s.daysOfWeek.has(date.getUTCDay());
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/** The first activation strictly after `afterMs` (UTC), or undefined within five years. */
export function nextActivation(schedule: CronSchedule, afterMs: number): number | undefined {
  if (schedule.kind === 'every') {
    return afterMs - (afterMs % 1000) + schedule.periodMs;
  }
  const t = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 24 * 3_600_000;
  while (t.getTime() <= limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(schedule, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return t.getTime();
  }
  return undefined;
}

/** The latest activation in (afterMs, untilMs], if any (the CronJob controller's mostRecentScheduleTime). */
export function mostRecentActivation(schedule: CronSchedule, afterMs: number, untilMs: number): number | undefined {
  const hour = 3_600_000;
  // Search short windows before untilMs first, so long gaps do not walk every missed start.
  for (const window of [hour, 24 * hour, 32 * 24 * hour, 367 * 24 * hour, Number.POSITIVE_INFINITY]) {
    const from = Math.max(afterMs, untilMs - window);
    let latest: number | undefined;
    let t = nextActivation(schedule, from);
    while (t !== undefined && t <= untilMs) {
      latest = t;
      t = nextActivation(schedule, t);
    }
    if (latest !== undefined || from === afterMs) {
      return latest;
    }
  }
  return undefined;
}
