/**
 * Work-queue keys for templates: apiVersion, kind, namespace and name in one string.
 */

/** A template's identity. */
export interface TemplateKey {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

const SEP = '|';

/** Encodes a key (names never contain `|`). */
export function encodeTemplateKey(k: TemplateKey): string {
  return [k.apiVersion, k.kind, k.namespace, k.name].join(SEP);
}

/** Decodes a key made by encodeTemplateKey. */
export function decodeTemplateKey(key: string): TemplateKey {
  const [apiVersion = '', kind = '', namespace = '', name = ''] = key.split(SEP);
  return { apiVersion, kind, namespace, name };
}

/** `apiVersion|kind`, the key of a resource type. */
export function typeKeyOf(apiVersion: string, kind: string): string {
  return `${apiVersion}${SEP}${kind}`;
}
