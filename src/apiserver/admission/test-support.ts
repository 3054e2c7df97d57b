/** Helpers for the admission tests: run a rule as the registry would. */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { KARMADA_RESOURCES } from '../../api/catalog/karmada-resources.js';
import type { WriteContext } from '../registry/strategy.js';
import type { FieldError } from '../status-error.js';
import { admissionPlugin, type KarmadaAdmissionRule } from './admission-plugin.js';

/** The served ResourceInfo of a Karmada kind (preferred version). */
export function karmadaInfo(kind: string): ResourceInfo {
  const info = KARMADA_RESOURCES.find((r) => r.kind === kind);
  if (info === undefined) throw new Error(`no Karmada kind ${kind}`);
  return info;
}

/** What one admission pass produced: the mutated object and the 422 causes. */
export interface Admitted {
  readonly object: KubeObject;
  readonly errors: readonly FieldError[];
}

/** Runs mutate then validate of `rule` on a copy of `object`, as a CREATE (or an UPDATE when `old` is given). */
export async function admit(rule: KarmadaAdmissionRule, kind: string, object: KubeObject, old?: KubeObject): Promise<Admitted> {
  const info = karmadaInfo(kind);
  const copy = structuredClone(object);
  const ctx: WriteContext = {
    operation: old === undefined ? 'CREATE' : 'UPDATE',
    info,
    namespace: info.namespaced ? (copy.metadata.namespace ?? 'default') : '',
    subresource: '',
    dryRun: false,
    user: 'test',
    oldObject: old,
  };
  const plugin = admissionPlugin(rule);
  if (!plugin.handles(info)) throw new Error(`${rule.name} does not handle ${kind}`);
  await plugin.mutate?.(copy, ctx);
  const errors = (await plugin.validate?.(copy, ctx)) ?? [];
  return { object: copy, errors };
}

/** `field: detail` lines, as the 422 message lists them. */
export function messages(errors: readonly FieldError[]): string[] {
  return errors.map((e) => (e.field === '' ? e.detail : `${e.field}: ${e.detail}`));
}
