import type { KubeObject } from '../api/object.js';
import type { ResourceInfo } from '../api/resource-info.js';
import type { PatchSchema } from '../api/schema/patch-schema.js';
import type { ProtobufDecoder } from './body-decoder.js';

/** The pure pieces the resource handlers use; wired together in one place (api-server.ts). */
export interface ResourceDeps {
  /** Compiles a `labelSelector` query into a label matcher; throws a StatusError (400) on bad syntax. */
  labelMatcher(selector: string): (labels: Record<string, string>) => boolean;
  /** Compiles a `fieldSelector` query for a resource into an object matcher; throws a StatusError (400). */
  fieldMatcher(selector: string, info: ResourceInfo): (object: KubeObject) => boolean;
  /** meta.k8s.io/v1 Table of the objects (columns included unless `omitColumns`). */
  toTable(info: ResourceInfo, objects: readonly KubeObject[], options: { includeObject: string; omitColumns?: boolean }): Record<string, unknown>;
  /** Applies a json/merge/strategic patch; throws StatusError on failure (415 for SMP without schema). */
  applyPatch(contentType: string, original: KubeObject, body: Buffer, schema: PatchSchema | undefined): KubeObject;
  patchSchemaFor(info: ResourceInfo): PatchSchema | undefined;
  /** Unknown field paths of a built-in object (for fieldValidation); also prunes them. Undefined when no schema is known. */
  pruneUnknownFields(info: ResourceInfo, object: KubeObject): readonly string[] | undefined;
  protobuf: ProtobufDecoder | undefined;
  /** metav1.LabelSelector as the string form (`app=nginx,tier in (a,b)`). */
  formatLabelSelector(selector: unknown): string;
}
