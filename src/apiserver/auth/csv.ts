/** A malformed CSV record, worded as Go's encoding/csv ParseError. */
export class CsvError extends Error {
  constructor(line: number, column: number, what: string) {
    super(`parse error on line ${line}, column ${column}: ${what}`);
    this.name = 'CsvError';
  }
}

/**
 * Parses CSV as Go's encoding/csv reader does with FieldsPerRecord = -1 (what kube-apiserver uses
 * for token files): records of any length, blank lines skipped, `"` quoting with `""` escapes and
 * newlines inside quotes, bare quotes in unquoted fields refused.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const input = text.replace(/\r\n/g, '\n');
  let i = 0;
  let line = 1;
  while (i < input.length) {
    if (input[i] === '\n') {
      // blank line
      i++;
      line++;
      continue;
    }
    const record: string[] = [];
    const recordLine = line;
    for (;;) {
      let field = '';
      if (input[i] === '"') {
        const column = i;
        i++;
        for (;;) {
          if (i >= input.length) {
            throw new CsvError(recordLine, column + 1, 'extraneous or missing " in quoted-field');
          }
          const c = input[i] ?? '';
          if (c === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') {
            line++;
          }
          field += c;
          i++;
        }
        if (i < input.length && input[i] !== ',' && input[i] !== '\n') {
          throw new CsvError(line, i + 1, 'extraneous or missing " in quoted-field');
        }
      } else {
        const start = i;
        while (i < input.length && input[i] !== ',' && input[i] !== '\n') {
          i++;
        }
        field = input.slice(start, i);
        const quote = field.indexOf('"');
        if (quote >= 0) {
          throw new CsvError(line, start + quote + 1, 'bare " in non-quoted-field');
        }
      }
      record.push(field);
      if (input[i] === ',') {
        i++;
        continue;
      }
      // end of record: newline or end of input
      if (input[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push(record);
  }
  return records;
}
