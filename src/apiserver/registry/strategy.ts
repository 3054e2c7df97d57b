import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { FieldError } from '../status-error.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What admission and strategies see of one write. */
export interface WriteContext {
  readonly operation: Operation;
  readonly info: ResourceInfo;
  readonly namespace: string;
  readonly subresource: string;
  readonly dryRun: boolean;
  readonly user: string;
  readonly oldObject: KubeObject | undefined;
}

/**
 * Per-kind behaviour of writes, as kube-apiserver's REST strategies: defaulting, preparation
 * (status subresource rules, allocations), validation. Every hook is optional.
 */
export interface ResourceStrategy {
  /** Fill defaults (mutates). */
  defaults?(object: KubeObject, ctx: WriteContext): void;
  /** Called on create after defaults (mutates), e.g. to allocate a clusterIP or set the initial phase. */
  prepareForCreate?(object: KubeObject, ctx: WriteContext): void | Promise<void>;
  /** Called on update (mutates the new object). */
  prepareForUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext): void;
  validate?(object: KubeObject, ctx: WriteContext): readonly FieldError[];
  /** Finalization that is not in metadata.finalizers (a Namespace's spec.finalizers) keeps a deleted object. */
  hasPendingFinalizers?(object: KubeObject): boolean;
  /** Called after a committed create or update, e.g. so a CRD is served before the write is answered. */
  afterWrite?(object: KubeObject): void;
  /** Called when a graceful deletion starts (mutates), e.g. a Namespace turns Terminating. */
  prepareForDelete?(object: KubeObject): void;
}

/** An admission plugin: mutation first, then validation, as kube-apiserver's admission chain. */
export interface AdmissionPlugin {
  readonly name: string;
  /** Return true when this plugin wants to see writes of that resource. */
  handles(info: ResourceInfo): boolean;
  mutate?(object: KubeObject, ctx: WriteContext): void | Promise<void>;
  validate?(object: KubeObject, ctx: WriteContext): readonly FieldError[] | Promise<readonly FieldError[]>;
}
