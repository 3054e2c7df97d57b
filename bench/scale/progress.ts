/** A single status line on stderr, redrawn in place on a terminal and printed every 10 s otherwise. */
export class Progress {
  private last = '';
  private lastPrinted = 0;
  private readonly tty = process.stderr.isTTY === true;

  update(text: string): void {
    this.last = text;
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 160) - 1)}`);
    } else if (performance.now() - this.lastPrinted > 10_000) {
      this.lastPrinted = performance.now();
      process.stderr.write(`${text}\n`);
    }
  }

  /** Ends the current line and prints a permanent message. */
  log(text: string): void {
    if (this.tty && this.last !== '') process.stderr.write('\r\x1b[2K');
    process.stderr.write(`${text}\n`);
    this.last = '';
  }

  done(): void {
    if (this.tty && this.last !== '') process.stderr.write('\n');
    this.last = '';
  }
}

/** `[#####.....] 50%` */
export function bar(done: number, total: number, width = 20): string {
  const f = total === 0 ? 1 : Math.min(1, done / total);
  const n = Math.round(f * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}] ${Math.floor(f * 100)}%`;
}
