/**
 * Key-range helpers shared by the drivers. Keys are compared by code point, which is
 * the same order as UTF-8 bytes (what SQLite's BINARY collation and etcd use).
 */

const maxCodePoint = 0x10ffff;

/**
 * The smallest string greater than every string that starts with `prefix` (etcd's
 * "range_end" for a prefix), or undefined when there is none (empty prefix, or a
 * prefix made only of U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = points.pop() ?? 0;
    if (last < maxCodePoint) {
      // Skip the surrogate block: those code points cannot appear in well-formed text.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return String.fromCodePoint(...points, next);
    }
  }
  return undefined;
}

/** Compares two keys by code point (UTF-8 byte order), unlike `<` on JS strings (UTF-16 order). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only surrogates (0xD800-0xDFFF) sort differently in UTF-16 and code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      const cx = a.codePointAt(i) ?? x;
      const cy = b.codePointAt(i) ?? y;
      return cx < cy ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}
