import { kindTypeName, parseApiVersion } from '../../api/schema/kinds.js';
import { typeSchema, type FieldSchema, type TypeSchema } from '../../api/schema/type-schema.js';
import { wellKnownShape } from '../../api/schema/well-known-types.js';
import { readEnvelope, hasProtobufMagic } from './envelope.js';
import { DecodeError } from './errors.js';
import { formatDuration, formatMicroTime, formatTime } from './json-formats.js';
import { bitsToInt64, bitsToSint64, bitsToUint64, WIRE, WireReader } from './wire-reader.js';

/** A decoded request body: the envelope's type and the object as kube-apiserver would read its JSON. */
export interface DecodedObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object as JSON, with apiVersion and kind set. */
  readonly object: Record<string, unknown>;
}

const MAX_DEPTH = 64;
const utf8 = new TextDecoder();

/**
 * Decodes a Kubernetes protobuf body (`k8s\0` + runtime.Unknown) of a built-in kind into the
 * JSON object kube-apiserver would accept for it. Throws DecodeError for anything malformed or
 * for kinds without a built-in schema.
 *
 * JSON rules (Go's marshalling of the decoded struct): fields absent on the wire are absent;
 * present numbers and booleans appear even when zero (pointer fields such as `replicas: 0` need
 * that), except for known Go value fields with omitempty (FieldSchema.omitZero: `hostPort`,
 * `paused`, …); empty strings of +optional fields are dropped (client-go writes every value field,
 * and for those "" means unset); empty messages appear as {}; a zero metav1.Time is dropped.
 */
export function decodeProtobufObject(body: Uint8Array): DecodedObject {
  return decodeEnvelope(body, 0);
}

function decodeEnvelope(body: Uint8Array, depth: number): DecodedObject {
  const envelope = readEnvelope(body);
  const { apiVersion, kind } = envelope;
  if (!apiVersion || !kind) throw new DecodeError('protobuf body has no apiVersion/kind in its type metadata');
  if (envelope.contentEncoding !== '') {
    throw new DecodeError(`unsupported protobuf content encoding "${envelope.contentEncoding}"`);
  }
  const { group, version } = parseApiVersion(apiVersion);
  const typeName = kindTypeName(group, version, kind);
  if (typeName === undefined) throw new DecodeError(`no protobuf schema for ${apiVersion}, Kind=${kind}`);
  const decoded = decodeMessage(typeName, envelope.raw, kind, depth);
  if (!isRecord(decoded)) throw new DecodeError(`${apiVersion}, Kind=${kind} does not decode to an object`);
  return { apiVersion, kind, object: { apiVersion, kind, ...decoded } };
}

/**
 * Decodes one message of a built-in type (fully qualified name) into its JSON value: an object for
 * ordinary messages, a string/number/array for the well-known types, undefined for a zero Time.
 */
export function decodeMessage(typeName: string, bytes: Uint8Array, path = typeName, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new DecodeError(`${path}: nesting deeper than ${MAX_DEPTH}`);
  const special = wellKnownShape(typeName);
  if (special !== undefined) return decodeWellKnown(special, bytes, path, depth);
  const schema = typeSchema(typeName);
  if (!schema) throw new DecodeError(`${path}: no schema for message type ${typeName}`);
  const out = decodeFields(schema, bytes, path, depth);
  if (schema.listWrapper) return out['items'] ?? [];
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeFields(schema: TypeSchema, bytes: Uint8Array, path: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.tag();
    const field = schema.fieldByNumber(fieldNumber);
    if (!field) {
      // Unknown fields are skipped, as Go's generated unmarshalers do.
      reader.skip(wireType);
      continue;
    }
    const fieldPath = `${path}.${field.name}`;
    if (field.map) {
      expectWire(wireType, WIRE.bytes, fieldPath);
      const [key, value] = decodeMapEntry(field, reader.bytes(), fieldPath, depth);
      const map = (out[field.name] ??= {}) as Record<string, unknown>;
      // defineProperty: a "__proto__" key must stay a plain key, not replace the prototype.
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    } else if (field.repeated) {
      const list = (out[field.name] ??= []) as unknown[];
      if (!field.isMessage && wireType === WIRE.bytes && field.type !== 'string' && field.type !== 'bytes') {
        // Packed encoding of numeric scalars.
        const packed = new WireReader(reader.bytes());
        while (!packed.done) list.push(readScalar(packed, field.type, wireTypeOf(field.type), fieldPath));
      } else {
        const value = readValue(reader, field, wireType, fieldPath, depth);
        list.push(value === undefined ? null : value);
      }
    } else if (field.inline) {
      expectWire(wireType, WIRE.bytes, fieldPath);
      const inner = decodeMessage(field.type, reader.bytes(), fieldPath, depth + 1);
      if (isRecord(inner)) Object.assign(out, inner);
    } else {
      const value = readValue(reader, field, wireType, fieldPath, depth);
      if (value === undefined || isUnsetZero(field, value)) delete out[field.name];
      else out[field.name] = value;
    }
  }
  return out;
}

/**
 * Whether a present scalar stands for "unset": client-go writes every Go value field, so an empty
 * optional string or a zero of a known value field carries no information. Other zeros may be
 * explicit pointer values (replicas: 0, runAsUser: 0) and are kept.
 */
function isUnsetZero(field: FieldSchema, value: unknown): boolean {
  if (value !== '' && value !== 0 && value !== false) return false;
  if (field.omitZero) return true;
  return value === '' && field.optional && field.type === 'string';
}

