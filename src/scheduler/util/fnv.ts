/**
 * 32-bit FNV-1a over the UTF-8 bytes of a string (Go's `hash/fnv.New32a`).
 */

const encoder = new TextEncoder();

/** FNV-1a 32-bit hash as an unsigned integer. */
export function fnv1a32(input: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(input)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
