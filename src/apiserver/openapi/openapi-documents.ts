/**
 * /openapi/v3 and its per-group-version documents, rendered once per catalog generation. The root
 * links every group/version with `?hash=<content hash>`, so clients cache documents forever and
 * refetch only when the hash changes.
 */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import { contentHash } from '../discovery/content-hash.js';
import type { GroupVersionDocumentOptions } from './group-version-document.js';
import { buildGroupVersionDocument } from './group-version-document.js';
import type { OpenAPIV3Root } from './types.js';

/** A rendered document: JSON text, its content hash and a strong ETag. */
export interface RenderedOpenAPIDocument {
  readonly json: string;
  readonly hash: string;
  readonly etag: string;
}

/** What to answer for GET /openapi/v3[/<path>][?hash=...]. */
export type OpenAPIReply =
  | { readonly status: 200; readonly json: string; readonly etag: string; readonly cacheControl: string }
  | { readonly status: 301; readonly location: string }
  | { readonly status: 404 };

/** `api/v1` or `apis/<group>/<version>`: the key of a group/version in the root document. */
export function openAPIPathOf(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** The group/version named by a root key (leading `/openapi/v3/` and slashes tolerated). */
export function parseOpenAPIPath(path: string): { readonly group: string; readonly version: string } | undefined {
  const parts = path.replace(/^\/?(openapi\/v3\/?)?/, '').replace(/\/+$/, '').split('/');
  if (parts.length === 2 && parts[0] === 'api' && parts[1]) return { group: '', version: parts[1] };
  if (parts.length === 3 && parts[0] === 'apis' && parts[1] && parts[2]) return { group: parts[1], version: parts[2] };
  return undefined;
}

function rendered(json: string): RenderedOpenAPIDocument {
  const hash = contentHash(json);
  return { json, hash, etag: `"${hash}"` };
}

/** The OpenAPI v3 documents of one catalog. */
export class OpenAPIV3Documents {
  readonly #catalog: ResourceCatalog;
  readonly #options: GroupVersionDocumentOptions;
  readonly #documents = new Map<string, RenderedOpenAPIDocument>();
  #root: RenderedOpenAPIDocument | undefined;
  #generation = -1;

  constructor(catalog: ResourceCatalog, options: GroupVersionDocumentOptions = {}) {
    this.#catalog = catalog;
    this.#options = options;
  }

  /** GET /openapi/v3. */
  root(): RenderedOpenAPIDocument {
    this.#refresh();
    if (this.#root) return this.#root;
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const served of this.#catalog.groups()) {
      for (const version of served.versions) {
        const key = openAPIPathOf(served.group, version);
        const document = this.document(key);
        if (document) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${document.hash}` };
      }
    }
    const root: OpenAPIV3Root = { paths };
    this.#root = rendered(JSON.stringify(root));
    return this.#root;
  }

  /** The document at `api/v1` or `apis/<group>/<version>`; undefined when not served. */
  document(path: string): RenderedOpenAPIDocument | undefined {
    this.#refresh();
    const gv = parseOpenAPIPath(path);
    if (!gv) return undefined;
    const key = openAPIPathOf(gv.group, gv.version);
    const cached = this.#documents.get(key);
    if (cached) return cached;
    const document = buildGroupVersionDocument(this.#catalog, gv.group, gv.version, this.#options);
    if (!document) return undefined;
    const result = rendered(JSON.stringify(document));
    this.#documents.set(key, result);
    return result;
  }

  /**
   * The reply for GET /openapi/v3 (path '') or /openapi/v3/<path>?hash=<hash>, as kube-apiserver
   * gives it: a stale hash redirects to the current URL; a current hash may be cached forever.
   */
  serve(path: string, hash?: string): OpenAPIReply {
    const trimmed = path.replace(/^\/?(openapi\/v3\/?)?/, '').replace(/\/+$/, '');
    if (trimmed === '') {
      const root = this.root();
      return { status: 200, json: root.json, etag: root.etag, cacheControl: 'no-cache, private' };
    }
    const document = this.document(trimmed);
    if (!document) return { status: 404 };
    if (hash !== undefined && hash !== '' && hash !== document.hash) {
      return { status: 301, location: `/openapi/v3/${trimmed}?hash=${document.hash}` };
    }
    const cacheControl = hash ? 'public, immutable' : 'no-cache, private';
    return { status: 200, json: document.json, etag: document.etag, cacheControl };
  }

  #refresh(): void {
    if (this.#generation === this.#catalog.generation) return;
    this.#generation = this.#catalog.generation;
    this.#documents.clear();
    this.#root = undefined;
  }
}
