import { compareKeys } from '../key-range.js';

/** Keys per chunk before it splits: keeps inserts O(sqrt-ish) instead of O(n) array shifts. */
const maxChunk = 512;

/**
 * A sorted set of keys (code-point order) kept as a list of sorted chunks, so inserting
 * into a large set does not shift one huge array.
 */
export class SortedKeys {
  #chunks: string[][] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Inserts key when absent. */
  add(key: string): void {
    const c = this.#chunkFor(key);
    const chunk = this.#chunks[c];
    if (chunk === undefined) {
      this.#chunks.push([key]);
      this.#size++;
      return;
    }
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return;
    chunk.splice(i, 0, key);
    this.#size++;
    if (chunk.length > maxChunk) this.#chunks.splice(c + 1, 0, chunk.splice(maxChunk / 2));
  }

  /** Keeps only the keys for which keep returns true. */
  retain(keep: (key: string) => boolean): void {
    this.#chunks = this.#chunks.map((chunk) => chunk.filter(keep)).filter((chunk) => chunk.length > 0);
    this.#size = this.#chunks.reduce((n, chunk) => n + chunk.length, 0);
  }

  /** Keys >= from (or > from when exclusive), in order. */
  *from(from: string, exclusive: boolean): Generator<string, void, undefined> {
    for (let c = this.#chunkFor(from); c < this.#chunks.length; c++) {
      const chunk = this.#chunks[c] ?? [];
      let i = lowerBound(chunk, from);
      if (exclusive && chunk[i] === from) i++;
      for (; i < chunk.length; i++) yield chunk[i] ?? '';
      from = '';
      exclusive = false;
    }
  }

  /** The first chunk whose last key is >= key (the last chunk when none is). */
  #chunkFor(key: string): number {
    let lo = 0;
    let hi = this.#chunks.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid] ?? [];
      if (compareKeys(chunk[chunk.length - 1] ?? '', key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid] ?? '', key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
