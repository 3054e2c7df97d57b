/** Serialized discovery documents with ETags, rebuilt only when the catalog's generation changes. */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { AggregatedDiscoveryVersion, DiscoveryRoot } from './aggregated.js';
import { buildAggregatedDiscovery } from './aggregated.js';
import { entityTag } from './content-hash.js';
import { buildAPIGroup, buildAPIGroupList, buildAPIResourceList, buildAPIVersions } from './legacy.js';

/** A document ready to send: its JSON text and a strong ETag. */
export interface RenderedDocument {
  readonly json: string;
  readonly etag: string;
}

export interface DiscoveryDocumentsOptions {
  /** host:port advertised in APIVersions.serverAddressByClientCIDRs. */
  readonly serverAddress?: string;
}

function render(document: unknown): RenderedDocument {
  const json = JSON.stringify(document);
  return { json, etag: entityTag(json) };
}

/** Caches every discovery document of one catalog per catalog generation. */
export class DiscoveryDocuments {
  readonly #catalog: ResourceCatalog;
  readonly #options: DiscoveryDocumentsOptions;
  readonly #cache = new Map<string, RenderedDocument>();
  #generation = -1;

  constructor(catalog: ResourceCatalog, options: DiscoveryDocumentsOptions = {}) {
    this.#catalog = catalog;
    this.#options = options;
  }

  /** GET /api or /apis as aggregated discovery. */
  aggregated(root: DiscoveryRoot, version: AggregatedDiscoveryVersion = 'v2'): RenderedDocument {
    const rendered = this.#cached(`aggregated:${root}:${version}`, () => render(buildAggregatedDiscovery(this.#catalog, root, version)));
    if (!rendered) throw new Error('unreachable: aggregated discovery always renders');
    return rendered;
  }

  /** GET /api as legacy APIVersions. */
  apiVersions(): RenderedDocument {
    const rendered = this.#cached('api', () => render(buildAPIVersions(this.#catalog, this.#options.serverAddress)));
    if (!rendered) throw new Error('unreachable: APIVersions always renders');
    return rendered;
  }

  /** GET /apis as legacy APIGroupList. */
  groupList(): RenderedDocument {
    const rendered = this.#cached('apis', () => render(buildAPIGroupList(this.#catalog)));
    if (!rendered) throw new Error('unreachable: APIGroupList always renders');
    return rendered;
  }

  /** GET /apis/<group>; undefined when not served. */
  group(name: string): RenderedDocument | undefined {
    return this.#cached(`group:${name}`, () => {
      const document = buildAPIGroup(this.#catalog, name);
      return document ? render(document) : undefined;
    });
  }

  /** GET /api/v1 or /apis/<group>/<version>; undefined when not served. */
  resourceList(group: string, version: string): RenderedDocument | undefined {
    return this.#cached(`resources:${group}/${version}`, () => {
      const document = buildAPIResourceList(this.#catalog, group, version);
      return document ? render(document) : undefined;
    });
  }

  #cached(key: string, build: () => RenderedDocument | undefined): RenderedDocument | undefined {
    if (this.#generation !== this.#catalog.generation) {
      this.#cache.clear();
      this.#generation = this.#catalog.generation;
    }
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const rendered = build();
    // Misses are not cached: a request for any made-up group must not grow the cache.
    if (rendered) this.#cache.set(key, rendered);
    return rendered;
  }
}
