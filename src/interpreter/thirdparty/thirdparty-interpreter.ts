/**
 * The third-party layer: ResourceInterpreterCustomizations shipped with the product for popular
 * CRDs (OpenKruise, Argo, Flux, Kubeflow, Ray, ...), as Karmada embeds them
 * (`default/thirdparty`). They answer after user customizations and webhooks, before the native
 * interpreter.
 */
import { existsSync } from 'node:fs';
import { DeclarativeInterpreter } from '../declarative/declarative-interpreter.js';
import type { LuaRuntime, LuaRuntimeOptions } from '../declarative/lua-runtime.js';
import { readCustomizationsTree } from './load-customizations.js';

/** Options of {@link createThirdPartyInterpreter}. */
export interface ThirdPartyInterpreterOptions {
  /** Folder laid out as `<group>/<version>/<Kind>/customizations.yaml`; default: KARMADA_THIRDPARTY_CUSTOMIZATIONS. */
  readonly directory?: string;
  /** A Lua runtime to share with other layers. */
  readonly runtime?: LuaRuntime;
  readonly runtimeOptions?: LuaRuntimeOptions;
}

/**
 * The third-party customizations folder: `KARMADA_THIRDPARTY_CUSTOMIZATIONS`, else none. Karmada's
 * own scripts are not copied into this tree; point the variable at a checkout of them (for example
 * ../shared/conformance/karmada-thirdparty) to load them as the bundled layer.
 */
export function defaultThirdPartyDirectory(): string | undefined {
  const configured = process.env['KARMADA_THIRDPARTY_CUSTOMIZATIONS'];
  return configured === undefined || configured === '' ? undefined : configured;
}

/** A declarative layer named `thirdparty` loaded with every customization in the folder. */
export function createThirdPartyInterpreter(options: ThirdPartyInterpreterOptions = {}): DeclarativeInterpreter {
  const directory = options.directory ?? defaultThirdPartyDirectory();
  const interpreter = new DeclarativeInterpreter({
    name: 'thirdparty',
    ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
    ...(options.runtimeOptions === undefined ? {} : { runtimeOptions: options.runtimeOptions }),
  });
  interpreter.load(directory !== undefined && existsSync(directory) ? readCustomizationsTree(directory) : []);
  return interpreter;
}
