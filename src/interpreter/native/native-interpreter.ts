/**
 * The native interpreter layer: Karmada's built-in rules for Kubernetes kinds
 * (`pkg/resourceinterpreter/default/native`). It answers only for the kinds each operation
 * knows, except InterpretStatus, which reflects the whole status of any other kind.
 */
import type { KubeObject } from '../../api/object.js';
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import { handled, NOT_HANDLED, type InterpreterLayer, type LayerResult } from '../interpreter.js';
import { typeKey, typeOf, type AggregatedStatusItem, type Component, type DependentObjectReference, type InterpretedReplicas, type TypeRef } from '../types.js';
import { AGGREGATE_STATUS_HANDLERS } from './aggregate-status.js';
import { DEPENDENCIES_HANDLERS } from './dependencies.js';
import { HEALTH_HANDLERS } from './health.js';
import { REFLECT_STATUS_HANDLERS, reflectWholeStatus } from './reflect-status.js';
import { REPLICA_HANDLERS, REVISE_REPLICA_HANDLERS } from './replica.js';
import { RETAIN_HANDLERS } from './retain.js';

/** Options of the native layer. */
export interface NativeInterpreterOptions {
  /** Clock for the times written into aggregated Job conditions; defaults to the system clock. */
  readonly now?: () => Date;
}

const HANDLERS_BY_OPERATION: Partial<Record<InterpreterOperation, ReadonlyMap<string, unknown>>> = {
  InterpretReplica: REPLICA_HANDLERS,
  ReviseReplica: REVISE_REPLICA_HANDLERS,
  Retain: RETAIN_HANDLERS,
  AggregateStatus: AGGREGATE_STATUS_HANDLERS,
  InterpretHealth: HEALTH_HANDLERS,
  InterpretDependency: DEPENDENCIES_HANDLERS,
};

/** Karmada's built-in interpreter for Kubernetes kinds. */
export class NativeInterpreter implements InterpreterLayer {
  readonly name = 'native';
  private readonly now: () => Date;

  constructor(options: NativeInterpreterOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  hookEnabled(target: TypeRef, operation: InterpreterOperation): boolean {
    if (operation === 'InterpretStatus') return true;
    return HANDLERS_BY_OPERATION[operation]?.has(typeKey(target)) ?? false;
  }

  getReplicas(object: KubeObject): LayerResult<InterpretedReplicas> {
    const handler = REPLICA_HANDLERS.get(typeKey(typeOf(object)));
    return handler === undefined ? NOT_HANDLED : handled(handler(object));
  }

  reviseReplica(object: KubeObject, replicas: number): LayerResult<KubeObject> {
    const handler = REVISE_REPLICA_HANDLERS.get(typeKey(typeOf(object)));
    return handler === undefined ? NOT_HANDLED : handled(handler(object, replicas));
  }

  retain(desired: KubeObject, observed: KubeObject): LayerResult<KubeObject> {
    const handler = RETAIN_HANDLERS.get(typeKey(typeOf(desired)));
    return handler === undefined ? NOT_HANDLED : handled(handler(desired, observed));
  }

  aggregateStatus(object: KubeObject, items: readonly AggregatedStatusItem[] | undefined): LayerResult<KubeObject> {
    const handler = AGGREGATE_STATUS_HANDLERS.get(typeKey(typeOf(object)));
    return handler === undefined ? NOT_HANDLED : handled(handler(object, items ?? [], this.now));
  }

  reflectStatus(object: KubeObject): LayerResult<unknown> {
    const handler = REFLECT_STATUS_HANDLERS.get(typeKey(typeOf(object))) ?? reflectWholeStatus;
    return handled(handler(object));
  }

  interpretHealth(object: KubeObject): LayerResult<boolean> {
    const handler = HEALTH_HANDLERS.get(typeKey(typeOf(object)));
    return handler === undefined ? NOT_HANDLED : handled(handler(object));
  }

  getDependencies(object: KubeObject): LayerResult<DependentObjectReference[]> {
    const handler = DEPENDENCIES_HANDLERS.get(typeKey(typeOf(object)));
    return handler === undefined ? NOT_HANDLED : handled(handler(object));
  }

  /** Karmada has no native component interpreter ("no plan yet"). */
  getComponents(_object: KubeObject): LayerResult<Component[]> {
    return NOT_HANDLED;
  }
}
