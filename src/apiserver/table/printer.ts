/** The shape of a built-in kind's table printer (one entry of printers.go's AddHandlers). */
import type { KubeObject } from '../../api/object.js';
import { CONTAINERS_DESCRIPTION, CREATION_TIMESTAMP_DESCRIPTION, IMAGES_DESCRIPTION, NAME_DESCRIPTION } from './descriptions.js';
import { objects, str } from './object-fields.js';
import type { TableColumnDefinition, TableRowCondition } from './table-types.js';

export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

/**
 * Columns plus a row function. Rows always carry the wide (priority 1) cells too: the
 * apiserver prints with Wide=true and kubectl hides priority-1 columns itself.
 */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  row(object: KubeObject, now: Date): PrintedRow;
}

/** A column definition with upstream defaults (string type, no format, priority 0). */
export function column(
  name: string,
  description: string,
  options: { type?: string; priority?: number; format?: string } = {},
): TableColumnDefinition {
  return {
    name,
    type: options.type ?? 'string',
    format: options.format ?? '',
    description,
    priority: options.priority ?? 0,
  };
}

/** The Name column (format "name"). */
export function nameColumn(): TableColumnDefinition {
  return column('Name', NAME_DESCRIPTION, { format: 'name' });
}

/** The Age column. */
export function ageColumn(): TableColumnDefinition {
  return column('Age', CREATION_TIMESTAMP_DESCRIPTION);
}

/** Wide Containers and Images columns. */
export function containerColumns(): TableColumnDefinition[] {
  return [
    column('Containers', CONTAINERS_DESCRIPTION, { priority: 1 }),
    column('Images', IMAGES_DESCRIPTION, { priority: 1 }),
  ];
}

/** layoutContainerCells: comma-joined container names and images. */
export function containerCells(podSpecHolder: unknown, path: string): [string, string] {
  const containers = objects(podSpecHolder, path);
  return [containers.map((c) => str(c, 'name')).join(','), containers.map((c) => str(c, 'image')).join(',')];
}
