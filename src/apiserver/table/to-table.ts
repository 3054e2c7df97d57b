/**
 * Objects to a meta.k8s.io/v1 Table, choosing the printer kube-apiserver would use:
 * printerColumns (CRD style) when the resource declares them or is not built in,
 * a dedicated printer for built-ins that have one, else NAME / CREATED AT.
 */
import type { KubeObject, ObjectMeta } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { builtinPrinter } from './builtin-printers.js';
import { customColumnsPrinter } from './custom-columns.js';
import { defaultPrinter } from './default-convertor.js';
import type { Printer } from './printer.js';
import type { IncludeObjectPolicy, Table, TableListMeta, TableRow } from './table-types.js';

/** An `includeObject` value the server does not know (answer 400 BadRequest with `message`). */
export class TableOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableOptionsError';
  }
}

export interface ToTableOptions {
  /** `includeObject` query value; default Metadata. Any other string throws TableOptionsError. */
  includeObject?: IncludeObjectPolicy | string;
  /** Clock for AGE cells; default now. */
  now?: Date;
  /** TableOptions.NoHeaders (watch events after the first): columnDefinitions left empty. */
  omitColumns?: boolean;
  /** resourceVersion / continue / remainingItemCount of the list. */
  listMeta?: TableListMeta;
}

/** The printer for a resource. */
export function printerFor(info: ResourceInfo): Printer {
  if (info.printerColumns !== undefined && info.printerColumns.length > 0) {
    return customColumnsPrinter(info.printerColumns);
  }
  if (!info.builtin) {
    return customColumnsPrinter(undefined);
  }
  return builtinPrinter(info.group, info.resource) ?? defaultPrinter;
}

function partialObjectMetadata(object: KubeObject): { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: ObjectMeta } {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

function rowObject(object: KubeObject, policy: string): unknown {
  switch (policy) {
    case 'Object':
      return object;
    case 'Metadata':
    case '':
      return partialObjectMetadata(object);
    case 'None':
      return undefined;
    default:
      throw new TableOptionsError(`unrecognized includeObject value: "${policy}"`);
  }
}

/** Converts objects (a list, or one object for GET and watch events) into a Table. */
export function toTable(info: ResourceInfo, objects: readonly KubeObject[], options: ToTableOptions = {}): Table {
  const policy = options.includeObject ?? 'Metadata';
  if (!['Object', 'Metadata', 'None', ''].includes(policy)) {
    throw new TableOptionsError(`unrecognized includeObject value: "${policy}"`);
  }
  const now = options.now ?? new Date();
  const printer = printerFor(info);
  const rows: TableRow[] = objects.map((object) => {
    const printed = printer.row(object, now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions !== undefined) {
      row.conditions = printed.conditions;
    }
    const obj = rowObject(object, policy);
    if (obj !== undefined) {
      row.object = obj;
    }
    return row;
  });
  const metadata: TableListMeta = {};
  if (options.listMeta?.resourceVersion !== undefined) {
    metadata.resourceVersion = options.listMeta.resourceVersion;
  }
  if (options.listMeta?.continue !== undefined && options.listMeta.continue !== '') {
    metadata.continue = options.listMeta.continue;
  }
  if (options.listMeta?.remainingItemCount !== undefined) {
    metadata.remainingItemCount = options.listMeta.remainingItemCount;
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.omitColumns === true ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
