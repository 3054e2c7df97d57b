import { compareKeys } from '../key-range.js';

/** A sorted set of keys (code-point order) kept in an array, with binary search. */
export class SortedKeys {
  #keys: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  at(index: number): string | undefined {
    return this.#keys[index];
  }

  /** Index of the first key >= key. */
  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.#keys[mid] ?? '', key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first key > key. */
  upperBound(key: string): number {
    const i = this.lowerBound(key);
    return this.#keys[i] === key ? i + 1 : i;
  }

  /** Inserts key when absent. */
  add(key: string): void {
    const i = this.lowerBound(key);
    if (this.#keys[i] === key) return;
    // Appending is the common case for generated names; splice handles the rest.
    if (i === this.#keys.length) this.#keys.push(key);
    else this.#keys.splice(i, 0, key);
  }

  /** Keeps only the keys for which keep returns true. */
  retain(keep: (key: string) => boolean): void {
    this.#keys = this.#keys.filter(keep);
  }
}
