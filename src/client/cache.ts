/**
 * The indexed object store behind an informer.
 *
 * Objects in the cache are deep-frozen: every object a caller gets (from the cache or an
 * informer's handlers) is the cached instance itself, shared and immutable. Writing to it
 * throws (ESM code is strict mode). To modify, copy first: `structuredClone(obj)`.
 */
import type { KubeObject } from '../api/object.js';
import { deepFreeze } from './freeze.js';
import type { Requirement } from './label-selector.js';
import { matchesRequirements, parseLabelSelector } from './label-selector.js';
import { objectKey } from './object-key.js';

/** Maps an object to the index values it is filed under. */
export type IndexFunc<T extends KubeObject> = (obj: T) => readonly string[];

/** Built-in index: by metadata.namespace ('' for cluster-scoped). */
export const NAMESPACE_INDEX = 'namespace';
/** Built-in index: by each label as `key=value`. */
export const LABEL_INDEX = 'label';

/** Changes a `replace` made, for the informer to report. */
export interface ReplaceResult<T> {
  readonly added: readonly T[];
  readonly updated: readonly (readonly [T, T])[];
  readonly deleted: readonly T[];
}

export class ObjectCache<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** indexName -> index value -> object keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunc<T>>> = {}) {
    this.addIndexers({
      [NAMESPACE_INDEX]: (obj) => [obj.metadata.namespace ?? ''],
      [LABEL_INDEX]: (obj) => Object.entries(obj.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...indexers,
    });
  }

  /** Adds indexers (also indexing what is already cached). Throws on a name already in use. */
  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) {
        throw new Error(`indexer "${name}" already exists`);
      }
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) {
        for (const value of fn(obj)) {
          addTo(index, value, key);
        }
      }
    }
  }

  get size(): number {
    return this.items.size;
  }

  /** By `namespace/name` (or `name`). */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace === undefined || namespace === '' ? name : `${namespace}/${name}`);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Objects filed under value in the named index. Throws for an unknown index. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k) as T);
  }

  /** Keys filed under value in the named index. */
  indexKeys(indexName: string, value: string): string[] {
    const index = this.indices.get(indexName);
    if (index === undefined) {
      throw new Error(`index "${indexName}" does not exist`);
    }
    return [...(index.get(value) ?? [])];
  }

  /** The values present in the named index. */
  indexValues(indexName: string): string[] {
    const index = this.indices.get(indexName);
    if (index === undefined) {
      throw new Error(`index "${indexName}" does not exist`);
    }
    return [...index.keys()];
  }

  listByNamespace(namespace: string): T[] {
    return this.byIndex(NAMESPACE_INDEX, namespace);
  }

  listByLabel(key: string, value: string): T[] {
    return this.byIndex(LABEL_INDEX, `${key}=${value}`);
  }

  /** Objects matching a label selector (string syntax or parsed), optionally in one namespace. */
  select(selector: string | readonly Requirement[], namespace?: string): T[] {
    const reqs = typeof selector === 'string' ? parseLabelSelector(selector) : selector;
    const pool = namespace === undefined ? this.items.values() : this.listByNamespace(namespace);
    const out: T[] = [];
    for (const obj of pool) {
      if (matchesRequirements(reqs, obj.metadata.labels)) {
        out.push(obj);
      }
    }
    return out;
  }

  /** Stores obj (freezing it in place); returns the previous object under its key. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old !== undefined) {
      this.unindex(key, old);
    }
    const frozen = deepFreeze(obj);
    this.items.set(key, frozen);
    this.index(key, frozen);
    return old;
  }

  /** Removes a key; returns what was stored. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (old !== undefined) {
      this.unindex(key, old);
      this.items.delete(key);
    }
    return old;
  }

  /**
   * Makes the cache hold exactly objs. Objects whose resourceVersion did not change count as
   * unchanged (neither added nor updated).
   */
  replace(objs: readonly T[]): ReplaceResult<T> {
    const added: T[] = [];
    const updated: (readonly [T, T])[] = [];
    const seen = new Set<string>();
    for (const obj of objs) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.items.get(key);
      if (old !== undefined && old.metadata.resourceVersion === obj.metadata.resourceVersion && old.metadata.resourceVersion !== undefined) {
        continue;
      }
      this.set(obj);
      if (old === undefined) {
        added.push(obj);
      } else {
        updated.push([old, obj]);
      }
    }
    const deleted: T[] = [];
    for (const key of [...this.items.keys()]) {
      if (!seen.has(key)) {
        const old = this.delete(key);
        if (old !== undefined) {
          deleted.push(old);
        }
      }
    }
    return { added, updated, deleted };
  }

  private index(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name);
      if (index !== undefined) {
        for (const value of fn(obj)) {
          addTo(index, value, key);
        }
      }
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name);
      if (index === undefined) {
        continue;
      }
      for (const value of fn(obj)) {
        const set = index.get(value);
        set?.delete(key);
        if (set?.size === 0) {
          index.delete(value);
        }
      }
    }
  }
}

function addTo(index: Map<string, Set<string>>, value: string, key: string): void {
  let set = index.get(value);
  if (set === undefined) {
    set = new Set();
    index.set(value, set);
  }
  set.add(key);
}
