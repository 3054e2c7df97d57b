/**
 * A model of a Go `[]interface{}` slice header (shared backing array, length, capacity).
 *
 * Upstream strategic merge patch deletes and appends list elements with Go's `append`, which
 * writes into the backing array it shares with the caller's view of the live list; that view is
 * later used to decide where server-only elements go. The final element order therefore depends
 * on Go's aliasing, and reproducing kube's order needs this model rather than plain JS arrays.
 */
import type { JsonValue } from './json-value.js';

// Go's malloc size classes up to 32 KiB: growslice rounds a new backing array up to one of these.
const SIZE_CLASSES = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448,
  480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096,
  4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072,
  20480, 21760, 24576, 27264, 28672, 32768,
];
const ELEMENT_SIZE = 16; // an interface{} value
const PAGE_SIZE = 8192;

function roundUpSize(bytes: number): number {
  const sizeClass = SIZE_CLASSES.find((size) => size >= bytes);
  return sizeClass ?? Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}

/** runtime.growslice's new capacity for an `[]interface{}` that must hold `needed` elements. */
export function goGrowCap(oldCap: number, needed: number): number {
  let newCap = oldCap;
  const double = oldCap * 2;
  if (needed > double) {
    newCap = needed;
  } else if (oldCap < 256) {
    newCap = double;
  } else {
    while (newCap > 0 && newCap < needed) newCap += Math.floor((newCap + 3 * 256) / 4);
    if (newCap <= 0) newCap = needed;
  }
  return Math.floor(roundUpSize(newCap * ELEMENT_SIZE) / ELEMENT_SIZE);
}

/** The capacity encoding/json leaves on a decoded array of `length` elements (one append each). */
export function goDecodedCap(length: number): number {
  let cap = 0;
  for (let len = 1; len <= length; len += 1) {
    if (len > cap) cap = goGrowCap(cap, len);
  }
  return cap;
}

/** An immutable slice header over a mutable, possibly shared, backing array. */
export class GoSlice {
  private constructor(
    private readonly buffer: (JsonValue | undefined)[],
    readonly length: number,
  ) {}

  /** A slice over a fresh backing array, with the capacity a JSON decoder would have given it. */
  static decoded(values: readonly JsonValue[]): GoSlice {
    const buffer: (JsonValue | undefined)[] = [...values];
    buffer.length = goDecodedCap(values.length);
    return new GoSlice(buffer, values.length);
  }

  get capacity(): number {
    return this.buffer.length;
  }

  at(index: number): JsonValue {
    return this.buffer[index] as JsonValue;
  }

  /** `s[index] = value` (visible through every header sharing the backing array). */
  set(index: number, value: JsonValue): void {
    this.buffer[index] = value;
  }

  /** The elements this header sees, copied out. */
  toArray(): JsonValue[] {
    return this.buffer.slice(0, this.length) as JsonValue[];
  }

  /** `append(s, values...)`: in place when the capacity allows, else onto a new backing array. */
  append(...values: JsonValue[]): GoSlice {
    const needed = this.length + values.length;
    if (needed <= this.capacity) {
      values.forEach((value, i) => {
        this.buffer[this.length + i] = value;
      });
      return new GoSlice(this.buffer, needed);
    }
    const buffer: (JsonValue | undefined)[] = [...this.buffer.slice(0, this.length), ...values];
    buffer.length = goGrowCap(this.capacity, needed);
    return new GoSlice(buffer, needed);
  }

  /** `s[:length]` over the same backing array. */
  reslice(length: number): GoSlice {
    return new GoSlice(this.buffer, length);
  }

  /** `append(s[:index], s[index+1:]...)`: shifts the tail left inside the same backing array. */
  removeAt(index: number): GoSlice {
    for (let i = index; i < this.length - 1; i += 1) this.buffer[i] = this.buffer[i + 1];
    return new GoSlice(this.buffer, this.length - 1);
  }
}
