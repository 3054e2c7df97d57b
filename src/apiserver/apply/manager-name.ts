/**
 * The field manager a write is recorded under: the `fieldManager` query parameter, or (for
 * non-apply writes without one) the user agent up to its first `/`, as kube-apiserver derives
 * `kubectl` from `kubectl/v1.32.5 (linux/amd64) kubernetes/...`.
 */
import { invalid, type StatusError } from '../status-error.js';

/** kube's FieldManagerMaxLength. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

function isPrintable(char: string): boolean {
  return char === ' ' || !(NON_PRINTABLE.test(char) || /\s/u.test(char));
}

/** The user agent's prefix before the first `/`, without unprintable characters, at most 128 bytes. */
export function managerFromUserAgent(userAgent: string): string {
  const prefix = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const char of prefix) {
    if (!isPrintable(char)) continue;
    const size = Buffer.byteLength(char);
    if (bytes + size > FIELD_MANAGER_MAX_LENGTH) break;
    out += char;
    bytes += size;
  }
  return out;
}

/** kube's ValidateFieldManager, as a 422 on the request's options kind (CreateOptions, PatchOptions, ...). */
export function validateFieldManager(manager: string, optionsKind: string): StatusError | undefined {
  const errors: { type: string; field: string; detail: string }[] = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
    errors.push({ type: 'FieldValueTooLong', field: 'fieldManager', detail: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
  }
  let position = 0;
  for (const char of manager) {
    if (!isPrintable(char)) {
      const code = char.codePointAt(0) ?? 0;
      errors.push({
        type: 'FieldValueInvalid',
        field: 'fieldManager',
        detail: `Invalid value: ${JSON.stringify(manager)}: invalid character U+${code.toString(16).toUpperCase().padStart(4, '0')} (at position ${position})`,
      });
    }
    position += Buffer.byteLength(char);
  }
  return errors.length === 0 ? undefined : invalid(optionsKind, 'meta.k8s.io', '', errors);
}

/** The 422 for an apply without fieldManager. */
export function fieldManagerRequired(): StatusError {
  return invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'Required value: is required for apply patch' }]);
}
