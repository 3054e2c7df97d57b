import { createHash } from 'node:crypto';

/**
 * The hash kube-apiserver puts in discovery ETags and OpenAPI `?hash=` URLs: SHA-512 of the
 * serialized document, upper-case hex. Clients only compare it, so any stable digest would do.
 */
export function contentHash(serialized: string): string {
  return createHash('sha512').update(serialized).digest('hex').toUpperCase();
}

/** A strong HTTP entity tag for a serialized document. */
export function entityTag(serialized: string): string {
  return `"${contentHash(serialized)}"`;
}
