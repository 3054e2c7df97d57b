/** ConfigMap and Secret validation (data keys, total size, type rules, immutability). */
import { isConfigMapKey } from '../../api/selectors/name-rules.js';
import { forbidden, invalid, key, required, tooLong, type FieldError } from './field-error.js';
import { jsonEqual, objectAt, stringAt, stringMapAt, type Json } from './json-access.js';
import { validateImmutableField } from './object-meta.js';

/** core.MaxSecretSize: 1 MiB for a Secret's or ConfigMap's data. */
export const MAX_SECRET_SIZE = 1024 * 1024;

function base64Length(value: string): number {
  return Buffer.from(value, 'base64').length;
}

/** ValidateConfigMap (data and binaryData). */
export function validateConfigMapData(cm: Json): FieldError[] {
  const errs: FieldError[] = [];
  const data = stringMapAt(cm, 'data') ?? {};
  const binary = stringMapAt(cm, 'binaryData') ?? {};
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const msg of isConfigMapKey(k)) {
      errs.push(invalid(key('data', k), k, msg));
    }
    if (binary[k] !== undefined) {
      errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    }
    total += Buffer.byteLength(data[k] ?? '');
  }
  for (const k of Object.keys(binary).sort()) {
    for (const msg of isConfigMapKey(k)) {
      errs.push(invalid(key('binaryData', k), k, msg));
    }
    total += base64Length(binary[k] ?? '');
  }
  if (total > MAX_SECRET_SIZE) {
    // An empty path: the error is about the whole object.
    errs.push(tooLong('', MAX_SECRET_SIZE));
  }
  return errs;
}

/** ValidateSecret (data keys, size, and the per-type required keys). */
export function validateSecretData(secret: Json): FieldError[] {
  const errs: FieldError[] = [];
  const data = stringMapAt(secret, 'data') ?? {};
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const msg of isConfigMapKey(k)) {
      errs.push(invalid(key('data', k), k, msg));
    }
    total += base64Length(data[k] ?? '');
  }
  if (total > MAX_SECRET_SIZE) {
    errs.push(tooLong('data', MAX_SECRET_SIZE));
  }
  const annotations = stringMapAt(objectAt(secret, 'metadata'), 'annotations') ?? {};
  switch (stringAt(secret, 'type')) {
    case 'kubernetes.io/service-account-token':
      if ((annotations['kubernetes.io/service-account.name'] ?? '') === '') {
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/dockercfg':
      if (data['.dockercfg'] === undefined) {
        errs.push(required(key('data', '.dockercfg')));
      }
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (data['.dockerconfigjson'] === undefined) {
        errs.push(required(key('data', '.dockerconfigjson')));
      }
      break;
    case 'kubernetes.io/basic-auth':
      if (data['username'] === undefined && data['password'] === undefined) {
        errs.push(required(key('data', 'username')));
        errs.push(required(key('data', 'password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (data['ssh-privatekey'] === undefined) {
        errs.push(required(key('data', 'ssh-privatekey')));
      }
      break;
    case 'kubernetes.io/tls':
      if (data['tls.crt'] === undefined) {
        errs.push(required(key('data', 'tls.crt')));
      }
      if (data['tls.key'] === undefined) {
        errs.push(required(key('data', 'tls.key')));
      }
      break;
  }
  return errs;
}

/** `immutable: true` objects keep their data; the flag itself cannot be cleared. */
export function validateImmutableData(obj: Json, old: Json, fields: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  if (old['immutable'] !== true) {
    return errs;
  }
  if (obj['immutable'] !== true) {
    errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  }
  for (const field of fields) {
    if (!jsonEqual(obj[field] ?? null, old[field] ?? null)) {
      errs.push(forbidden(field, 'field is immutable when `immutable` is set'));
    }
  }
  return errs;
}

/** Secret update: type is immutable. */
export function validateSecretTypeUpdate(secret: Json, old: Json): FieldError[] {
  return validateImmutableField(stringAt(secret, 'type'), stringAt(old, 'type'), 'type');
}
