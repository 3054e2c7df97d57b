/** Table output for `kubectl get`: see to-table.ts. */
export { toTable, printerFor, TableOptionsError, type ToTableOptions } from './to-table.js';
export { humanDuration, timestampSince } from './human-duration.js';
export { evaluateJsonPath, parseJsonPath, JsonPathError } from './jsonpath.js';
export { customColumnsPrinter, DEFAULT_CRD_COLUMNS } from './custom-columns.js';
export type { Table, TableColumnDefinition, TableRow, TableRowCondition, TableListMeta, IncludeObjectPolicy } from './table-types.js';
export type { Printer, PrintedRow } from './printer.js';
