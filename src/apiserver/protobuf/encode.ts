import { kindTypeName, parseApiVersion } from '../../api/schema/kinds.js';
import { typeSchema, type FieldSchema, type TypeSchema } from '../../api/schema/type-schema.js';
import { wellKnownShape, type WellKnownJsonShape } from '../../api/schema/well-known-types.js';
import { writeEnvelope } from './envelope.js';
import { EncodeError } from './errors.js';
import { parseDuration, parseTime } from './json-formats.js';
import { WIRE } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

const utf8 = new TextEncoder();

/**
 * Encodes a JSON object of a built-in kind as a Kubernetes protobuf body (`k8s\0` +
 * runtime.Unknown), the way client-go sends it. The inverse of decodeProtobufObject, for tests and
 * for protobuf replies. Throws EncodeError for unknown kinds, unknown fields or mistyped values.
 */
export function encodeProtobufObject(apiVersion: string, kind: string, object: Record<string, unknown>): Uint8Array {
  const { group, version } = parseApiVersion(apiVersion);
  const typeName = kindTypeName(group, version, kind);
  if (typeName === undefined) throw new EncodeError(`no protobuf schema for ${apiVersion}, Kind=${kind}`);
  const fields = { ...object };
  delete fields['apiVersion'];
  delete fields['kind'];
  return writeEnvelope(apiVersion, kind, encodeMessage(typeName, fields, kind));
}

/** Encodes the JSON value of one message of a built-in type (fully qualified name). */
export function encodeMessage(typeName: string, value: unknown, path = typeName): Uint8Array {
  const special = wellKnownShape(typeName);
  if (special !== undefined) return encodeWellKnown(special, value, path);
  const schema = typeSchema(typeName);
  if (!schema) throw new EncodeError(`${path}: no schema for message type ${typeName}`);
  if (schema.listWrapper) {
    if (!Array.isArray(value)) throw new EncodeError(`${path}: want an array`);
    return encodeObject(schema, { items: value }, path);
  }
  if (!isRecord(value)) throw new EncodeError(`${path}: want an object`);
  const unknown = Object.keys(value).filter((k) => !schema.jsonField(k));
  if (unknown.length > 0) throw new EncodeError(`${path}: unknown field(s) ${unknown.join(', ')}`);
  return encodeObject(schema, value, path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodeObject(schema: TypeSchema, value: Record<string, unknown>, path: string): Uint8Array {
  const w = new WireWriter();
  for (const field of schema.fields) {
    const fieldPath = `${path}.${field.name}`;
    if (field.inline) {
      // The embedded struct takes its fields from the same JSON object.
      const inner = typeSchema(field.type);
      if (!inner) throw new EncodeError(`${fieldPath}: no schema for ${field.type}`);
      const own = Object.fromEntries(Object.entries(value).filter(([k]) => inner.jsonField(k)));
      w.field(field.number, encodeObject(inner, own, fieldPath));
      continue;
    }
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    if (field.map) {
      if (!isRecord(v)) throw new EncodeError(`${fieldPath}: want an object`);
      for (const [key, item] of Object.entries(v)) {
        const entry = new WireWriter();
        writeScalar(entry, 1, field.mapKeyType ?? 'string', key, `${fieldPath}[key]`);
        writeValue(entry, 2, field, item, `${fieldPath}[${key}]`);
        w.field(field.number, entry.finish());
      }
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw new EncodeError(`${fieldPath}: want an array`);
      v.forEach((item: unknown, i) => writeValue(w, field.number, field, item, `${fieldPath}[${i}]`));
    } else {
      writeValue(w, field.number, field, v, fieldPath);
    }
  }
  return w.finish();
}

function writeValue(w: WireWriter, number: number, field: FieldSchema, value: unknown, path: string): void {
  if (field.isMessage) w.field(number, encodeMessage(field.type, value, path));
  else writeScalar(w, number, field.type, value, path);
}

function wantInteger(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new EncodeError(`${path}: want an integer`);
  return value;
}

function writeScalar(w: WireWriter, number: number, type: string, value: unknown, path: string): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw new EncodeError(`${path}: want a string`);
      w.field(number, utf8.encode(value));
      return;
    case 'bytes':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
        throw new EncodeError(`${path}: want a base64 string`);
      }
      w.field(number, Buffer.from(value, 'base64'));
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new EncodeError(`${path}: want a boolean`);
      w.tag(number, WIRE.varint).varint(value ? 1 : 0);
      return;
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
      w.tag(number, WIRE.varint).varint(wantInteger(value, path));
      return;
    case 'sint32':
    case 'sint64': {
      const n = BigInt(wantInteger(value, path));
      w.tag(number, WIRE.varint).varint(Number(n >= 0n ? n << 1n : (-n << 1n) - 1n));
      return;
    }
    default:
      writeFixed(w, number, type, value, path);
  }
}

function writeFixed(w: WireWriter, number: number, type: string, value: unknown, path: string): void {
  if (typeof value !== 'number') throw new EncodeError(`${path}: want a number`);
  const four = type === 'float' || type === 'fixed32' || type === 'sfixed32';
  const bytes = new Uint8Array(four ? 4 : 8);
  const view = new DataView(bytes.buffer);
  switch (type) {
    case 'float':
      view.setFloat32(0, value, true);
      break;
    case 'fixed32':
      view.setUint32(0, value, true);
      break;
    case 'sfixed32':
      view.setInt32(0, value, true);
      break;
    case 'double':
      view.setFloat64(0, value, true);
      break;
    case 'fixed64':
      view.setBigUint64(0, BigInt(wantInteger(value, path)), true);
      break;
    case 'sfixed64':
      view.setBigInt64(0, BigInt(wantInteger(value, path)), true);
      break;
    default:
      throw new EncodeError(`${path}: unsupported scalar type ${type}`);
  }
  w.tag(number, four ? WIRE.fixed32 : WIRE.fixed64).raw(bytes);
}

function encodeWellKnown(shape: WellKnownJsonShape, value: unknown, path: string): Uint8Array {
  const w = new WireWriter();
  switch (shape) {
    case 'time':
    case 'micro-time': {
      const t = typeof value === 'string' ? parseTime(value) : undefined;
      if (!t) throw new EncodeError(`${path}: want an RFC 3339 time`);
      w.tag(1, WIRE.varint).varint(t.seconds);
      w.tag(2, WIRE.varint).varint(shape === 'time' ? 0 : t.nanos - (t.nanos % 1000));
      break;
    }
    case 'duration': {
      const ns = typeof value === 'string' ? parseDuration(value) : undefined;
      if (ns === undefined) throw new EncodeError(`${path}: want a duration such as "1h30m"`);
      w.tag(1, WIRE.varint).varint(ns);
      break;
    }
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') throw new EncodeError(`${path}: want a quantity`);
      w.field(1, utf8.encode(String(value)));
      break;
    case 'int-or-string':
      // client-go writes all three fields.
      if (typeof value === 'number') {
        w.tag(1, WIRE.varint).varint(0).tag(2, WIRE.varint).varint(wantInteger(value, path)).field(3, new Uint8Array(0));
      } else if (typeof value === 'string') {
        w.tag(1, WIRE.varint).varint(1).tag(2, WIRE.varint).varint(0).field(3, utf8.encode(value));
      } else throw new EncodeError(`${path}: want an integer or a string`);
      break;
    case 'raw-json':
      w.field(1, utf8.encode(JSON.stringify(value)));
      break;
  }
  return w.finish();
}
