/**
 * RFC 6902 JSON patch and RFC 6901 pointers as the override manager needs them: operations on
 * missing paths fail (as evanphx/json-patch does), the input is never modified.
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { isPlainObject } from '../../api/object.js';

/** One patch operation as overriders build them. */
export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly value?: unknown;
}

/** Raised when a patch cannot be applied. */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

/** Escapes one pointer token (`~` -> `~0`, `/` -> `~1`). */
export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Splits a pointer into unescaped tokens; `''` is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`JSON pointer must start with /: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The value at pointer, or undefined when the path does not exist. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  let current: unknown = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isPlainObject(current)) {
      current = Object.prototype.hasOwnProperty.call(current, token) ? current[token] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

/** A new document with the operations applied in order; throws PatchError when one fails. */
export function applyJsonPatch<T>(doc: T, operations: readonly PatchOperation[]): T {
  if (operations.length === 0) return doc;
  const ops: Operation[] = operations.map((o) =>
    o.op === 'remove' ? { op: 'remove', path: o.path } : ({ op: o.op, path: o.path, value: structuredClone(o.value ?? null) } as Operation),
  );
  try {
    return jsonpatch.applyPatch(structuredClone(doc), ops, true, true).newDocument;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
    throw new PatchError(`failed to apply JSON patch ${JSON.stringify(operations)}: ${message}`);
  }
}
