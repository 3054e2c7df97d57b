/**
 * The set of resources the control plane serves: Kubernetes built-ins, Karmada kinds and, at
 * runtime, CRD versions. Discovery and OpenAPI are built from it and cache on `generation`.
 */
import type { ResourceInfo } from '../resource-info.js';
import { BUILTIN_RESOURCES } from './builtin-resources.js';
import { compareGroupPriority } from './group-priority.js';
import { KARMADA_RESOURCES } from './karmada-resources.js';
import { compareVersionPriority } from './version-priority.js';

/** A JSON Schema object (a CRD version's openAPIV3Schema). */
export type OpenAPISchemaObject = Readonly<Record<string, unknown>>;

/** One served group/version/resource, with what OpenAPI publishes for it. */
export interface CatalogEntry {
  readonly info: ResourceInfo;
  /** The CRD version's `schema.openAPIV3Schema`, when known; published in /openapi/v3. */
  readonly openAPIV3Schema?: OpenAPISchemaObject;
}

export type CatalogChangeType = 'added' | 'updated' | 'removed';

export interface CatalogChange {
  readonly type: CatalogChangeType;
  readonly info: ResourceInfo;
}

/** Called synchronously after every effective change, with the new generation. */
export type CatalogListener = (changes: readonly CatalogChange[], generation: number) => void;

/** A served group and its versions, preferred version first. */
export interface GroupVersions {
  readonly group: string;
  readonly versions: readonly string[];
  readonly preferredVersion: string;
}

interface Snapshot {
  /** Sorted by group priority, version priority (preferred first), resource name. */
  readonly all: readonly ResourceInfo[];
  readonly byGvk: ReadonlyMap<string, ResourceInfo>;
  readonly groups: readonly GroupVersions[];
}

/** How a name matched in `resolve`, best first (kubectl tries resources before short names and kinds). */
const MATCH_PLURAL = 0;
const MATCH_SINGULAR = 1;
const MATCH_SHORT_NAME = 2;
const MATCH_KIND = 3;

