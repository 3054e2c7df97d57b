import { docTable } from './tables.js';

/**
 * Documentation of built-in types and fields, as `kubectl explain` prints it. The table is large
 * and loaded on the first call only.
 */

/** The description of a message type, e.g. typeDoc('k8s.io.api.core.v1.PodSpec'). */
export function typeDoc(typeName: string): string | undefined {
  return docTable()[typeName]?.[''];
}

/** The description of a field by its proto (= JSON) name, e.g. fieldDoc('k8s.io.api.core.v1.PodSpec', 'containers'). */
export function fieldDoc(typeName: string, fieldName: string): string | undefined {
  if (fieldName === '') return undefined;
  return docTable()[typeName]?.[fieldName];
}
