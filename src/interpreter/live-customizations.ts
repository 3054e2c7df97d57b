/**
 * Keeps the customization and webhook layers of the interpreter in step with the control plane
 * (Karmada's declarative and webhook config managers): informers watch
 * ResourceInterpreterCustomizations and ResourceInterpreterWebhookConfigurations and every
 * change reloads the whole set, as Karmada does. Scripts are compiled when they are loaded, so
 * the first call does not pay for it, and stay cached in the Lua runtime by their text: reloading
 * unchanged scripts compiles nothing and no call ever recompiles.
 *
 * A script that does not compile (admission refuses those, but one may predate it) is logged
 * and left in place: calls for its operation fail with the compile error.
 */
import type { ResourceInterpreterCustomization } from '../api/config/resource-interpreter-customization.js';
import { CUSTOMIZATION_RULE_NAMES } from '../api/config/resource-interpreter-customization.js';
import type { KubeObject } from '../api/object.js';
import { isNotFound } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import { Informer } from '../client/informer.js';
import { noopLogger, type Logger } from '../client/logger.js';
import type { DeclarativeInterpreter } from './declarative/declarative-interpreter.js';
import { LuaScriptError } from './declarative/lua-runtime.js';
import type { ServiceLookup } from './webhook/webhook-endpoint.js';
import { WEBHOOK_CONFIGURATION_TYPE, type ResourceInterpreterWebhookConfiguration } from './webhook/webhook-configuration.js';
import type { WebhookInterpreter } from './webhook/webhook-interpreter.js';

/** The kind's spelling. */
export const CUSTOMIZATION_TYPE = { apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization' } as const;

/** Options of {@link LiveInterpreterConfig}. */
export interface LiveInterpreterConfigOptions {
  /** The control plane. */
  readonly client: KubeClient;
  /** The layer ResourceInterpreterCustomizations are loaded into. */
  readonly customizations: DeclarativeInterpreter;
  /** The layer ResourceInterpreterWebhookConfigurations are loaded into; omitted: not watched. */
  readonly webhooks?: WebhookInterpreter;
  readonly logger?: Logger;
}

/** Counters for tests and metrics. */
export interface LiveInterpreterConfigStats {
  /** Times the customizations were reloaded. */
  customizationLoads: number;
  /** Times the webhook configurations were reloaded. */
  webhookLoads: number;
}

/** Watches interpreter configuration objects and reloads the layers on every change. */
export class LiveInterpreterConfig {
  readonly stats: LiveInterpreterConfigStats = { customizationLoads: 0, webhookLoads: 0 };
  private readonly customizationInformer: Informer<ResourceInterpreterCustomization>;
  private readonly webhookInformer: Informer<ResourceInterpreterWebhookConfiguration> | undefined;
  private readonly logger: Logger;
  /** Scripts already reported as not compiling (reported once, not on every reload). */
  private readonly reported = new Set<string>();

  constructor(private readonly options: LiveInterpreterConfigOptions) {
    this.logger = options.logger ?? noopLogger;
    this.customizationInformer = new Informer<ResourceInterpreterCustomization>(options.client, CUSTOMIZATION_TYPE, { logger: this.logger });
    this.customizationInformer.addEventHandler(this.handler(() => this.reloadCustomizations()));
    if (options.webhooks !== undefined) {
      this.webhookInformer = new Informer<ResourceInterpreterWebhookConfiguration>(options.client, WEBHOOK_CONFIGURATION_TYPE, { logger: this.logger });
      this.webhookInformer.addEventHandler(this.handler(() => this.reloadWebhooks()));
    }
  }

  /** Starts watching. */
  start(): void {
    this.customizationInformer.start();
    this.webhookInformer?.start();
  }

  /** Resolves true once both kinds are listed and loaded; false if stopped or aborted first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([this.customizationInformer.waitForSync(signal), this.webhookInformer?.waitForSync(signal) ?? true]);
    if (!results.every(Boolean)) return false;
    // An empty list emits no event: load explicitly so the layers are known to be current.
    this.reloadCustomizations();
    if (this.webhookInformer !== undefined) this.reloadWebhooks();
    return true;
  }

  /** Stops watching; the layers keep what they have. */
  async stop(): Promise<void> {
    await Promise.all([this.customizationInformer.stop(), this.webhookInformer?.stop()]);
  }

  private handler(reload: () => void): { onAdd: () => void; onUpdate: () => void; onDelete: () => void } {
    return { onAdd: reload, onUpdate: reload, onDelete: reload };
  }

  private reloadCustomizations(): void {
    const customizations = this.customizationInformer.cache.list();
    const layer = this.options.customizations;
    layer.load(customizations);
    this.stats.customizationLoads++;
    for (const customization of customizations) this.precompile(customization, layer);
  }

  private precompile(customization: ResourceInterpreterCustomization, layer: DeclarativeInterpreter): void {
    const name = customization.metadata.name ?? '';
    for (const rule of CUSTOMIZATION_RULE_NAMES) {
      const script = customization.spec?.customizations?.[rule]?.luaScript;
      if (typeof script !== 'string' || script === '') continue;
      try {
        layer.runtime.compile(script, `${name}/${rule}`);
      } catch (error) {
        if (!(error instanceof LuaScriptError)) throw error;
        const key = `${name}/${rule}\u0000${script}`;
        if (!this.reported.has(key)) {
          this.reported.add(key);
          this.logger.warn({ customization: name, rule, err: error.message }, 'interpreter: customization script does not compile; its operation will fail');
        }
      }
    }
  }

  private reloadWebhooks(): void {
    if (this.webhookInformer === undefined || this.options.webhooks === undefined) return;
    this.options.webhooks.load(this.webhookInformer.cache.list());
    this.stats.webhookLoads++;
  }
}

/** A {@link ServiceLookup} reading the control plane's Services (for hooks configured with `clientConfig.service`). */
export function serviceLookup(client: KubeClient): ServiceLookup {
  return async (namespace, name) => {
    try {
      return await client.get<KubeObject>({ apiVersion: 'v1', kind: 'Service' }, name, { namespace });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
}
