/**
 * The `policy.karmada.io/applied-overrides` / `applied-cluster-overrides` annotation value:
 * a JSON list of `{policyName, overriders}` sorted by policy name, fields in Karmada's order.
 */
import type { Overriders } from '../../api/policy/override-policy.js';

/** One applied rule. */
export interface AppliedOverride {
  readonly policyName: string;
  readonly overriders: Overriders;
}

function sortedRecord(value: Record<string, string> | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

/** Overriders with keys in Go struct order and empty lists dropped (omitempty). */
function canonicalOverriders(o: Overriders): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const plaintext = nonEmpty(o.plaintext);
  if (plaintext) out['plaintext'] = plaintext.map((p) => ({ path: p.path, operator: p.operator, ...(p.value === undefined ? {} : { value: p.value }) }));
  const image = nonEmpty(o.imageOverrider);
  if (image) {
    out['imageOverrider'] = image.map((i) => ({
      ...(i.predicate ? { predicate: { path: i.predicate.path } } : {}),
      component: i.component,
      operator: i.operator,
      ...(i.value === undefined || i.value === '' ? {} : { value: i.value }),
    }));
  }
  for (const key of ['commandOverrider', 'argsOverrider'] as const) {
    const list = nonEmpty(o[key]);
    if (list) out[key] = list.map((c) => ({ containerName: c.containerName, operator: c.operator, ...(c.value && c.value.length > 0 ? { value: c.value } : {}) }));
  }
  for (const key of ['labelsOverrider', 'annotationsOverrider'] as const) {
    const list = nonEmpty(o[key]);
    if (list) out[key] = list.map((l) => ({ operator: l.operator, ...(l.value && Object.keys(l.value).length > 0 ? { value: sortedRecord(l.value) } : {}) }));
  }
  const field = nonEmpty(o.fieldOverrider);
  if (field) {
    const ops = (list: typeof field[number]['json']) =>
      list?.map((x) => ({ subPath: x.subPath, operator: x.operator, ...(x.value === undefined ? {} : { value: x.value }) }));
    out['fieldOverrider'] = field.map((f) => ({
      fieldPath: f.fieldPath,
      ...(f.json && f.json.length > 0 ? { json: ops(f.json) } : {}),
      ...(f.yaml && f.yaml.length > 0 ? { yaml: ops(f.yaml) } : {}),
    }));
  }
  return out;
}

/** The annotation value, or undefined when nothing was applied. */
export function appliedOverridesJson(items: readonly AppliedOverride[]): string | undefined {
  if (items.length === 0) return undefined;
  const sorted = [...items].sort((a, b) => (a.policyName < b.policyName ? -1 : a.policyName > b.policyName ? 1 : 0));
  return JSON.stringify(sorted.map((i) => ({ policyName: i.policyName, overriders: canonicalOverriders(i.overriders) })));
}
