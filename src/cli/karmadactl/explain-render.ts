/**
 * kubectl explain's plaintext rendering of an OpenAPI v3 schema (GROUP/KIND/VERSION, FIELD,
 * ENUM, DESCRIPTION wrapped at 76 columns and indented 4, then FIELDS with `<type>`), and the
 * walk from a kind's schema down a field path (`spec.template.spec.containers`).
 */
import { isPlainObject } from '../../api/object.js';

/** An OpenAPI v3 schema, loosely. */
export type Schema = Record<string, unknown>;

/** Resolves `$ref` (and kube's `allOf: [{$ref}]` wrapping) against the document's components. */
export function deref(schema: Schema, components: Record<string, Schema>): { schema: Schema; refName?: string; description?: string } {
  const own = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  let ref = typeof schema['$ref'] === 'string' ? schema['$ref'] : undefined;
  const allOf = schema['allOf'];
  if (ref === undefined && Array.isArray(allOf) && allOf.length === 1 && isPlainObject(allOf[0]) && typeof allOf[0]['$ref'] === 'string') {
    ref = allOf[0]['$ref'];
  }
  if (ref === undefined) return { schema, ...(own === undefined ? {} : { description: own }) };
  const name = ref.replace(/^#\/components\/schemas\//, '');
  const target = components[name] ?? {};
  return { schema: target, refName: name, ...(own === undefined ? {} : { description: own }) };
}

function shortName(refName: string): string {
  return refName.slice(refName.lastIndexOf('.') + 1);
}

/** kubectl's type label: `string`, `Object`, `ObjectMeta`, `[]Container`, `map[string]string`. */
export function typeLabel(schema: Schema, components: Record<string, Schema>): string {
  const { schema: s, refName } = deref(schema, components);
  if (refName !== undefined) {
    const t = s['type'];
    // Named scalars (Time, Quantity) show as their underlying type, as kubectl shows them.
    if (typeof t === 'string' && t !== 'object' && t !== 'array') return t;
    if (t === 'array' && isPlainObject(s['items'])) return `[]${typeLabel(s['items'], components)}`;
    return shortName(refName);
  }
  const type = s['type'];
  if (type === 'array') return isPlainObject(s['items']) ? `[]${typeLabel(s['items'], components)}` : '[]Object';
  if (type === 'object' || type === undefined) {
    const additional = s['additionalProperties'];
    if (isPlainObject(additional) && !isPlainObject(s['properties'])) return `map[string]${typeLabel(additional, components)}`;
    if (s['x-kubernetes-int-or-string'] === true) return 'IntOrString';
    return 'Object';
  }
  return String(type);
}

/** kubectl's word wrap: each line broken at spaces to `width`, newlines and a line's leading spaces kept. */
export function wordWrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const leading = /^ */.exec(line)?.[0] ?? '';
      const out: string[] = [];
      let current = leading;
      let empty = true;
      for (const word of line.slice(leading.length).split(' ')) {
        if (empty) {
          current += word;
          empty = false;
        } else if (current.length + 1 + word.length <= width) {
          current += ` ${word}`;
        } else {
          out.push(current);
          current = word;
        }
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/** Where a field path leads: the schema reached, its name and label, and its description. */
export interface FieldView {
  readonly name: string;
  readonly label: string;
  readonly schema: Schema;
  readonly description: string;
  readonly required: boolean;
}

/** The schema whose properties a field list shows (arrays show their items'). */
function fieldsHolder(schema: Schema, components: Record<string, Schema>): Schema {
  const { schema: s } = deref(schema, components);
  if (s['type'] === 'array' && isPlainObject(s['items'])) return fieldsHolder(s['items'], components);
  return s;
}

/** A field's own description (what a FIELDS entry shows), else its type's. */
function ownDescription(schema: Schema, components: Record<string, Schema>): string {
  const { schema: s, description } = deref(schema, components);
  return description ?? (typeof s['description'] === 'string' ? s['description'] : '');
}

/** What the FIELD view describes: the field's own words, then its type's, its items' or its values'. */
function fieldDescription(schema: Schema, components: Record<string, Schema>): string {
  const { schema: s, description } = deref(schema, components);
  const parts = [description ?? ''];
  if (typeof s['description'] === 'string' && s['description'] !== description) parts.push(s['description']);
  for (const inner of [s['items'], s['additionalProperties']]) {
    if (!isPlainObject(inner)) continue;
    const d = deref(inner, components).schema['description'];
    if (typeof d === 'string') parts.push(d);
  }
  return parts.filter((p) => p !== '').join('\n');
}

/** Walks `path` down from the kind's schema; throws kubectl's error for an unknown field. */
export function walkFields(root: Schema, path: readonly string[], components: Record<string, Schema>): FieldView | undefined {
  let current = root;
  let view: FieldView | undefined;
  for (const name of path) {
    const holder = fieldsHolder(current, components);
    const properties = isPlainObject(holder['properties']) ? holder['properties'] : {};
    const next = properties[name];
    if (!isPlainObject(next)) throw new Error(`field "${name}" does not exist`);
    const required = Array.isArray(holder['required']) && holder['required'].includes(name);
    view = { name, label: typeLabel(next, components), schema: next, description: fieldDescription(next, components), required };
    current = next;
  }
  return view;
}

function enumValues(schema: Schema, components: Record<string, Schema>): string[] {
  const { schema: s } = deref(schema, components);
  return Array.isArray(s['enum']) ? s['enum'].map((v) => String(v)) : [];
}

/** kubectl explain's output for a kind (and a field of it, when `path` names one). */
export function renderExplain(
  gvk: { group: string; version: string; kind: string },
  root: Schema,
  path: readonly string[],
  components: Record<string, Schema>,
): string {
  const field = walkFields(root, path, components);
  let out = gvk.group === '' ? '' : `GROUP:      ${gvk.group}\n`;
  out += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
  let target = root;
  let description = fieldDescription(root, components);
  if (field !== undefined) {
    const values = enumValues(field.schema, components);
    out += `FIELD: ${field.name} <${field.label}>\n`;
    out += values.length > 0 ? `ENUM:\n${values.map((v) => `    ${v}\n`).join('')}\n` : '\n\n';
    target = field.schema;
    description = field.description;
  }
  out += `DESCRIPTION:\n${indent(`${wordWrap(description, 76)}\n`, 4)}\n`;
  const holder = fieldsHolder(target, components);
  const properties = isPlainObject(holder['properties']) ? holder['properties'] : {};
  const required = Array.isArray(holder['required']) ? holder['required'] : [];
  const names = Object.keys(properties).sort();
  if (names.length > 0) {
    out += 'FIELDS:\n';
    for (const name of names) {
      const schema = properties[name];
      if (!isPlainObject(schema)) continue;
      const values = enumValues(schema, components);
      out += `  ${name}\t<${typeLabel(schema, components)}>${required.includes(name) ? ' -required-' : ''}\n`;
      if (values.length > 0) out += `  enum: ${values.join(', ')}\n`;
      out += `${indent(wordWrap(ownDescription(schema, components), 76), 4)}\n\n`;
    }
  }
  return `${out}\n`;
}
