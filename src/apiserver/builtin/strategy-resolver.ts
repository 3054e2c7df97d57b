import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { StrategyResolver } from '../registry/object-registry.js';
import type { AdmissionPlugin, ResourceStrategy, WriteContext } from '../registry/strategy.js';
import type { FieldError } from '../status-error.js';
import { validateAgainstSchema } from '../crd/crd-validator.js';
import { applyDefaults } from '../crd/structural-schema.js';

/** Defaulting and validation shared by every built-in kind (the defaults and validation modules). */
export interface BuiltinRules {
  defaults(info: ResourceInfo, object: KubeObject): void;
  validate(info: ResourceInfo, object: KubeObject, old: KubeObject | undefined): readonly FieldError[];
  /** Create-time preparation (initial status, allocations); allocation failures are returned as field errors. */
  prepareForCreate?(info: ResourceInfo, object: KubeObject): readonly FieldError[];
  prepareForUpdate?(info: ResourceInfo, object: KubeObject, old: KubeObject): void;
}

/**
 * Strategy per resource: a kind-specific strategy (namespaces, CRDs, ...) layered over the shared
 * built-in defaulting and validation; admission plugins (Karmada's webhook rules) by resource.
 */
export class BuiltinStrategyResolver implements StrategyResolver {
  private readonly cache = new Map<string, ResourceStrategy>();
  private readonly plugins: AdmissionPlugin[] = [];

  constructor(
    private readonly rules: BuiltinRules,
    private readonly special: ReadonlyMap<string, ResourceStrategy>,
    /** The openAPIV3Schema of a custom resource's version, when its CRD has one. */
    private readonly schemaOf: (info: ResourceInfo) => Readonly<Record<string, unknown>> | undefined = () => undefined,
  ) {}

  /** Drops cached strategies (the catalog changed, e.g. a CRD schema was updated). */
  forget(): void {
    this.cache.clear();
  }

  addAdmission(plugin: AdmissionPlugin): void {
    this.plugins.push(plugin);
  }

  strategy(info: ResourceInfo): ResourceStrategy {
    const key = `${info.group}/${info.version}/${info.resource}`;
    let strategy = this.cache.get(key);
    if (strategy === undefined) {
      strategy = this.compose(info, this.special.get(`${info.group}/${info.resource}`));
      this.cache.set(key, strategy);
    }
    return strategy;
  }

  admission(info: ResourceInfo): readonly AdmissionPlugin[] {
    return this.plugins.filter((p) => p.handles(info));
  }

  private compose(info: ResourceInfo, special: ResourceStrategy | undefined): ResourceStrategy {
    const rules = this.rules;
    if (!info.builtin) {
      const schema = this.schemaOf(info);
      if (schema === undefined) {
        return special ?? {};
      }
      const structural = { ...schema };
      return {
        ...special,
        defaults(object: KubeObject) {
          applyDefaults(object, structural);
        },
        validate(object: KubeObject, ctx: WriteContext) {
          return [...validateAgainstSchema(object, structural), ...(special?.validate?.(object, ctx) ?? [])];
        },
      };
    }
    const allocationErrors = new WeakMap<KubeObject, readonly FieldError[]>();
    return {
      ...special,
      defaults(object: KubeObject, ctx: WriteContext) {
        rules.defaults(info, object);
        special?.defaults?.(object, ctx);
      },
      async prepareForCreate(object: KubeObject, ctx: WriteContext) {
        const errors = rules.prepareForCreate?.(info, object) ?? [];
        if (errors.length > 0) {
          allocationErrors.set(object, errors);
        }
        await special?.prepareForCreate?.(object, ctx);
      },
      prepareForUpdate(object: KubeObject, old: KubeObject, ctx: WriteContext) {
        rules.prepareForUpdate?.(info, object, old);
        special?.prepareForUpdate?.(object, old, ctx);
      },
      validate(object: KubeObject, ctx: WriteContext) {
        return [...(allocationErrors.get(object) ?? []), ...rules.validate(info, object, ctx.oldObject), ...(special?.validate?.(object, ctx) ?? [])];
      },
    };
  }
}
