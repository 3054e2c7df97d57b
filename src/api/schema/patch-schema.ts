/**
 * The structural facts strategic merge patch and server-side apply need about a built-in kind,
 * generated from the Kubernetes proto comments (+patchMergeKey, +patchStrategy, +listType, +listMapKey).
 * A PatchSchema describes one object type; `field` answers for one JSON field name.
 */
export interface FieldPatchInfo {
  /** 'list' for repeated fields, 'map' for map<string, X>, 'object' for messages, 'scalar' otherwise. */
  readonly shape: 'list' | 'map' | 'object' | 'scalar';
  /** From +patchStrategy: e.g. 'merge', 'retainKeys', 'merge,retainKeys', 'replace'. */
  readonly patchStrategy?: string;
  /** From +patchMergeKey. */
  readonly patchMergeKey?: string;
  /** From +listType: atomic | set | map. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** From +listMapKey (may be several). */
  readonly listMapKeys?: readonly string[];
  /** The schema of the element type (for lists and maps of messages) or of the field (for objects). */
  readonly schema?: PatchSchema;
}

export interface PatchSchema {
  /** Fully qualified type name, e.g. k8s.io.api.core.v1.PodSpec. */
  readonly typeName: string;
  field(jsonName: string): FieldPatchInfo | undefined;
}
