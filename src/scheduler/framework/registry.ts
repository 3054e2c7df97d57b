/**
 * The plugin registry: name → factory, refusing duplicates, and the `--plugins` enable list
 * (`*` enables all, `Name` enables one, `-Name` disables one; order does not matter).
 */
import type { Plugin } from './interface.js';

/** Builds a plugin instance. */
export type PluginFactory = () => Plugin;

/** Thrown for a duplicate registration or an enable list naming an unknown plugin. */
export class PluginRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginRegistryError';
  }
}

/** A collection of plugin factories by name. */
export class PluginRegistry {
  private readonly factories = new Map<string, PluginFactory>();

  /** Adds a factory; a second registration of the same name is refused. */
  register(name: string, factory: PluginFactory): this {
    if (this.factories.has(name)) throw new PluginRegistryError(`a plugin named ${name} already exists`);
    this.factories.set(name, factory);
    return this;
  }

  /** Removes a factory; refuses unknown names. */
  unregister(name: string): this {
    if (!this.factories.delete(name)) throw new PluginRegistryError(`no plugin named ${name} exists`);
    return this;
  }

  /** Adds every factory of `other`; refuses duplicates. */
  merge(other: PluginRegistry): this {
    for (const name of other.names()) {
      const f = other.factories.get(name);
      if (f !== undefined) this.register(name, f);
    }
    return this;
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.factories.keys()].sort();
  }

  /** True when a plugin of that name is registered. */
  has(name: string): boolean {
    return this.factories.has(name);
  }

  /**
   * Instantiates the plugins an enable list selects, in registry-name order.
   * Default `['*']`. Unknown names (with or without `-`) are refused so typos in `--plugins` surface.
   */
  build(enableList: readonly string[] = ['*']): Plugin[] {
    return this.enabledNames(enableList).map((name) => {
      const factory = this.factories.get(name);
      if (factory === undefined) throw new PluginRegistryError(`no plugin named ${name} exists`);
      const plugin = factory();
      if (plugin.name !== name) {
        throw new PluginRegistryError(`plugin registered as ${name} reports the name ${plugin.name}`);
      }
      return plugin;
    });
  }

  /** The names an enable list selects, sorted. */
  enabledNames(enableList: readonly string[]): string[] {
    const entries = parseEnableList(enableList);
    for (const name of [...entries.enable, ...entries.disable]) {
      if (!this.factories.has(name)) throw new PluginRegistryError(`unknown scheduler plugin ${JSON.stringify(name)}`);
    }
    const enabled = new Set<string>(entries.all ? this.factories.keys() : []);
    for (const name of entries.enable) enabled.add(name);
    for (const name of entries.disable) enabled.delete(name);
    return [...enabled].sort();
  }
}

/** The parts of an enable list such as `*,-TaintToleration` (entries may also be comma-joined strings). */
export interface EnableList {
  all: boolean;
  enable: string[];
  disable: string[];
}

/** Splits `['*', '-A', 'B']` or `['*,-A,B']` into its parts; blank entries are ignored. */
export function parseEnableList(list: readonly string[]): EnableList {
  const out: EnableList = { all: false, enable: [], disable: [] };
  for (const raw of list.flatMap((s) => s.split(','))) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry === '*') out.all = true;
    else if (entry.startsWith('-')) out.disable.push(entry.slice(1));
    else out.enable.push(entry);
  }
  return out;
}
