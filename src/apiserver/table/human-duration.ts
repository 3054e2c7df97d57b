/**
 * k8s.io/apimachinery/pkg/util/duration.HumanDuration: the AGE format of `kubectl get`
 * (2-3 significant figures: 90s, 5m30s, 45m, 3h20m, 10h, 3d4h, 12d, 2y30d, 9y).
 */
export function humanDuration(milliseconds: number): string {
  // Go truncates toward zero when converting durations to whole units.
  const seconds = Math.trunc(milliseconds / 1000);
  if (seconds < -1) {
    return '<invalid>';
  }
  if (seconds < 0) {
    return '0s';
  }
  if (seconds < 60 * 2) {
    return `${seconds}s`;
  }
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) {
    return `${minutes}m`;
  }
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) {
    return `${hours}h`;
  }
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) {
    return `${Math.trunc(hours / 24)}d`;
  }
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Parses an RFC 3339 timestamp as metav1.Time does; undefined when absent or malformed. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') {
    return undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** translateTimestampSince: the age of a timestamp, `<unknown>` when unset. */
export function timestampSince(value: unknown, now: Date): string {
  const t = parseTimestamp(value);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}
