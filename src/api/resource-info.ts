/**
 * What the apiserver needs to know about one served resource (one group/version/resource).
 * Built-in and Karmada kinds are listed as data in the catalog; CRDs produce these at runtime.
 */

export interface GroupVersionKind {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly kind: string;
}

export interface PrinterColumn {
  readonly name: string;
  /** integer | number | string | boolean | date */
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  /** 0: always shown; 1: only with -o wide. */
  readonly priority?: number;
  /** A JSONPath (CRD additionalPrinterColumns style, e.g. `.spec.replicas`), evaluated against the object. */
  readonly jsonPath?: string;
}

export interface ScaleSubresource {
  readonly specReplicasPath: string; // e.g. .spec.replicas
  readonly statusReplicasPath: string; // e.g. .status.replicas
  readonly labelSelectorPath?: string; // e.g. .status.selector
}

export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name, e.g. deployments. */
  readonly resource: string;
  readonly singular: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Verbs advertised in discovery; default: all of create delete deletecollection get list patch update watch. */
  readonly verbs?: readonly string[];
  /** Has a status subresource: spec and status are written through different endpoints. */
  readonly statusSubresource?: boolean;
  readonly scaleSubresource?: ScaleSubresource;
  /** Other subresources advertised in discovery, e.g. `proxy` for clusters, `log` for pods. */
  readonly otherSubresources?: readonly { readonly name: string; readonly kind: string; readonly group?: string; readonly version?: string; readonly verbs: readonly string[] }[];
  /** True for kinds whose generation is bumped on any non-metadata change (no status subresource ⇒ every change). */
  readonly builtin: boolean;
  /** The version objects are stored in (CRDs with several versions share one storage key space). */
  readonly storageVersion?: string;
  /** Extra printer columns (besides Name and Age) for Table output; used for CRDs and Karmada kinds. */
  readonly printerColumns?: readonly PrinterColumn[];
}

export function groupVersion(info: { group: string; version: string }): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** `deployments.apps`, or `pods` for the core group, as used in Status messages. */
export function qualifiedResource(info: { group: string; resource: string }): string {
  return info.group === '' ? info.resource : `${info.resource}.${info.group}`;
}
