/** meta.k8s.io/v1 Table, as kube-apiserver serves it for `Accept: ...;as=Table`. */

/** One column; every field is always present in upstream JSON (no omitempty). */
export interface TableColumnDefinition {
  name: string;
  /** integer | number | string | boolean | date */
  type: string;
  /** 'name' for the column holding the object name, else ''. */
  format: string;
  description: string;
  /** 0 always shown; 1 only with `-o wide`. */
  priority: number;
}

/** metav1.TableRowCondition (pods use Completed for Succeeded/Failed). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: TableListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** `includeObject` query parameter values (metav1.IncludeObjectPolicy). */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';
