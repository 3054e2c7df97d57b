/**
 * Column alignment as kubectl prints tables (Go's text/tabwriter with Kubernetes' settings:
 * minimum width 6, padding 3, spaces, and widths remembered across blocks). Cells end with a tab;
 * the text after a line's last tab is not part of a column. A column block is a run of adjacent
 * lines that have a cell in that column; its width is the widest cell plus the padding, and never
 * less than the widest width that column had earlier in the output.
 */

/** Settings of {@link alignColumns}. */
export interface TabWriterOptions {
  readonly minWidth?: number;
  readonly padding?: number;
  /** Keep each column at least as wide as it was in earlier blocks (Kubernetes' `RememberWidths`). */
  readonly rememberWidths?: boolean;
}

/** Text width as Go's tabwriter counts it (runes). */
function runeCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Aligns tab-separated text; lines are separated by `\n`. */
export function alignColumns(text: string, options: TabWriterOptions = {}): string {
  const minWidth = options.minWidth ?? 6;
  const padding = options.padding ?? 3;
  const remember = options.rememberWidths ?? true;
  const lines = text.split('\n').map((line) => line.split('\t'));
  const widths: number[] = [];
  const remembered: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] ?? [];
      line.forEach((cell, j) => {
        out += cell;
        // The text after the last tab belongs to no column and is not padded.
        if (j < widths.length && j < line.length - 1) out += ' '.repeat(Math.max(0, (widths[j] ?? 0) - runeCount(cell)));
      });
      if (i < lines.length - 1) out += '\n';
    }
  };

  const format = (from: number, line1: number): void => {
    let line0 = from;
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = minWidth;
      for (; current < line1; current++) {
        const line = lines[current] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, runeCount(line[column] ?? '') + padding);
      }
      if (remember) {
        if ((remembered[column] ?? 0) > width) width = remembered[column] ?? width;
        else remembered[column] = width;
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
