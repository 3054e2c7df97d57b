/**
 * The declarative interpreter layer: answers with the Lua scripts of
 * ResourceInterpreterCustomization objects (`customized/declarative/configurable.go`).
 * The same class serves the bundled third-party customizations under another name.
 *
 * `load` replaces the whole set (call it whenever customizations change); compiled scripts
 * stay cached in the runtime, so reloading unchanged scripts costs nothing.
 */
import type { KubeObject } from '../../api/object.js';
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import { compareDependentObjectReferences } from '../../api/config/dependent-object-reference.js';
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import { handled, NOT_HANDLED, type InterpreterLayer, type LayerResult } from '../interpreter.js';
import {
  typeKey,
  typeOf,
  type AggregatedStatusItem,
  type Component,
  type DependentObjectReference,
  type InterpretedReplicas,
  type TypeRef,
} from '../types.js';
import { mergeCustomizations, type MergedRules, type RuleScript, type SingleRuleName } from './customization-set.js';
import { LuaRuntime, type LuaRuntimeOptions } from './lua-runtime.js';
import {
  runAggregateStatus,
  runGetComponents,
  runGetDependencies,
  runGetReplicas,
  runInterpretHealth,
  runReflectStatus,
  runRetain,
  runReviseReplica,
} from './script-operations.js';

/** Options of a {@link DeclarativeInterpreter}. */
export interface DeclarativeInterpreterOptions {
  /** Layer name (default `customization`; the bundled set uses `thirdparty`). */
  readonly name?: string;
  /** A runtime to share; by default the layer makes its own with `runtimeOptions`. */
  readonly runtime?: LuaRuntime;
  readonly runtimeOptions?: LuaRuntimeOptions;
}

/** Which rule serves each operation. */
const RULE_FOR_OPERATION: Partial<Record<InterpreterOperation, SingleRuleName>> = {
  Retain: 'retention',
  InterpretReplica: 'replicaResource',
  InterpretComponent: 'componentResource',
  ReviseReplica: 'replicaRevision',
  InterpretStatus: 'statusReflection',
  AggregateStatus: 'statusAggregation',
  InterpretHealth: 'healthInterpretation',
};

/** Interprets kinds with customization scripts. */
export class DeclarativeInterpreter implements InterpreterLayer {
  readonly name: string;
  readonly runtime: LuaRuntime;
  private rules = new Map<string, MergedRules>();

  constructor(options: DeclarativeInterpreterOptions = {}) {
    this.name = options.name ?? 'customization';
    this.runtime = options.runtime ?? new LuaRuntime(options.runtimeOptions);
  }

  /** Replaces the customizations in force. */
  load(customizations: readonly ResourceInterpreterCustomization[]): void {
    this.rules = mergeCustomizations(customizations);
  }

  /** The merged rules for a kind, if any customization targets it. */
  rulesFor(target: TypeRef): MergedRules | undefined {
    return this.rules.get(typeKey(target));
  }

  /** The kinds some customization targets. */
  targets(): string[] {
    return [...this.rules.keys()];
  }

  hookEnabled(target: TypeRef, operation: InterpreterOperation): boolean {
    const rules = this.rulesFor(target);
    if (rules === undefined) return false;
    if (operation === 'InterpretDependency') return rules.dependencies.length > 0;
    const rule = RULE_FOR_OPERATION[operation];
    return rule !== undefined && (rules.single[rule]?.script ?? '') !== '';
  }

  private script(object: KubeObject, rule: SingleRuleName): RuleScript | undefined {
    const script = this.rulesFor(typeOf(object))?.single[rule];
    return script === undefined || script.script === '' ? undefined : script;
  }

  getReplicas(object: KubeObject): LayerResult<InterpretedReplicas> {
    const rule = this.script(object, 'replicaResource');
    return rule === undefined ? NOT_HANDLED : handled(runGetReplicas(this.runtime, rule.script, object, rule.chunkName));
  }

  reviseReplica(object: KubeObject, replicas: number): LayerResult<KubeObject> {
    const rule = this.script(object, 'replicaRevision');
    return rule === undefined ? NOT_HANDLED : handled(runReviseReplica(this.runtime, rule.script, object, replicas, rule.chunkName));
  }

  retain(desired: KubeObject, observed: KubeObject): LayerResult<KubeObject> {
    const rule = this.script(desired, 'retention');
    return rule === undefined ? NOT_HANDLED : handled(runRetain(this.runtime, rule.script, desired, observed, rule.chunkName));
  }

  aggregateStatus(object: KubeObject, items: readonly AggregatedStatusItem[] | undefined): LayerResult<KubeObject> {
    const rule = this.script(object, 'statusAggregation');
    return rule === undefined ? NOT_HANDLED : handled(runAggregateStatus(this.runtime, rule.script, object, items, rule.chunkName));
  }

  reflectStatus(object: KubeObject): LayerResult<unknown> {
    const rule = this.script(object, 'statusReflection');
    return rule === undefined ? NOT_HANDLED : handled(runReflectStatus(this.runtime, rule.script, object, rule.chunkName));
  }

  interpretHealth(object: KubeObject): LayerResult<boolean> {
    const rule = this.script(object, 'healthInterpretation');
    return rule === undefined ? NOT_HANDLED : handled(runInterpretHealth(this.runtime, rule.script, object, rule.chunkName));
  }

  /** Runs every dependency script for the kind; the union is deduplicated and sorted as Karmada sorts it. */
  getDependencies(object: KubeObject): LayerResult<DependentObjectReference[]> {
    const scripts = this.rulesFor(typeOf(object))?.dependencies ?? [];
    if (scripts.length === 0) return NOT_HANDLED;
    const unique = new Map<string, DependentObjectReference>();
    for (const rule of scripts) {
      for (const ref of runGetDependencies(this.runtime, rule.script, object, rule.chunkName)) unique.set(JSON.stringify(ref), ref);
    }
    return handled([...unique.values()].sort(compareDependentObjectReferences));
  }

  getComponents(object: KubeObject): LayerResult<Component[]> {
    const rule = this.script(object, 'componentResource');
    return rule === undefined ? NOT_HANDLED : handled(runGetComponents(this.runtime, rule.script, object, rule.chunkName));
  }
}