function decodeMapEntry(field: FieldSchema, bytes: Uint8Array, path: string, depth: number): [string, unknown] {
  const reader = new WireReader(bytes);
  let key: unknown = zeroOf(field.mapKeyType ?? 'string');
  let value: unknown;
  let sawValue = false;
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.tag();
    if (fieldNumber === 1) {
      key = readScalar(reader, field.mapKeyType ?? 'string', wireType, `${path}[key]`);
    } else if (fieldNumber === 2) {
      value = readValue(reader, field, wireType, `${path}[value]`, depth);
      sawValue = true;
    } else reader.skip(wireType);
  }
  if (!sawValue) value = field.isMessage ? decodeMessage(field.type, new Uint8Array(0), path, depth + 1) : zeroOf(field.type);
  return [String(key), value === undefined ? null : value];
}

/** One value of a field (an element, for repeated and map fields). */
function readValue(reader: WireReader, field: FieldSchema, wireType: number, path: string, depth: number): unknown {
  if (field.isMessage) {
    expectWire(wireType, WIRE.bytes, path);
    return decodeMessage(field.type, reader.bytes(), path, depth + 1);
  }
  return readScalar(reader, field.type, wireType, path);
}

function wireTypeOf(type: string): number {
  switch (type) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return WIRE.fixed64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return WIRE.fixed32;
    case 'string':
    case 'bytes':
      return WIRE.bytes;
    default:
      return WIRE.varint;
  }
}

function expectWire(actual: number, expected: number, path: string): void {
  if (actual !== expected) throw new DecodeError(`${path}: wire type ${actual}, want ${expected}`);
}

function readScalar(reader: WireReader, type: string, wireType: number, path: string): unknown {
  expectWire(wireType, wireTypeOf(type), path);
  switch (type) {
    case 'string':
      return utf8.decode(reader.bytes());
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64');
    case 'bool': {
      const { lo, hi } = reader.varint64();
      return (lo | hi) !== 0;
    }
    case 'int32':
      return reader.varint64().lo | 0;
    case 'uint32':
      return reader.varint64().lo >>> 0;
    case 'int64':
      return bitsToInt64(reader.varint64());
    case 'uint64':
      return bitsToUint64(reader.varint64());
    case 'sint32': {
      const lo = reader.varint64().lo;
      return (lo >>> 1) ^ -(lo & 1);
    }
    case 'sint64':
      return bitsToSint64(reader.varint64());
    case 'fixed32':
      return dataView(reader.fixed32()).getUint32(0, true);
    case 'sfixed32':
      return dataView(reader.fixed32()).getInt32(0, true);
    case 'float':
      return dataView(reader.fixed32()).getFloat32(0, true);
    case 'fixed64':
      return Number(dataView(reader.fixed64()).getBigUint64(0, true));
    case 'sfixed64':
      return Number(dataView(reader.fixed64()).getBigInt64(0, true));
    case 'double':
      return dataView(reader.fixed64()).getFloat64(0, true);
    default:
      throw new DecodeError(`${path}: unsupported scalar type ${type}`);
  }
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function zeroOf(type: string): unknown {
  switch (type) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    default:
      return 0;
  }
}

/** Reads the flat fields of a small well-known message by number. */
function readSmall(bytes: Uint8Array, types: Readonly<Record<number, string>>, path: string): Map<number, unknown> {
  const values = new Map<number, unknown>();
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { fieldNumber, wireType } = reader.tag();
    const type = types[fieldNumber];
    if (type === undefined) reader.skip(wireType);
    else if (type === 'raw') {
      expectWire(wireType, WIRE.bytes, path);
      values.set(fieldNumber, reader.bytes());
    } else values.set(fieldNumber, readScalar(reader, type, wireType, path));
  }
  return values;
}

function decodeWellKnown(
  shape: NonNullable<ReturnType<typeof wellKnownShape>>,
  bytes: Uint8Array,
  path: string,
  depth: number,
): unknown {
  switch (shape) {
    case 'time':
    case 'micro-time': {
      // Go writes a zero time as an empty message; its JSON is null, i.e. the field is unset.
      if (bytes.length === 0) return undefined;
      const v = readSmall(bytes, { 1: 'int64', 2: 'int32' }, path);
      const seconds = Number(v.get(1) ?? 0);
      const nanos = Number(v.get(2) ?? 0);
      const text = shape === 'time' ? formatTime(seconds) : formatMicroTime(seconds, nanos);
      if (text === undefined) throw new DecodeError(`${path}: time out of range (${seconds}s)`);
      return text;
    }
    case 'duration':
      return formatDuration(Number(readSmall(bytes, { 1: 'int64' }, path).get(1) ?? 0));
    case 'quantity': {
      const text = readSmall(bytes, { 1: 'string' }, path).get(1);
      return typeof text === 'string' && text !== '' ? text : '0';
    }
    case 'int-or-string': {
      const v = readSmall(bytes, { 1: 'int64', 2: 'int32', 3: 'string' }, path);
      return v.get(1) === 1 ? (v.get(3) ?? '') : (v.get(2) ?? 0);
    }
    case 'raw-json': {
      const raw = readSmall(bytes, { 1: 'raw' }, path).get(1);
      if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
      if (hasProtobufMagic(raw)) return decodeEnvelope(raw, depth + 1).object;
      try {
        return JSON.parse(utf8.decode(raw)) as unknown;
      } catch (error) {
        throw new DecodeError(`${path}: embedded raw object is neither JSON nor Kubernetes protobuf`, { cause: error });
      }
    }
  }
}
