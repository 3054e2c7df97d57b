import { DecodeError } from './errors.js';

/** Protobuf wire types. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

const TWO_32 = 4294967296;

/** A 64-bit varint as two unsigned 32-bit halves. */
export interface Bits64 {
  readonly lo: number;
  readonly hi: number;
}

/** Signed 64-bit (two's complement) as a JS number; exact up to 2^53. */
export function bitsToInt64({ lo, hi }: Bits64): number {
  if (hi & 0x80000000) return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
  return hi * TWO_32 + lo;
}

/** Unsigned 64-bit as a JS number; exact up to 2^53. */
export function bitsToUint64({ lo, hi }: Bits64): number {
  return hi * TWO_32 + lo;
}

/** ZigZag-encoded signed 64-bit (sint64). */
export function bitsToSint64({ lo, hi }: Bits64): number {
  const u = (BigInt(hi) << 32n) | BigInt(lo);
  return Number((u >> 1n) ^ -(u & 1n));
}

/**
 * A bounds-checked reader over one protobuf message. Every read past the end or malformed varint
 * throws DecodeError, so hostile bodies cannot crash the server.
 */
export class WireReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field key: its number and wire type. */
  tag(): { fieldNumber: number; wireType: number } {
    const key = this.varint32();
    const fieldNumber = key >>> 3;
    if (fieldNumber === 0) throw new DecodeError(`invalid field number 0 at offset ${this.pos}`);
    return { fieldNumber, wireType: key & 7 };
  }

  varint64(): Bits64 {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new DecodeError('unexpected end of data in varint');
      const b = this.buf[this.pos++] ?? 0;
      const v = b & 0x7f;
      if (i < 4) lo |= v << (7 * i);
      else if (i === 4) {
        lo |= (v & 0x0f) << 28;
        hi |= v >>> 4;
      } else hi |= v << (7 * i - 32);
      if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    throw new DecodeError('varint longer than 10 bytes');
  }

  /** The low 32 bits of a varint, unsigned. */
  varint32(): number {
    return this.varint64().lo;
  }

  fixed32(): Uint8Array {
    return this.take(4);
  }

  fixed64(): Uint8Array {
    return this.take(8);
  }

  /** A length-delimited payload (shares memory with the input). */
  bytes(): Uint8Array {
    const { lo, hi } = this.varint64();
    if (hi !== 0 || lo > this.end - this.pos) {
      throw new DecodeError(`length ${bitsToUint64({ lo, hi })} exceeds the remaining ${this.end - this.pos} bytes`);
    }
    return this.take(lo);
  }

  /** Skips a field's value of the given wire type. */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE.varint:
        this.varint64();
        return;
      case WIRE.fixed64:
        this.take(8);
        return;
      case WIRE.bytes:
        this.bytes();
        return;
      case WIRE.fixed32:
        this.take(4);
        return;
      default:
        throw new DecodeError(`unsupported wire type ${wireType}`);
    }
  }

  private take(n: number): Uint8Array {
    if (n > this.end - this.pos) throw new DecodeError('unexpected end of data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
