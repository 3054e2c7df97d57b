/**
 * The hashing Karmada uses to derive names: FNV-1a (32 bit) over the spew `%#v` rendering of a
 * value (for a string: `(string)` followed by the string), printed in decimal and mapped onto
 * apimachinery's `rand.SafeEncodeString` alphabet.
 */

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit hash of the UTF-8 bytes of s. */
export function fnv32a(s: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(s, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** apimachinery `rand.SafeEncodeString`: each rune to a letter of a vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) {
    out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length];
  }
  return out;
}

/** `hashutil.DeepHashObject(fnv32a, s)` for a Go string, safe-encoded as Karmada names use it. */
export function hashStringForName(s: string): string {
  return safeEncodeString(String(fnv32a(`(string)${s}`)));
}
