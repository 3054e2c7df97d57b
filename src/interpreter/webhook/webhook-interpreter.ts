/**
 * The webhook layer of the interpreter (`customized/webhook/customized.go`): for a kind and an
 * operation, the first hook (by `<configuration>/<hook>` name) whose rules match is called over
 * HTTPS with a ResourceInterpreterContext. Replica counts, requirements, health, status and
 * dependencies come back as fields; revised, retained and aggregated objects come back as JSON
 * patches applied to the object sent. Any failure (connection, timeout, unsuccessful answer,
 * bad patch) fails the operation; Karmada has no failure policy for these hooks.
 *
 * `load` replaces the configurations in force (the live loader calls it on every change).
 */
import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:https';
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { applyJsonPatch } from '../../apiserver/patch/json-patch.js';
import type { JsonValue } from '../../apiserver/patch/json-value.js';
import { handled, NOT_HANDLED, type InterpreterLayer, type LayerResult } from '../interpreter.js';
import { typeOf, type AggregatedStatusItem, type Component, type DependentObjectReference, type InterpretedReplicas, type TypeRef } from '../types.js';
import { createInterpreterContext, verifyInterpreterContext, type InterpreterAttributes, type ResponseAttributes } from './interpreter-context.js';
import { anyRuleMatches } from './rule-matcher.js';
import { DEFAULT_WEBHOOK_TIMEOUT_SECONDS, type ResourceInterpreterWebhook, type ResourceInterpreterWebhookConfiguration } from './webhook-configuration.js';
import { resolveEndpoint, type ServiceLookup } from './webhook-endpoint.js';
import { postJson, webhookAgent, type WebhookPost } from './webhook-post.js';

/** Options of a {@link WebhookInterpreter}. */
export interface WebhookInterpreterOptions {
  /** Finds Services for hooks configured with `clientConfig.service` (default: none exist). */
  readonly services?: ServiceLookup;
  /** Sends one request (default: HTTPS with node:https). */
  readonly post?: WebhookPost;
  /** Request ids (default: random UUIDs). */
  readonly newUid?: () => string;
}

/** A hook of a configuration, with the agent its calls reuse. */
interface HookAccessor {
  /** `<configuration>/<hook>`: the order hooks are tried in, and the name in errors. */
  readonly uid: string;
  readonly hook: ResourceInterpreterWebhook;
  /** The configuration that keeps the agent valid (CA bundle). */
  readonly agentKey: string;
  agent?: Agent;
}

/** A failed hook call, worded as Karmada's (`Internal error occurred: failed calling webhook ...`). */
export class WebhookCallError extends Error {
  constructor(
    readonly webhook: string,
    readonly reason: string,
  ) {
    super(`Internal error occurred: failed calling webhook "${webhook}": ${reason}`);
    this.name = 'WebhookCallError';
  }
}

/** Answers operations by calling interpreter webhooks. */
export class WebhookInterpreter implements InterpreterLayer {
  readonly name = 'webhook';
  private hooks: HookAccessor[] = [];
  private readonly services: ServiceLookup | undefined;
  private readonly post: WebhookPost;
  private readonly newUid: () => string;

  constructor(options: WebhookInterpreterOptions = {}) {
    this.services = options.services;
    this.post = options.post ?? postJson;
    this.newUid = options.newUid ?? randomUUID;
  }

  /** Replaces the configurations in force; agents of unchanged hooks are kept. */
  load(configurations: readonly ResourceInterpreterWebhookConfiguration[]): void {
    const previous = new Map(this.hooks.map((h) => [h.uid, h]));
    const next: HookAccessor[] = [];
    for (const configuration of configurations) {
      for (const hook of configuration.webhooks ?? []) {
        const uid = `${configuration.metadata.name ?? ''}/${hook.name}`;
        const agentKey = hook.clientConfig?.caBundle ?? '';
        const old = previous.get(uid);
        const accessor: HookAccessor = { uid, hook, agentKey };
        if (old !== undefined && old.agentKey === agentKey && old.agent !== undefined) {
          accessor.agent = old.agent;
          previous.delete(uid);
        }
        next.push(accessor);
      }
    }
    // Karmada calls the first matching hook in the order of their uids.
    next.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    this.hooks = next;
    for (const gone of previous.values()) {
      if (gone.agent !== undefined && !next.some((h) => h.agent === gone.agent)) gone.agent.destroy();
    }
  }

  /** The names (`<configuration>/<hook>`) of the hooks in force, in the order they are tried. */
  hookNames(): string[] {
    return this.hooks.map((h) => h.uid);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    for (const accessor of this.hooks) accessor.agent?.destroy();
  }

  hookEnabled(target: TypeRef, operation: InterpreterOperation): boolean {
    return this.firstHook(target, operation) !== undefined;
  }

