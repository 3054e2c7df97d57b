/**
 * Assembles the interpreter the control plane uses: user customizations, the webhook layer,
 * the bundled third-party customizations and the native rules, in Karmada's order. The
 * customization and webhook layers start empty; `LiveInterpreterConfig` (live-customizations.ts)
 * keeps them in step with the objects stored in the control plane.
 */
import { DeclarativeInterpreter } from './declarative/declarative-interpreter.js';
import { LuaRuntime, type LuaRuntimeOptions } from './declarative/lua-runtime.js';
import { LayeredInterpreter, type InterpreterLayer } from './interpreter.js';
import { NativeInterpreter, type NativeInterpreterOptions } from './native/native-interpreter.js';
import { createThirdPartyInterpreter } from './thirdparty/thirdparty-interpreter.js';
import { WebhookInterpreter, type WebhookInterpreterOptions } from './webhook/webhook-interpreter.js';

/** Options of {@link createResourceInterpreter}. */
export interface ResourceInterpreterOptions {
  /**
   * The webhook layer: options of the built-in one (ResourceInterpreterWebhookConfiguration), or
   * another layer in its place.
   */
  readonly webhook?: InterpreterLayer | WebhookInterpreterOptions;
  /** Folder of bundled third-party customizations; `false` leaves the layer out. */
  readonly thirdPartyDirectory?: string | false;
  /** Limits of the Lua runtime shared by the customization and third-party layers. */
  readonly lua?: LuaRuntimeOptions;
  readonly native?: NativeInterpreterOptions;
}

/** The assembled interpreter and the layers to load configuration into. */
export interface AssembledInterpreter {
  readonly interpreter: LayeredInterpreter;
  /** Load ResourceInterpreterCustomizations into it. */
  readonly customizations: DeclarativeInterpreter;
  /** Load ResourceInterpreterWebhookConfigurations into it (a detached one when another layer was given). */
  readonly webhooks: WebhookInterpreter;
  readonly runtime: LuaRuntime;
}

function isLayer(value: InterpreterLayer | WebhookInterpreterOptions): value is InterpreterLayer {
  return typeof (value as Partial<InterpreterLayer>).hookEnabled === 'function';
}

/** Builds the layered interpreter with one shared Lua runtime. */
export function createResourceInterpreter(options: ResourceInterpreterOptions = {}): AssembledInterpreter {
  const runtime = new LuaRuntime(options.lua);
  const customizations = new DeclarativeInterpreter({ name: 'customization', runtime });
  const thirdParty =
    options.thirdPartyDirectory === false
      ? undefined
      : createThirdPartyInterpreter({ runtime, ...(options.thirdPartyDirectory === undefined ? {} : { directory: options.thirdPartyDirectory }) });
  const given = options.webhook !== undefined && isLayer(options.webhook) ? options.webhook : undefined;
  const webhooks = new WebhookInterpreter(options.webhook !== undefined && !isLayer(options.webhook) ? options.webhook : {});
  const interpreter = new LayeredInterpreter({
    customization: customizations,
    webhook: given ?? webhooks,
    ...(thirdParty === undefined ? {} : { thirdParty }),
    native: new NativeInterpreter(options.native),
  });
  return { interpreter, customizations, webhooks, runtime };
}
