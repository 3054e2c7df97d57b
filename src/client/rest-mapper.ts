import type { DiscoveryDocument, RequestOptions, ResourceMapper, ResourceMapping } from './client.js';
import { parseApiVersion } from './client.js';
import type { Clock } from './clock.js';
import { realClock } from './clock.js';

/** No served resource matches a kind or name. */
export class NoMatchError extends Error {
  constructor(readonly what: string) {
    super(`no matches for ${what}`);
    this.name = 'NoMatchError';
  }
}

export interface RestMapperOptions {
  /** A miss refreshes discovery at most this often (default 1000 ms). */
  readonly minRefreshIntervalMs?: number;
  readonly clock?: Clock;
}

/** Builds mappings from a discovery document (subresources folded into their parent). */
export function mappingsFromDiscovery(doc: DiscoveryDocument): ResourceMapping[] {
  const preferred = new Map<string, string>();
  const groupOrder = new Map<string, number>();
  doc.groups.forEach((g, i) => {
    groupOrder.set(g.name, i);
    const version = g.preferredVersion?.version ?? g.versions[0]?.version;
    if (version !== undefined) {
      preferred.set(g.name, version);
    }
  });
  const out: ResourceMapping[] = [];
  for (const list of doc.resourceLists) {
    const { group, version } = parseApiVersion(list.groupVersion);
    const subresources = new Map<string, string[]>();
    for (const r of list.resources) {
      const slash = r.name.indexOf('/');
      if (slash > 0) {
        const parent = r.name.slice(0, slash);
        const subs = subresources.get(parent) ?? [];
        subs.push(r.name.slice(slash + 1));
        subresources.set(parent, subs);
      }
    }
    for (const r of list.resources) {
      if (r.name.includes('/')) {
        continue;
      }
      out.push({
        group,
        version,
        resource: r.name,
        namespaced: r.namespaced,
        kind: r.kind,
        singularName: r.singularName !== undefined && r.singularName !== '' ? r.singularName : r.kind.toLowerCase(),
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        verbs: r.verbs,
        subresources: subresources.get(r.name) ?? [],
        preferred: (preferred.get(group) ?? version) === version,
      });
    }
  }
  // Stable order: core group first, then discovery's group order; preferred versions first.
  const rank = (m: ResourceMapping): number => (m.group === '' ? -1 : (groupOrder.get(m.group) ?? Number.MAX_SAFE_INTEGER));
  return out
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || Number(b.m.preferred) - Number(a.m.preferred) || a.i - b.i)
    .map(({ m }) => m);
}

function nameMatches(m: ResourceMapping, name: string): boolean {
  return m.resource === name || m.singularName === name || m.kind.toLowerCase() === name || m.shortNames.includes(name);
}

/**
 * A discovery-backed RESTMapper. Discovery is fetched lazily and cached; a lookup that misses
 * refreshes it (at most once per `minRefreshIntervalMs`) so CRDs installed later are found.
 */
export class RestMapper implements ResourceMapper {
  private cached: ResourceMapping[] | undefined;
  private loading: Promise<ResourceMapping[]> | undefined;
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private readonly minRefreshIntervalMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly discover: (options?: RequestOptions) => Promise<DiscoveryDocument>,
    options: RestMapperOptions = {},
  ) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 1000;
    this.clock = options.clock ?? realClock;
  }

  invalidate(): void {
    this.cached = undefined;
    this.lastRefresh = Number.NEGATIVE_INFINITY;
  }

  async mappings(): Promise<readonly ResourceMapping[]> {
    return this.cached ?? (await this.refresh());
  }

  async resourceFor(apiVersion: string, kind: string): Promise<ResourceMapping> {
    const { group, version } = parseApiVersion(apiVersion);
    const found = await this.lookup((m) => m.group === group && m.version === version && m.kind === kind);
    if (found === undefined) {
      throw new NoMatchError(`kind "${kind}" in version "${apiVersion}"`);
    }
    return found;
  }

  async resolveName(name: string): Promise<ResourceMapping> {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const head = dot < 0 ? lower : lower.slice(0, dot);
    const rest = dot < 0 ? '' : lower.slice(dot + 1);
    // Without a version the group's preferred version wins, but a resource served only in another
    // version (work.karmada.io's Work lives in v1alpha1, the group prefers v1alpha2) is still found.
    const matchesIn =
      (preferredOnly: boolean) =>
      (m: ResourceMapping): boolean => {
        if (!nameMatches(m, head)) {
          return false;
        }
        if (rest === '' || m.group === rest || m.group.startsWith(`${rest}.`)) {
          return m.preferred || !preferredOnly;
        }
        // resource.version.group
        const vdot = rest.indexOf('.');
        const version = vdot < 0 ? rest : rest.slice(0, vdot);
        const group = vdot < 0 ? '' : rest.slice(vdot + 1);
        return m.version === version && m.group === group;
      };
    const found = (await this.lookup(matchesIn(true))) ?? (await this.lookup(matchesIn(false)));
    if (found === undefined) {
      throw new NoMatchError(`resource "${name}"`);
    }
    return found;
  }

  private async lookup(pred: (m: ResourceMapping) => boolean): Promise<ResourceMapping | undefined> {
    const first = (await this.mappings()).find(pred);
    if (first !== undefined) {
      return first;
    }
    if (this.clock.now() - this.lastRefresh < this.minRefreshIntervalMs) {
      return undefined;
    }
    return (await this.refresh()).find(pred);
  }

  private refresh(): Promise<ResourceMapping[]> {
    // Concurrent misses share one discovery round trip.
    this.loading ??= this.discover()
      .then((doc) => {
        const mappings = mappingsFromDiscovery(doc);
        this.cached = mappings;
        this.lastRefresh = this.clock.now();
        return mappings;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
