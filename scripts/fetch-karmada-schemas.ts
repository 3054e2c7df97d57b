/**
 * Generates src/api/catalog/karmada-schemas/*.json: one compact openAPIV3Schema per Karmada kind.
 *
 * The sources are Karmada's CRD schemas (charts/karmada/_crds/bases, Apache-2.0), transcribed
 * once into src/api/catalog/karmada-schemas/source/*.yaml (this script does not use the network),
 * plus a hand-written schema for Cluster, which Karmada serves from an aggregated apiserver.
 * `$kube: <proto type>` in a source stands for a Kubernetes type inlined as controller-gen inlines
 * it; it is expanded here from the generated Kubernetes type tables (src/api/schema).
 *
 * Usage: node --import tsx scripts/fetch-karmada-schemas.ts
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { karmadaSchemaFileName } from '../src/api/catalog/karmada-schemas/index.js';
import { fieldDoc, typeDoc } from '../src/api/schema/docs.js';
import { typeSchema, wellKnownShape, type FieldSchema } from '../src/api/schema/index.js';

type Schema = Record<string, unknown>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src/api/catalog/karmada-schemas');
const sourceDir = join(outDir, 'source');
/** Deeper Kubernetes types become open objects (no Karmada CRD nests them further). */
const MAX_DEPTH = 12;

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(type: string): Schema {
  if (['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32'].includes(type)) return { type: 'integer', format: 'int32' };
  if (['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64'].includes(type)) return { type: 'integer', format: 'int64' };
  if (type === 'double' || type === 'float') return { type: 'number' };
  if (type === 'bool') return { type: 'boolean' };
  if (type === 'bytes') return { type: 'string', format: 'byte' };
  return { type: 'string' };
}

/** A Kubernetes message type as controller-gen inlines it into a CRD schema. */
function inlineKube(typeName: string, depth = 0): Schema {
  const description = typeDoc(typeName);
  const withDoc = (schema: Schema): Schema => (description ? { description, ...schema } : schema);
  switch (wellKnownShape(typeName)) {
    case 'time':
    case 'micro-time':
      return withDoc({ type: 'string', format: 'date-time' });
    case 'duration':
      return withDoc({ type: 'string' });
    case 'quantity':
      return withDoc({
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
        'x-kubernetes-int-or-string': true,
      });
    case 'int-or-string':
      return withDoc({ anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
    case 'raw-json':
      return withDoc({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    default:
      break;
  }
  const type = typeSchema(typeName);
  if (type === undefined) throw new Error(`unknown Kubernetes type ${typeName}`);
  if (depth > MAX_DEPTH) return withDoc({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  if (type.listWrapper) {
    const item = type.fields[0];
    return withDoc({ type: 'array', items: item === undefined ? {} : element(item, depth) });
  }
  const properties: Record<string, Schema> = {};
  for (const name of [...type.jsonFieldNames()].sort()) {
    const found = type.jsonField(name);
    if (found !== undefined) properties[name] = field(found.field, found.owner.name, depth);
  }
  const schema: Schema = { type: 'object', properties };
  if (type.structType !== undefined) schema['x-kubernetes-map-type'] = type.structType;
  return withDoc(schema);
}

function element(f: FieldSchema, depth: number): Schema {
  if (!f.isMessage) return scalar(f.type);
  const { description: _description, ...rest } = inlineKube(f.type, depth + 1);
  return rest;
}

function field(f: FieldSchema, owner: string, depth: number): Schema {
  let schema: Schema;
  if (f.map) schema = { type: 'object', additionalProperties: element(f, depth) };
  else if (f.repeated) schema = { type: 'array', items: element(f, depth) };
  else schema = element(f, depth);
  const doc = fieldDoc(owner, f.name);
  const out: Schema = doc ? { description: doc, ...schema } : schema;
  if (f.listType !== undefined) out['x-kubernetes-list-type'] = f.listType;
  if (f.listMapKeys !== undefined) out['x-kubernetes-list-map-keys'] = f.listMapKeys;
  if (f.mapType !== undefined) out['x-kubernetes-map-type'] = f.mapType;
  return out;
}

/** Expands `$kube` references (a sibling description wins) and copies everything else. */
function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (!isRecord(value)) return value;
  const kube = value['$kube'];
  if (typeof kube === 'string') {
    const { $kube: _kube, ...overrides } = value;
    return { ...inlineKube(kube), ...(expand(overrides) as Schema) };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
}

const STANDARD = {
  apiVersion: {
    description:
      'APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    type: 'string',
  },
  kind: {
    description:
      'Kind is a string value representing the REST resource this object represents.\nServers may infer this from the endpoint the client submits requests to.\nCannot be updated.\nIn CamelCase.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    type: 'string',
  },
  metadata: { type: 'object' },
};

/** Property keys sorted, as controller-gen writes them (stable diffs). */
function sortProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortProperties);
  if (!isRecord(value)) return value;
  const out: Schema = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'properties' && isRecord(v)) {
      out[k] = Object.fromEntries(Object.keys(v).sort().map((name) => [name, sortProperties(v[name])]));
    } else {
      out[k] = sortProperties(v);
    }
  }
  return out;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc: unknown = parse(readFileSync(join(sourceDir, file), 'utf8'), { merge: true, maxAliasCount: -1 });
    const kinds = isRecord(doc) ? doc['kinds'] : undefined;
    if (!isRecord(kinds)) throw new Error(`${file}: no kinds`);
    for (const [gvk, raw] of Object.entries(kinds)) {
      const [group, version, kind] = gvk.split('/');
      if (group === undefined || version === undefined || kind === undefined) throw new Error(`${file}: bad key ${gvk}`);
      const schema = expand(raw) as Schema;
      schema['properties'] = { ...STANDARD, ...(schema['properties'] as Schema | undefined) };
      const name = karmadaSchemaFileName(group, version, kind);
      writeFileSync(join(outDir, name), `${JSON.stringify(sortProperties(schema))}\n`);
      written.push(`${gvk} -> ${name}`);
    }
  }
  console.log(written.join('\n'));
}

main();