  async getReplicas(object: KubeObject): Promise<LayerResult<InterpretedReplicas>> {
    const response = await this.interpret({ operation: 'InterpretReplica', object });
    if (response === undefined) return NOT_HANDLED;
    return handled({
      replicas: response.replicas ?? 0,
      ...(response.replicaRequirements === undefined ? {} : { requirements: response.replicaRequirements }),
    });
  }

  async reviseReplica(object: KubeObject, replicas: number): Promise<LayerResult<KubeObject>> {
    return this.patched({ operation: 'ReviseReplica', object, replicas });
  }

  async retain(desired: KubeObject, observed: KubeObject): Promise<LayerResult<KubeObject>> {
    return this.patched({ operation: 'Retain', object: desired, observed });
  }

  async aggregateStatus(object: KubeObject, items: readonly AggregatedStatusItem[] | undefined): Promise<LayerResult<KubeObject>> {
    return this.patched({ operation: 'AggregateStatus', object, ...(items === undefined ? {} : { aggregatedStatus: items }) });
  }

  async reflectStatus(object: KubeObject): Promise<LayerResult<unknown>> {
    const response = await this.interpret({ operation: 'InterpretStatus', object });
    return response === undefined ? NOT_HANDLED : handled(response.rawStatus);
  }

  async interpretHealth(object: KubeObject): Promise<LayerResult<boolean>> {
    const response = await this.interpret({ operation: 'InterpretHealth', object });
    return response === undefined ? NOT_HANDLED : handled(response.healthy === true);
  }

  async getDependencies(object: KubeObject): Promise<LayerResult<DependentObjectReference[]>> {
    const response = await this.interpret({ operation: 'InterpretDependency', object });
    return response === undefined ? NOT_HANDLED : handled(response.dependencies ?? []);
  }

  async getComponents(object: KubeObject): Promise<LayerResult<Component[]>> {
    const response = await this.interpret({ operation: 'InterpretComponent', object });
    return response === undefined ? NOT_HANDLED : handled(response.components ?? []);
  }

  private firstHook(target: TypeRef, operation: InterpreterOperation): HookAccessor | undefined {
    return this.hooks.find((h) => anyRuleMatches(h.hook.rules, target, operation));
  }

  /** Calls the hook and applies its patch to the object sent (no patch: the object unchanged). */
  private async patched(attributes: InterpreterAttributes): Promise<LayerResult<KubeObject>> {
    const hook = this.firstHook(typeOf(attributes.object), attributes.operation);
    if (hook === undefined) return NOT_HANDLED;
    const response = await this.call(hook, attributes);
    if (response.patch === undefined || response.patch.length === 0) return handled(structuredClone(attributes.object));
    let result: unknown;
    try {
      result = applyJsonPatch(attributes.object as unknown as JsonValue, response.patch as JsonValue);
    } catch (error) {
      throw new WebhookCallError(hook.uid, `could not apply the returned patch: ${(error as Error).message}`);
    }
    if (!isPlainObject(result)) throw new WebhookCallError(hook.uid, 'the returned patch did not leave an object');
    return handled(result as KubeObject);
  }

  private async interpret(attributes: InterpreterAttributes): Promise<ResponseAttributes | undefined> {
    const hook = this.firstHook(typeOf(attributes.object), attributes.operation);
    return hook === undefined ? undefined : this.call(hook, attributes);
  }

  private async call(accessor: HookAccessor, attributes: InterpreterAttributes): Promise<ResponseAttributes> {
    const { hook, uid: name } = accessor;
    const uid = this.newUid();
    let request: unknown;
    try {
      request = createInterpreterContext(hook.interpreterContextVersions ?? [], uid, attributes);
    } catch (error) {
      throw new WebhookCallError(name, `could not create ResourceInterpreterContext objects: ${(error as Error).message}`);
    }
    let endpoint;
    try {
      endpoint = await resolveEndpoint(hook.clientConfig ?? {}, this.services);
    } catch (error) {
      throw new WebhookCallError(name, `could not get REST client: ${(error as Error).message}`);
    }
    accessor.agent ??= webhookAgent(endpoint);
    const timeoutMs = (hook.timeoutSeconds ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS) * 1000;
    let body: unknown;
    try {
      body = await this.post(endpoint, request, timeoutMs, accessor.agent);
    } catch (error) {
      throw new WebhookCallError(name, `failed to call webhook: ${(error as Error).message}`);
    }
    let response: ResponseAttributes;
    try {
      response = verifyInterpreterContext(uid, attributes.operation, body);
    } catch (error) {
      throw new WebhookCallError(name, `received invalid webhook response: ${(error as Error).message}`);
    }
    if (!response.successful) {
      throw new WebhookCallError(name, `webhook call failed, get status code: ${response.status?.code ?? 0}, msg: ${response.status?.message ?? ''}`);
    }
    return response;
  }
}
