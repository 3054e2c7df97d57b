/** Karmada's `ValidateClusterName`: a DNS-1123 label of at most 48 characters. */
const MAX = 48;
const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with the name (empty when valid). */
export function validateClusterName(name: string): string[] {
  if (name.length > MAX) {
    return [`must be no more than ${MAX} characters`];
  }
  if (!LABEL_RE.test(name)) {
    return [
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ];
  }
  return [];
}

/** Throws Karmada's error for an invalid name. */
export function assertClusterName(name: string): void {
  const errs = validateClusterName(name);
  if (errs.length > 0) {
    throw new Error(`invalid cluster name(${name}): ${errs.join(';')}`);
  }
}
