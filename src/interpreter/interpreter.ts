/**
 * The resource interpreter: how Karmada reads replicas, requirements, status, health and
 * dependencies from any kind, and how it writes replicas and retains member-side values
 * (`pkg/resourceinterpreter/interpreter.go`).
 *
 * Several layers answer, in Karmada's order: customizations (Lua, ResourceInterpreterCustomization),
 * webhooks (ResourceInterpreterWebhookConfiguration), bundled third-party customizations, then the
 * native interpreter for built-in kinds. For each call the first layer that has a hook for the
 * object's kind and the operation answers; its errors are returned, not skipped.
 */
import type { KubeObject } from '../api/object.js';
import type { InterpreterOperation } from '../api/config/interpreter-operation.js';
import {
  InterpreterNotFoundError,
  typeOf,
  type AggregatedStatusItem,
  type Component,
  type DependentObjectReference,
  type InterpretedReplicas,
  type TypeRef,
} from './types.js';

/** A value or a promise of it: the Lua and native layers answer synchronously, webhooks do not. */
export type MaybePromise<T> = T | Promise<T>;

/** A layer's answer: either it handled the call (with the value) or the next layer should. */
export type LayerResult<T> = { readonly handled: false } | { readonly handled: true; readonly value: T };

/** The answer of a layer that has no hook for the call. */
export const NOT_HANDLED: { readonly handled: false } = Object.freeze({ handled: false });

/** The answer of a layer that handled the call. */
export function handled<T>(value: T): LayerResult<T> {
  return { handled: true, value };
}

/**
 * The operations every interpreter offers. Implementations never modify the objects they are
 * given; they return new ones.
 */
export interface ResourceInterpreter {
  /** True when some layer has a hook for this kind and operation. */
  hookEnabled(target: TypeRef, operation: InterpreterOperation): boolean;
  /** InterpretReplica: the replica count and each replica's requirements. */
  getReplicas(object: KubeObject): Promise<InterpretedReplicas>;
  /** ReviseReplica: the object with its replica count set to `replicas`. */
  reviseReplica(object: KubeObject, replicas: number): Promise<KubeObject>;
  /** Retain: `desired` with the member-owned values of `observed` kept. */
  retain(desired: KubeObject, observed: KubeObject): Promise<KubeObject>;
  /** AggregateStatus: the template with its status aggregated from the members' statuses. */
  aggregateStatus(object: KubeObject, items: readonly AggregatedStatusItem[]): Promise<KubeObject>;
  /** InterpretStatus: the status to record for a member object; `undefined` when there is none. */
  reflectStatus(object: KubeObject): Promise<unknown>;
  /** InterpretHealth: whether the member object is healthy. */
  interpretHealth(object: KubeObject): Promise<boolean>;
  /** InterpretDependency: the objects this one needs in the same clusters. */
  getDependencies(object: KubeObject): Promise<DependentObjectReference[]>;
  /** InterpretComponent: the pod templates of a multi-template workload, with replicas and requirements. */
  getComponents(object: KubeObject): Promise<Component[]>;
}

/** One layer of the interpreter. Each method says whether it handled the call. */
export interface InterpreterLayer {
  /** For messages: `customization`, `webhook`, `thirdparty`, `native`. */
  readonly name: string;
  hookEnabled(target: TypeRef, operation: InterpreterOperation): boolean;
  getReplicas(object: KubeObject): MaybePromise<LayerResult<InterpretedReplicas>>;
  reviseReplica(object: KubeObject, replicas: number): MaybePromise<LayerResult<KubeObject>>;
  retain(desired: KubeObject, observed: KubeObject): MaybePromise<LayerResult<KubeObject>>;
  /** `items` is undefined when no member reported (Karmada's nil list; Lua scripts see nil). */
  aggregateStatus(object: KubeObject, items: readonly AggregatedStatusItem[] | undefined): MaybePromise<LayerResult<KubeObject>>;
  reflectStatus(object: KubeObject): MaybePromise<LayerResult<unknown>>;
  interpretHealth(object: KubeObject): MaybePromise<LayerResult<boolean>>;
  getDependencies(object: KubeObject): MaybePromise<LayerResult<DependentObjectReference[]>>;
  getComponents(object: KubeObject): MaybePromise<LayerResult<Component[]>>;
}

/** The layers of a {@link LayeredInterpreter}; any may be left out. */
export interface InterpreterLayers {
  /** ResourceInterpreterCustomization objects (Lua). */
  readonly customization?: InterpreterLayer;
  /** ResourceInterpreterWebhookConfiguration objects (HTTPS calls). */
  readonly webhook?: InterpreterLayer;
  /** The third-party customizations shipped with the product (Lua). */
  readonly thirdParty?: InterpreterLayer;
  /** Built-in rules for Kubernetes kinds. */
  readonly native?: InterpreterLayer;
}

/** Asks each layer in Karmada's order; the first one that handles the call answers. */
export class LayeredInterpreter implements ResourceInterpreter {
  /** The layers in the order they are asked. */
  readonly layers: readonly InterpreterLayer[];

  constructor(layers: InterpreterLayers) {
    this.layers = [layers.customization, layers.webhook, layers.thirdParty, layers.native].filter(
      (layer): layer is InterpreterLayer => layer !== undefined,
    );
  }

  hookEnabled(target: TypeRef, operation: InterpreterOperation): boolean {
    return this.layers.some((layer) => layer.hookEnabled(target, operation));
  }

  /** The name of the layer that would answer, or undefined; for messages and `karmadactl interpret`. */
  answeringLayer(target: TypeRef, operation: InterpreterOperation): string | undefined {
    return this.layers.find((layer) => layer.hookEnabled(target, operation))?.name;
  }

  getReplicas(object: KubeObject): Promise<InterpretedReplicas> {
    return this.ask('InterpretReplica', object, (layer) => layer.getReplicas(object));
  }

  reviseReplica(object: KubeObject, replicas: number): Promise<KubeObject> {
    return this.ask('ReviseReplica', object, (layer) => layer.reviseReplica(object, replicas));
  }

  retain(desired: KubeObject, observed: KubeObject): Promise<KubeObject> {
    return this.ask('Retain', desired, (layer) => layer.retain(desired, observed));
  }

  aggregateStatus(object: KubeObject, items: readonly AggregatedStatusItem[]): Promise<KubeObject> {
    // A binding stores no list when no member reported (omitempty), so scripts see nil, not {}.
    const reported = items.length === 0 ? undefined : items;
    return this.ask('AggregateStatus', object, (layer) => layer.aggregateStatus(object, reported));
  }

  reflectStatus(object: KubeObject): Promise<unknown> {
    return this.ask('InterpretStatus', object, (layer) => layer.reflectStatus(object));
  }

  interpretHealth(object: KubeObject): Promise<boolean> {
    return this.ask('InterpretHealth', object, (layer) => layer.interpretHealth(object));
  }

  getDependencies(object: KubeObject): Promise<DependentObjectReference[]> {
    return this.ask('InterpretDependency', object, (layer) => layer.getDependencies(object));
  }

  getComponents(object: KubeObject): Promise<Component[]> {
    return this.ask('InterpretComponent', object, (layer) => layer.getComponents(object));
  }

  private async ask<T>(
    operation: InterpreterOperation,
    object: KubeObject,
    call: (layer: InterpreterLayer) => MaybePromise<LayerResult<T>>,
  ): Promise<T> {
    for (const layer of this.layers) {
      const result = await call(layer);
      if (result.handled) return result.value;
    }
    throw new InterpreterNotFoundError(operation, typeOf(object));
  }
}
