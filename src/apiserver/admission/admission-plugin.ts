/**
 * The adapter between Karmada's webhook rules and the registry's admission chain: a rule names the
 * resources its webhook is registered for and returns field errors in kube's wording; the adapter
 * skips what Karmada's webhook configurations do not see (subresource writes, deletes) and turns
 * the errors into the registry's 422 causes.
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { AdmissionPlugin, WriteContext } from '../registry/strategy.js';
import type { FieldError as StatusFieldError } from '../status-error.js';
import type { FieldError } from '../validation/field-error.js';

/** One Karmada webhook (mutating and/or validating) for a set of `group/resource`s. */
export interface KarmadaAdmissionRule {
  readonly name: string;
  /** `group/resource`, e.g. `policy.karmada.io/propagationpolicies`. */
  readonly resources: readonly string[];
  mutate?(object: KubeObject, ctx: WriteContext): void | Promise<void>;
  validate?(object: KubeObject, ctx: WriteContext): readonly FieldError[] | Promise<readonly FieldError[]>;
}

/** The registry's cause form: `detail` is the whole text after `field: `. */
export function toStatusFieldErrors(errors: readonly FieldError[]): StatusFieldError[] {
  const seen = new Set<string>();
  const out: StatusFieldError[] = [];
  for (const e of errors) {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: e.type, field: e.field, detail: e.message });
  }
  return out;
}

/** Karmada's webhooks are registered for CREATE and UPDATE of the main resource only. */
function applies(ctx: WriteContext): boolean {
  return ctx.operation !== 'DELETE' && ctx.subresource === '';
}

/** Wraps a rule as an admission plugin. */
export function admissionPlugin(rule: KarmadaAdmissionRule): AdmissionPlugin {
  const resources = new Set(rule.resources);
  const plugin: { -readonly [K in keyof AdmissionPlugin]: AdmissionPlugin[K] } = {
    name: rule.name,
    handles: (info: ResourceInfo) => resources.has(`${info.group}/${info.resource}`),
  };
  const { mutate, validate } = rule;
  if (mutate !== undefined) {
    plugin.mutate = async (object, ctx) => {
      if (applies(ctx)) await mutate.call(rule, object, ctx);
    };
  }
  if (validate !== undefined) {
    plugin.validate = async (object, ctx) => (applies(ctx) ? toStatusFieldErrors(await validate.call(rule, object, ctx)) : []);
  }
  return plugin;
}
