import { isPlainObject } from '../api/object.js';

/**
 * RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything else
 * (arrays included) replaces. Returns a new value; inputs are not modified.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) {
    return structuredClone(patch);
  }
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = applyMergePatch(out[key], value);
    }
  }
  return out;
}
