/** The last second formatted, so that the many writes within one second format it once. */
let lastSecond = Number.NaN;
let lastText = '';

/** A time as Kubernetes writes metadata timestamps: RFC 3339 in UTC, whole seconds (`2024-01-02T03:04:05Z`). */
export function rfc3339Seconds(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}
