/**
 * The third-party layer: ResourceInterpreterCustomizations shipped with the product for popular
 * CRDs (OpenKruise, Argo, Flux, Kubeflow, Ray, ...), as Karmada embeds them
 * (`default/thirdparty`). They answer after user customizations and webhooks, before the native
 * interpreter.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeclarativeInterpreter } from '../declarative/declarative-interpreter.js';
import type { LuaRuntime, LuaRuntimeOptions } from '../declarative/lua-runtime.js';
import { readCustomizationsTree } from './load-customizations.js';

/** Options of {@link createThirdPartyInterpreter}. */
export interface ThirdPartyInterpreterOptions {
  /** Folder laid out as `<group>/<version>/<Kind>/customizations.yaml`; default: the bundled one. */
  readonly directory?: string;
  /** A Lua runtime to share with other layers. */
  readonly runtime?: LuaRuntime;
  readonly runtimeOptions?: LuaRuntimeOptions;
}

/**
 * The bundled customizations folder. The YAML files live beside the sources; when running from
 * the compiled `dist/` tree without a copy there, the `src/` folder is used.
 */
export function defaultThirdPartyDirectory(): string {
  const here = fileURLToPath(new URL('./resourcecustomizations/', import.meta.url));
  if (existsSync(here)) return here;
  const source = here.replace(/([\\/])dist([\\/])/, '$1src$2');
  return existsSync(source) ? source : here;
}

/** A declarative layer named `thirdparty` loaded with every customization in the folder. */
export function createThirdPartyInterpreter(options: ThirdPartyInterpreterOptions = {}): DeclarativeInterpreter {
  const directory = options.directory ?? defaultThirdPartyDirectory();
  const interpreter = new DeclarativeInterpreter({
    name: 'thirdparty',
    ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
    ...(options.runtimeOptions === undefined ? {} : { runtimeOptions: options.runtimeOptions }),
  });
  interpreter.load(existsSync(directory) ? readCustomizationsTree(directory) : []);
  return interpreter;
}
