/**
 * ObjectMeta, label, annotation and label selector validation
 * (apimachinery api/validation/objectmeta.go and apis/meta/v1/validation).
 */
import { isPlainObject } from '../../api/object.js';
import { isLabelValue, isQualifiedName, nameIsDNSLabel, type NameValidator } from '../../api/selectors/name-rules.js';
import { child, forbidden, index, invalid, required, tooLong, type FieldError } from './field-error.js';
import { jsonEqual, listAt, objectAt, stringAt, stringMapAt, type Json } from './json-access.js';

/** Total size (keys + values) all annotations may have. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** The message ValidateImmutableField uses. */
export const FIELD_IMMUTABLE = 'field is immutable';

/** ValidateImmutableField: `path: Invalid value: <new>: field is immutable` when values differ. */
export function validateImmutableField(newValue: unknown, oldValue: unknown, path: string): FieldError[] {
  return jsonEqual(newValue, oldValue) ? [] : [invalid(path, newValue ?? null, FIELD_IMMUTABLE)];
}

/** ValidateNonnegativeField. */
export function validateNonnegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** Label keys must be qualified names; values at most 63 characters of the label alphabet. Keys sorted for a stable order. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    for (const msg of isQualifiedName(k)) {
      errs.push(invalid(path, k, msg));
    }
    for (const msg of isLabelValue(labels?.[k] ?? '')) {
      errs.push(invalid(path, labels?.[k] ?? '', msg));
    }
  }
  return errs;
}

/** Annotation keys are qualified names (case-insensitive); total size limited to 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) {
      errs.push(invalid(path, k, msg));
    }
    total += Buffer.byteLength(k) + Buffer.byteLength(annotations?.[k] ?? '');
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  }
  return errs;
}

function validateOwnerReferences(refs: Json[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let controllerName = '';
  for (const ref of refs) {
    const apiVersion = stringAt(ref, 'apiVersion');
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (version === '') {
      errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    }
    if (stringAt(ref, 'kind') === '') {
      errs.push(invalid(child(path, 'kind'), stringAt(ref, 'kind'), 'must not be empty'));
    }
    if (stringAt(ref, 'name') === '') {
      errs.push(invalid(child(path, 'name'), stringAt(ref, 'name'), 'must not be empty'));
    }
    if (stringAt(ref, 'uid') === '') {
      errs.push(invalid(child(path, 'uid'), stringAt(ref, 'uid'), 'must not be empty'));
    }
    if (ref['controller'] === true) {
      const current = `${stringAt(ref, 'kind')}/${stringAt(ref, 'name')}`;
      if (controllerName !== '') {
        errs.push(
          invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllerName} and ${current}`),
        );
      } else {
        controllerName = current;
      }
    }
  }
  return errs;
}

function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) {
    return errs;
  }
  finalizers.forEach((f) => {
    if (typeof f === 'string') {
      for (const msg of isQualifiedName(f)) {
        errs.push(invalid(path, f, msg));
      }
    }
  });
  return errs;
}

/**
 * ValidateObjectMeta: name (or generateName) by the kind's rule, namespace required or
 * forbidden, generation non-negative, labels, annotations, owner references, finalizers.
 */
export function validateObjectMeta(meta: unknown, requiresNamespace: boolean, nameFn: NameValidator, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = stringAt(meta, 'generateName');
  if (generateName !== '') {
    for (const msg of nameFn(generateName, true)) {
      errs.push(invalid(child(path, 'generateName'), generateName, msg));
    }
  }
  const name = stringAt(meta, 'name');
  if (name === '') {
    errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) {
      errs.push(invalid(child(path, 'name'), name, msg));
    }
  }
  const namespace = stringAt(meta, 'namespace');
  if (requiresNamespace) {
    if (namespace === '') {
      errs.push(required(child(path, 'namespace')));
    } else {
      for (const msg of nameIsDNSLabel(namespace, false)) {
        errs.push(invalid(child(path, 'namespace'), namespace, msg));
      }
    }
  } else if (namespace !== '') {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  const generation = isPlainObject(meta) && typeof meta['generation'] === 'number' ? meta['generation'] : undefined;
  errs.push(...validateNonnegative(generation, child(path, 'generation')));
  errs.push(...validateLabels(stringMapAt(meta, 'labels'), child(path, 'labels')));
  errs.push(...validateAnnotations(stringMapAt(meta, 'annotations'), child(path, 'annotations')));
  errs.push(...validateOwnerReferences(listAt(meta, 'ownerReferences'), child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(isPlainObject(meta) ? meta['finalizers'] : undefined, child(path, 'finalizers')));
  return errs;
}

/** ValidateObjectMetaUpdate: identity fields immutable, generation not decremented, labels/annotations valid. */
export function validateObjectMetaUpdate(meta: unknown, oldMeta: unknown, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const get = (m: unknown, k: string): unknown => (isPlainObject(m) ? m[k] : undefined);
  const newGen = get(meta, 'generation');
  const oldGen = get(oldMeta, 'generation');
  if (typeof newGen === 'number' && typeof oldGen === 'number' && newGen < oldGen) {
    errs.push(invalid(child(path, 'generation'), newGen, 'must not be decremented'));
  }
  for (const field of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    const isString = field !== 'deletionGracePeriodSeconds';
    const norm = (v: unknown): unknown => (v === undefined || v === null ? (isString ? '' : null) : v);
    errs.push(...validateImmutableField(norm(get(meta, field)), norm(get(oldMeta, field)), child(path, field)));
  }
  errs.push(...validateLabels(stringMapAt(meta, 'labels'), child(path, 'labels')));
  errs.push(...validateAnnotations(stringMapAt(meta, 'annotations'), child(path, 'annotations')));
  errs.push(...validateOwnerReferences(listAt(meta, 'ownerReferences'), child(path, 'ownerReferences')));
  return errs;
}

/** metav1 ValidateLabelSelector (strict: label values in expressions must be valid). */
export function validateLabelSelector(selector: Json | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (selector === undefined) {
    return errs;
  }
  errs.push(...validateLabels(stringMapAt(selector, 'matchLabels'), child(path, 'matchLabels')));
  listAt(selector, 'matchExpressions').forEach((expr, i) => {
    const exprPath = index(child(path, 'matchExpressions'), i);
    const values = Array.isArray(expr['values']) ? expr['values'].filter((v): v is string => typeof v === 'string') : [];
    const operator = stringAt(expr, 'operator');
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errs.push(required(child(exprPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(forbidden(child(exprPath, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      default:
        errs.push(invalid(child(exprPath, 'operator'), operator, 'not a valid selector operator'));
    }
    const key = stringAt(expr, 'key');
    for (const msg of isQualifiedName(key)) {
      errs.push(invalid(child(exprPath, 'key'), key, msg));
    }
    values.forEach((v, vi) => {
      for (const msg of isLabelValue(v)) {
        errs.push(invalid(index(child(exprPath, 'values'), vi), v, msg));
      }
    });
  });
  return errs;
}

/** Reads `spec.selector`-like fields as a selector object. */
export function selectorAt(parent: unknown, key: string): Json | undefined {
  return objectAt(parent, key);
}
