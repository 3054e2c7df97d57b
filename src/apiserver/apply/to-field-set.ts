/**
 * The set of fields a value sets (structured-merge-diff's ToFieldSet): what an applier owns.
 * Scalars and atomic values are members; list items and map entries are members along with
 * their children; named struct fields are members only when null or an empty object.
 */
import { isPlainObject } from '../../api/object.js';
import { childType, isNamedField, resolveType, type FieldType, type ListType } from './field-type.js';
import { fieldElement, listItemElement, missingKey } from './path-element.js';
import { LEAF, withMember, type FieldSet } from './field-set.js';

/** An applied configuration that cannot be typed (a list item without its key, duplicates). */
export class FieldSetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'FieldSetError';
  }
}

/** The fields `value` (an object) sets; throws FieldSetError when a list cannot be keyed. */
export function toFieldSet(value: Record<string, unknown>, type: FieldType): FieldSet {
  return objectContent(value, type, '') ?? {};
}

function content(value: unknown, type: FieldType, path: string): FieldSet | undefined {
  const resolved = resolveType(type, value);
  if (value === null) return LEAF;
  switch (resolved.kind) {
    case 'struct':
    case 'map':
      return objectContent(value as Record<string, unknown>, resolved, path);
    case 'list':
      return listContent(value as unknown[], resolved, path);
    default:
      return LEAF;
  }
}

function objectContent(value: Record<string, unknown>, type: FieldType, path: string): FieldSet | undefined {
  let out: FieldSet | undefined;
  for (const name in value) {
    const child = value[name];
    if (child === undefined) continue;
    const named = isNamedField(type, name);
    const childPath = `${path}.${name}`;
    let node = content(child, childType(type, name), childPath);
    if (!named || child === null || (isPlainObject(child) && isEmptyObject(child))) {
      node = withMember(node);
    }
    if (node !== undefined) {
      out ??= {};
      out[fieldElement(name)] = node;
    }
  }
  return out;
}

function isEmptyObject(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}

function listContent(items: unknown[], type: ListType, path: string): FieldSet | undefined {
  let out: FieldSet | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const element = listItemElement(item, type);
    if (element === undefined) {
      const key = missingKey(item, type);
      throw new FieldSetError(
        path,
        key === undefined
          ? `element ${i}: associative list without keys has an element that's a map type`
          : `element ${i}: associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`,
      );
    }
    out ??= {};
    if (Object.hasOwn(out, element)) {
      throw new FieldSetError(path, `duplicate entries for key ${element.slice(2)}`);
    }
    out[element] = withMember(content(item, type.elem, path));
  }
  return out;
}
