/** The PATCH media types kube-apiserver understands. */
import { UnsupportedMediaTypeError } from './patch-error.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** One of the PATCH content types. */
export type PatchType = typeof JSON_PATCH | typeof MERGE_PATCH | typeof STRATEGIC_MERGE_PATCH | typeof APPLY_PATCH;

/** Accepted types for built-in kinds, in the order kube lists them in its 415 message. */
export const BUILTIN_PATCH_TYPES: readonly PatchType[] = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];

/** Accepted types for custom resources: no strategic merge patch (there are no patch tags). */
export const CUSTOM_RESOURCE_PATCH_TYPES: readonly PatchType[] = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];

/**
 * The patch type named by a Content-Type header, as kube-apiserver reads it: parameters after
 * `;` are dropped, nothing else is normalised. Throws UnsupportedMediaTypeError (415) when the
 * type is not among `accepted`.
 */
export function parsePatchType(contentType: string | undefined, accepted: readonly PatchType[]): PatchType {
  let type = contentType ?? '';
  const semicolon = type.indexOf(';');
  if (semicolon > 0) type = type.slice(0, semicolon);
  const found = accepted.find((candidate) => candidate === type);
  if (found === undefined) throw new UnsupportedMediaTypeError(accepted);
  return found;
}
