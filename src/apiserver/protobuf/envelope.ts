import { DecodeError } from './errors.js';
import { WIRE, WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** Media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The 4 bytes every Kubernetes protobuf body starts with: "k8s\0". */
export const PROTOBUF_MAGIC: Uint8Array = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** The runtime.Unknown envelope around an encoded object. */
export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object's own message bytes. */
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** True when the bytes start with the Kubernetes protobuf magic. */
export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= 4 && PROTOBUF_MAGIC.every((b, i) => body[i] === b);
}

function expectBytes(wireType: number, what: string): void {
  if (wireType !== WIRE.bytes) throw new DecodeError(`${what}: wire type ${wireType}, want length-delimited`);
}

/** Splits a body into its envelope fields (runtime.Unknown: typeMeta=1, raw=2, contentEncoding=3, contentType=4). */
export function readEnvelope(body: Uint8Array): Envelope {
  if (!hasProtobufMagic(body)) throw new DecodeError('body does not start with the Kubernetes protobuf prefix "k8s\\x00"');
  const reader = new WireReader(body, 4);
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = '';
  let contentType = '';
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.tag();
    if (fieldNumber > 4) {
      reader.skip(wireType);
      continue;
    }
    expectBytes(wireType, `runtime.Unknown field ${fieldNumber}`);
    const value = reader.bytes();
    if (fieldNumber === 1) {
      const typeMeta = new WireReader(value);
      while (!typeMeta.done) {
        const t = typeMeta.tag();
        if (t.fieldNumber !== 1 && t.fieldNumber !== 2) {
          typeMeta.skip(t.wireType);
          continue;
        }
        expectBytes(t.wireType, `runtime.TypeMeta field ${t.fieldNumber}`);
        const text = utf8.decode(typeMeta.bytes());
        if (t.fieldNumber === 1) apiVersion = text;
        else kind = text;
      }
    } else if (fieldNumber === 2) raw = value;
    else if (fieldNumber === 3) contentEncoding = utf8.decode(value);
    else contentType = utf8.decode(value);
  }
  return { apiVersion, kind, raw, contentEncoding, contentType };
}

/** Wraps an encoded object in the magic prefix and runtime.Unknown, as client-go does. */
export function writeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const typeMeta = new WireWriter()
    .field(1, utf8Encoder.encode(apiVersion))
    .field(2, utf8Encoder.encode(kind))
    .finish();
  // client-go writes empty contentEncoding and contentType fields too.
  const unknown = new WireWriter()
    .field(1, typeMeta)
    .field(2, raw)
    .field(3, new Uint8Array(0))
    .field(4, new Uint8Array(0))
    .finish();
  const out = new Uint8Array(4 + unknown.length);
  out.set(PROTOBUF_MAGIC, 0);
  out.set(unknown, 4);
  return out;
}