function gvrKey(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

function compareInfos(a: ResourceInfo, b: ResourceInfo): number {
  return (
    compareGroupPriority(a.group, b.group) ||
    compareVersionPriority(a.version, b.version) ||
    (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)
  );
}

function sameEntry(a: CatalogEntry, b: CatalogEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function matchLevel(info: ResourceInfo, name: string): number | undefined {
  if (info.resource === name) return MATCH_PLURAL;
  if (info.singular === name) return MATCH_SINGULAR;
  if (info.shortNames?.includes(name)) return MATCH_SHORT_NAME;
  if (info.kind.toLowerCase() === name) return MATCH_KIND;
  return undefined;
}

interface ResourceQuery {
  readonly name: string;
  readonly group?: string;
  readonly version?: string;
}

/** The readings kubectl gives `name`, `name.group` and `name.version.group`, most specific first. */
function parseResourceArg(arg: string): ResourceQuery[] {
  const parts = arg.toLowerCase().split('.');
  const name = parts[0] ?? '';
  if (parts.length === 1) return [{ name }];
  const queries: ResourceQuery[] = [];
  if (parts.length >= 3) queries.push({ name, version: parts[1] ?? '', group: parts.slice(2).join('.') });
  queries.push({ name, group: parts.slice(1).join('.') });
  return queries;
}

/** The catalog of served resources. Mutations bump `generation` and notify `onChange` listeners. */
export class ResourceCatalog {
  readonly #entries = new Map<string, CatalogEntry>();
  readonly #listeners = new Set<CatalogListener>();
  #generation = 0;
  #snapshot: Snapshot | undefined;

  /** A catalog holding `initial` (no CRDs); generation starts at 0. */
  constructor(initial: readonly ResourceInfo[] = []) {
    for (const info of initial) this.#entries.set(gvrKey(info.group, info.version, info.resource), { info });
  }

  /** The Kubernetes built-ins plus every Karmada kind. */
  static withDefaults(): ResourceCatalog {
    return new ResourceCatalog([...BUILTIN_RESOURCES, ...KARMADA_RESOURCES]);
  }

  /** Increases on every effective change; caches of derived documents key on it. */
  get generation(): number {
    return this.#generation;
  }

  /** Every served group/version/resource, in discovery order. */
  all(): readonly ResourceInfo[] {
    return this.#snap().all;
  }

  /** Adds or replaces one group/version/resource. Re-adding an identical entry changes nothing. */
  add(info: ResourceInfo, options: { readonly openAPIV3Schema?: OpenAPISchemaObject } = {}): void {
    const entry: CatalogEntry = options.openAPIV3Schema ? { info, openAPIV3Schema: options.openAPIV3Schema } : { info };
    const key = gvrKey(info.group, info.version, info.resource);
    const previous = this.#entries.get(key);
    if (previous && sameEntry(previous, entry)) return;
    this.#entries.set(key, entry);
    this.#changed([{ type: previous ? 'updated' : 'added', info }]);
  }

  /**
   * Atomically sets every served version of one group/resource (a CRD's versions), removing
   * versions not listed. One generation bump for the whole change.
   */
  replace(group: string, resource: string, entries: readonly CatalogEntry[]): void {
    for (const entry of entries) {
      if (entry.info.group !== group || entry.info.resource !== resource) {
        throw new Error(`replace(${group}, ${resource}): entry for ${entry.info.group}/${entry.info.resource}`);
      }
    }
    const changes: CatalogChange[] = [];
    const wanted = new Map(entries.map((entry) => [gvrKey(group, entry.info.version, resource), entry]));
    for (const [key, existing] of this.#entries) {
      if (existing.info.group === group && existing.info.resource === resource && !wanted.has(key)) {
        this.#entries.delete(key);
        changes.push({ type: 'removed', info: existing.info });
      }
    }
    for (const [key, entry] of wanted) {
      const previous = this.#entries.get(key);
      if (previous && sameEntry(previous, entry)) continue;
      this.#entries.set(key, entry);
      changes.push({ type: previous ? 'updated' : 'added', info: entry.info });
    }
    if (changes.length > 0) this.#changed(changes);
  }

  /** Removes every version of a group/resource; false when nothing was served. */
  remove(group: string, resource: string): boolean {
    const changes: CatalogChange[] = [];
    for (const [key, entry] of this.#entries) {
      if (entry.info.group === group && entry.info.resource === resource) {
        this.#entries.delete(key);
        changes.push({ type: 'removed', info: entry.info });
      }
    }
    if (changes.length === 0) return false;
    this.#changed(changes);
    return true;
  }

  /** The resource served at /apis/<group>/<version>/<resource> (core: group ''). */
  get(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.#entries.get(gvrKey(group, version, resource))?.info;
  }

  /** The resource whose objects have this apiVersion and kind. */
  byKind(group: string, version: string, kind: string): ResourceInfo | undefined {
    return this.#snap().byGvk.get(gvkKey(group, version, kind));
  }

  /** Every served version of a group/resource, preferred first. */
  versionsOf(group: string, resource: string): readonly ResourceInfo[] {
    return this.#snap().all.filter((info) => info.group === group && info.resource === resource);
  }

  /** The preferred served version of a group/kind (e.g. to map a template's kind to its resource). */
  preferredForKind(group: string, kind: string): ResourceInfo | undefined {
    return this.#snap().all.find((info) => info.group === group && info.kind === kind);
  }

  /**
   * Resolves a kubectl-style resource argument: plural, singular, short name or kind, optionally
   * qualified as `name.group` or `name.version.group` (`deploy`, `deployments.apps`,
   * `pp.policy.karmada.io`, `hpa.v1.autoscaling`). Best match first: plural, singular, short name,
   * kind; then group priority; then preferred version.
   */
  resolve(arg: string): readonly ResourceInfo[] {
    for (const query of parseResourceArg(arg)) {
      const matches: { info: ResourceInfo; level: number; order: number }[] = [];
      this.#snap().all.forEach((info, order) => {
        if (query.group !== undefined && info.group !== query.group) return;
        if (query.version !== undefined && info.version !== query.version) return;
        const level = matchLevel(info, query.name);
        if (level !== undefined) matches.push({ info, level, order });
      });
      if (matches.length > 0) {
        matches.sort((a, b) => a.level - b.level || a.order - b.order);
        return matches.map((match) => match.info);
      }
    }
    return [];
  }

  /** Served groups in /apis order (the core group '' first), versions preferred first. */
  groups(): readonly GroupVersions[] {
    return this.#snap().groups;
  }

  /** One served group, or undefined. */
  group(name: string): GroupVersions | undefined {
    return this.#snap().groups.find((group) => group.group === name);
  }

  /** The version discovery prefers for a group (highest kube-aware priority). */
  preferredVersion(group: string): string | undefined {
    return this.group(group)?.preferredVersion;
  }

  /** The resources of one group/version, sorted by resource name. */
  resources(group: string, version: string): readonly ResourceInfo[] {
    return this.#snap().all.filter((info) => info.group === group && info.version === version);
  }

  /** The entry (info + schema) for one group/version/resource. */
  entry(group: string, version: string, resource: string): CatalogEntry | undefined {
    return this.#entries.get(gvrKey(group, version, resource));
  }

  /** The published openAPIV3Schema for a kind, when one was given to `add`/`replace`. */
  openAPIV3Schema(group: string, version: string, kind: string): OpenAPISchemaObject | undefined {
    const info = this.byKind(group, version, kind);
    return info ? this.#entries.get(gvrKey(group, version, info.resource))?.openAPIV3Schema : undefined;
  }

  /** Subscribes to changes; returns the unsubscribe function. Listeners should not throw. */
  onChange(listener: CatalogListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #changed(changes: readonly CatalogChange[]): void {
    this.#generation += 1;
    this.#snapshot = undefined;
    const generation = this.#generation;
    let failure: unknown;
    for (const listener of [...this.#listeners]) {
      try {
        listener(changes, generation);
      } catch (error) {
        // Every listener still hears about the change; the first failure surfaces afterwards.
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  #snap(): Snapshot {
    if (this.#snapshot) return this.#snapshot;
    const all = [...this.#entries.values()].map((entry) => entry.info).sort(compareInfos);
    const byGvk = new Map<string, ResourceInfo>();
    const versionsByGroup = new Map<string, string[]>();
    for (const info of all) {
      const key = gvkKey(info.group, info.version, info.kind);
      if (!byGvk.has(key)) byGvk.set(key, info);
      const versions = versionsByGroup.get(info.group) ?? [];
      if (!versions.includes(info.version)) versions.push(info.version);
      versionsByGroup.set(info.group, versions);
    }
    const groups: GroupVersions[] = [];
    for (const [group, versions] of versionsByGroup) {
      const preferredVersion = versions[0];
      if (preferredVersion !== undefined) groups.push({ group, versions, preferredVersion });
    }
    this.#snapshot = { all, byGvk, groups };
    return this.#snapshot;
  }
}
