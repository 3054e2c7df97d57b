/**
 * Assembles the interpreter the control plane uses: user customizations, the webhook layer
 * (when given), the bundled third-party customizations and the native rules, in Karmada's order.
 */
import { DeclarativeInterpreter } from './declarative/declarative-interpreter.js';
import { LuaRuntime, type LuaRuntimeOptions } from './declarative/lua-runtime.js';
import { LayeredInterpreter, type InterpreterLayer } from './interpreter.js';
import { NativeInterpreter, type NativeInterpreterOptions } from './native/native-interpreter.js';
import { createThirdPartyInterpreter } from './thirdparty/thirdparty-interpreter.js';

/** Options of {@link createResourceInterpreter}. */
export interface ResourceInterpreterOptions {
  /** The webhook layer (ResourceInterpreterWebhookConfiguration); absent until it is built. */
  readonly webhook?: InterpreterLayer;
  /** Folder of bundled third-party customizations; `false` leaves the layer out. */
  readonly thirdPartyDirectory?: string | false;
  /** Limits of the Lua runtime shared by the customization and third-party layers. */
  readonly lua?: LuaRuntimeOptions;
  readonly native?: NativeInterpreterOptions;
}

/** The assembled interpreter and its customization layer (load ResourceInterpreterCustomizations into it). */
export interface AssembledInterpreter {
  readonly interpreter: LayeredInterpreter;
  readonly customizations: DeclarativeInterpreter;
  readonly runtime: LuaRuntime;
}

/** Builds the layered interpreter with one shared Lua runtime. */
export function createResourceInterpreter(options: ResourceInterpreterOptions = {}): AssembledInterpreter {
  const runtime = new LuaRuntime(options.lua);
  const customizations = new DeclarativeInterpreter({ name: 'customization', runtime });
  const thirdParty =
    options.thirdPartyDirectory === false
      ? undefined
      : createThirdPartyInterpreter({ runtime, ...(options.thirdPartyDirectory === undefined ? {} : { directory: options.thirdPartyDirectory }) });
  const interpreter = new LayeredInterpreter({
    customization: customizations,
    ...(options.webhook === undefined ? {} : { webhook: options.webhook }),
    ...(thirdParty === undefined ? {} : { thirdParty }),
    native: new NativeInterpreter(options.native),
  });
  return { interpreter, customizations, runtime };
}
