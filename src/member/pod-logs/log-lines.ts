/**
 * The log of a simulated container: a start line naming the image, then one line per period
 * while it runs, and an exit line when it finished. Deterministic: the same pod and time range
 * always give the same lines, so `kubectl logs` is repeatable and `--follow` continues seamlessly.
 */

/** One line every 10 seconds of uptime. */
export const LOG_PERIOD_MS = 10_000;
/** At most this many lines per request (the most recent ones). */
export const MAX_LOG_LINES = 10_000;

export interface ContainerRun {
  readonly pod: string;
  readonly container: string;
  readonly image: string;
  /** ms */
  readonly startedAt: number;
  /** ms, when the container exited. */
  readonly finishedAt?: number;
  readonly exitCode?: number;
}

export interface LogLine {
  /** ms */
  readonly time: number;
  readonly text: string;
}

/** Line number n (0 = start line) of a run. */
export function periodicLine(run: ContainerRun, n: number): LogLine {
  const time = run.startedAt + n * LOG_PERIOD_MS;
  if (n === 0) {
    return { time, text: `[simulator] container ${run.container} started (image ${run.image})` };
  }
  const uptime = (n * LOG_PERIOD_MS) / 1000;
  return { time, text: `[simulator] ${run.pod}/${run.container}: serving, uptime ${uptime}s, requests ${n * 7 + (run.pod.length % 7)}` };
}

/** Every line of the run up to `now` (the exit line included once finished), capped to the most recent MAX_LOG_LINES. */
export function logLines(run: ContainerRun, now: number): LogLine[] {
  const end = run.finishedAt ?? now;
  const count = Math.max(0, Math.floor((end - run.startedAt) / LOG_PERIOD_MS)) + 1;
  const first = Math.max(0, count - MAX_LOG_LINES);
  const lines: LogLine[] = [];
  for (let n = first; n < count; n++) {
    lines.push(periodicLine(run, n));
  }
  if (run.finishedAt !== undefined) {
    lines.push({ time: run.finishedAt, text: `[simulator] container ${run.container} exited with code ${run.exitCode ?? 0}` });
  }
  return lines;
}

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines for `--timestamps`. */
export function logTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export interface LogSelection {
  readonly sinceMs?: number;
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  readonly limitBytes?: number;
}

/** Applies since/tail, formats lines (with timestamps when asked) and cuts at limitBytes. */
export function renderLog(lines: readonly LogLine[], selection: LogSelection): string {
  let selected = selection.sinceMs === undefined ? lines : lines.filter((l) => l.time >= (selection.sinceMs ?? 0));
  if (selection.tailLines !== undefined && selection.tailLines >= 0) {
    selected = selected.slice(Math.max(0, selected.length - selection.tailLines));
  }
  let text = selected.map((l) => formatLine(l, selection.timestamps === true)).join('');
  if (selection.limitBytes !== undefined && selection.limitBytes > 0) {
    const buf = Buffer.from(text);
    if (buf.length > selection.limitBytes) {
      text = buf.subarray(0, selection.limitBytes).toString();
    }
  }
  return text;
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${logTimestamp(line.time)} ${line.text}\n` : `${line.text}\n`;
}
