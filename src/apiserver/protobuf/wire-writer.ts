import { WIRE } from './wire-reader.js';

/** Builds one protobuf message. Nested messages are built by their own writer and added as bytes. */
export class WireWriter {
  private readonly chunks: number[] = [];

  tag(fieldNumber: number, wireType: number): this {
    return this.varint(fieldNumber * 8 + wireType);
  }

  /** A varint of an integer; negatives are written as 64-bit two's complement (10 bytes), like Go. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
    return this;
  }

  bytes(data: Uint8Array): this {
    this.varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }

  raw(data: Uint8Array): this {
    for (const b of data) this.chunks.push(b);
    return this;
  }

  /** A length-delimited field. */
  field(fieldNumber: number, data: Uint8Array): this {
    return this.tag(fieldNumber, WIRE.bytes).bytes(data);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
