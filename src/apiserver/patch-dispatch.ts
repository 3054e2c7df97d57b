import type { KubeObject } from '../api/object.js';
import type { PatchSchema } from '../api/schema/patch-schema.js';
import { applyPatch, PatchError } from './patch/index.js';
import { StatusError } from './status-error.js';

/** Applies a json/merge/strategic patch body, turning patch failures into the apiserver's StatusError. */
export function applyPatchBody(contentType: string, original: KubeObject, body: Buffer, schema: PatchSchema | undefined): KubeObject {
  try {
    return applyPatch(contentType, original, body, schema) as KubeObject;
  } catch (error) {
    if (error instanceof PatchError) {
      const status = error.toStatus();
      throw new StatusError(status.code, status.reason ?? 'BadRequest', status.message ?? error.message, status.details === undefined ? undefined : { causes: status.details.causes });
    }
    throw error;
  }
}
