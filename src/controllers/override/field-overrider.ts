/**
 * fieldOverrider: patches a JSON or YAML document held in a string field (e.g. a ConfigMap
 * data entry) with JSON patch operations on the parsed document, then writes it back.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import type { FieldOverrider, FieldPatchOperation } from '../../api/policy/override-policy.js';
import { applyJsonPatch, getAtPointer, type PatchOperation } from './json-patch.js';

function toOperations(ops: readonly FieldPatchOperation[]): PatchOperation[] {
  return ops.map((o) => ({ op: o.operator, path: o.subPath, ...(o.operator === 'remove' ? {} : { value: o.value }) }));
}

/** The embedded document after the overrider's operations (YAML wins when both are given, as in Karmada). */
export function overrideEmbedded(raw: string, overrider: FieldOverrider): string {
  if (overrider.yaml !== undefined && overrider.yaml.length > 0) {
    const doc: unknown = parseYaml(raw);
    const patched = applyJsonPatch(doc ?? null, toOperations(overrider.yaml));
    // sigs.k8s.io/yaml writes sorted keys and does not indent sequences under their key.
    return stringifyYaml(patched, { sortMapEntries: true, indentSeq: false });
  }
  if (overrider.json !== undefined && overrider.json.length > 0) {
    const doc: unknown = JSON.parse(raw);
    return JSON.stringify(applyJsonPatch(doc, toOperations(overrider.json)));
  }
  return raw;
}

/** Applies field overriders in order. */
export function applyFieldOverriders(obj: KubeObject, overriders: readonly FieldOverrider[] | undefined): KubeObject {
  let current = obj;
  for (const overrider of overriders ?? []) {
    const value = getAtPointer(current, overrider.fieldPath);
    if (typeof value !== 'string') {
      throw new Error(`Get object's value by overrider's path(${overrider.fieldPath}) is not string`);
    }
    current = applyJsonPatch(current, [{ op: 'replace', path: overrider.fieldPath, value: overrideEmbedded(value, overrider) }]);
  }
  return current;
}
