/** rest.NewDefaultTableConvertor: NAME and CREATED AT, for built-ins without a printer (roles, CRDs, ...). */
import { CREATION_TIMESTAMP_DESCRIPTION } from './descriptions.js';
import { parseTimestamp } from './human-duration.js';
import { column, nameColumn, type Printer } from './printer.js';

function rfc3339(value: unknown): string {
  const t = parseTimestamp(value);
  // A zero metav1.Time formats as Go's zero time.
  return t === undefined ? '0001-01-01T00:00:00Z' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const defaultPrinter: Printer = {
  columns: [nameColumn(), column('Created At', CREATION_TIMESTAMP_DESCRIPTION, { type: 'date' })],
  row: (o) => ({ cells: [o.metadata.name ?? '', rfc3339(o.metadata.creationTimestamp)] }),
};
