/**
 * Renders `karmadactl get` results the way kubectl's human printer does (upper-case headers,
 * columns three spaces apart, priority-1 columns only with `-o wide`), with Karmada's
 * multi-cluster additions: a CLUSTER column after NAME and, for member objects, ADOPTION
 * (Y when Karmada manages the object).
 */
import type { KubeObject } from '../../api/object.js';
import { MANAGED_BY_KARMADA_LABEL, WORK_NAME_ANNOTATION } from '../../controllers/shared/well-known.js';
import type { TableColumnDefinition } from '../../apiserver/table/index.js';

/** One printed object with the cells its printer produced. */
export interface ClusterRow {
  readonly cluster: string;
  readonly member: boolean;
  readonly object: KubeObject;
  readonly cells: readonly unknown[];
}

export interface TableLayout {
  readonly wide: boolean;
  /** Print a NAMESPACE column first (`-A`). */
  readonly withNamespace: boolean;
  /** Print CLUSTER (any scope beyond the control plane). */
  readonly withCluster: boolean;
  /** Print ADOPTION (members in scope). */
  readonly withAdoption: boolean;
  readonly noHeaders?: boolean;
}

/** Y when the member object was created by Karmada (its Work's marks), else N. */
export function adoption(object: KubeObject): 'Y' | 'N' {
  const labels = object.metadata.labels ?? {};
  const annotations = object.metadata.annotations ?? {};
  return labels[MANAGED_BY_KARMADA_LABEL] === 'true' || annotations[WORK_NAME_ANNOTATION] !== undefined ? 'Y' : 'N';
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) {
    return '<none>';
  }
  if (typeof cell === 'string') {
    return cell;
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') {
    return String(cell);
  }
  return JSON.stringify(cell);
}

/** Aligns rows into columns separated by three spaces (tabwriter with padding 3). */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** The table text for rows printed with `columns` (the server-side printer's definitions). */
export function renderTable(columns: readonly TableColumnDefinition[], rows: readonly ClusterRow[], layout: TableLayout): string {
  const shown = columns.map((c, i) => ({ c, i })).filter(({ c }) => layout.wide || c.priority === 0);
  const header: string[] = [];
  if (layout.withNamespace) header.push('NAMESPACE');
  shown.forEach(({ c }, n) => {
    header.push(c.name.toUpperCase());
    if (n === 0 && layout.withCluster) header.push('CLUSTER');
  });
  if (layout.withAdoption) header.push('ADOPTION');
  const body = rows.map((r) => {
    const line: string[] = [];
    if (layout.withNamespace) line.push(r.object.metadata.namespace ?? '');
    shown.forEach(({ i }, n) => {
      line.push(cellText(r.cells[i]));
      if (n === 0 && layout.withCluster) line.push(r.cluster);
    });
    if (layout.withAdoption) line.push(r.member ? adoption(r.object) : '-');
    return line;
  });
  return alignColumns(layout.noHeaders === true ? body : [header, ...body]);
}

/** `kind.group/name` as `-o name` prints it. */
export function resourceName(kind: string, group: string, name: string): string {
  return `${kind.toLowerCase()}${group === '' ? '' : `.${group}`}/${name}`;
}
