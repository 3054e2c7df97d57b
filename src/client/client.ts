/**
 * The one Kubernetes client contract used by controllers, the scheduler and karmadactl.
 *
 * Two layers:
 * - `KubeClient` (what callers use) addresses a resource by a `ResourceRef` or by
 *   apiVersion+kind, resolved through discovery (see rest-mapper.ts).
 * - `KubeTransport` (what an implementation provides) only sees resolved `ResourceRef`s.
 *   `createKubeClient(transport)` (kube-client.ts) turns any transport into a `KubeClient`.
 *   The HTTP transport is http-transport.ts; the in-process transport (direct calls into the
 *   local apiserver) implements `KubeTransport` too.
 */
import type { KubeList, KubeObject } from '../api/object.js';

/** A resolved resource: group ('' for core), version, plural resource name, and scope. */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `deployments`. */
  readonly resource: string;
  readonly namespaced: boolean;
  /** The kind, when known (filled by the RESTMapper); used to fill apiVersion/kind of list items. */
  readonly kind?: string;
}

/** A resource as discovery describes it (one group/version/resource). */
export interface ResourceMapping extends ResourceRef {
  readonly kind: string;
  readonly singularName: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** Subresource names served, e.g. `status`, `scale`. */
  readonly subresources: readonly string[];
  /** True when this version is the group's preferred version. */
  readonly preferred: boolean;
}

/** Resolves kinds and kubectl-style names to resources (implemented by rest-mapper.ts). */
export interface ResourceMapper {
  /** Throws `NoMatchError` when discovery (refreshed once on a miss) does not serve it. */
  resourceFor(apiVersion: string, kind: string): Promise<ResourceMapping>;
  /** kubectl-style: `deploy`, `deployments`, `deployment`, `deployments.apps`, `deployments.v1.apps`. Preferred version wins. */
  resolveName(name: string): Promise<ResourceMapping>;
  /** Every served (non-subresource) resource, all versions. */
  mappings(): Promise<readonly ResourceMapping[]>;
  /** Forgets the cached discovery; the next lookup refreshes. */
  invalidate(): void;
}

/** A resource named by its type, resolved through discovery. */
export interface TypeRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** How callers name a resource. */
export type ResourceTarget = ResourceRef | TypeRef;

/** True when target is already resolved. */
export function isResourceRef(target: ResourceTarget): target is ResourceRef {
  return 'resource' in target && typeof target.resource === 'string';
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(ref: { readonly group: string; readonly version: string }): string {
  return ref.group === '' ? ref.version : `${ref.group}/${ref.version}`;
}

/** Splits `apps/v1` into group and version (`v1` -> core group ''). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export interface RequestOptions {
  /** Aborts the request (and, for watch, closes the stream). */
  readonly signal?: AbortSignal;
}

export interface NamespaceOption {
  /** Ignored for cluster-scoped resources. For writes, defaults to the object's metadata.namespace. */
  readonly namespace?: string;
}

export interface GetOptions extends RequestOptions, NamespaceOption {
  readonly resourceVersion?: string;
}

export interface ListOptions extends RequestOptions, NamespaceOption {
  /** Kubernetes label selector syntax, e.g. `app=web,tier in (a,b),!legacy`. */
  readonly labelSelector?: string;
  /** Kubernetes field selector syntax, e.g. `metadata.name=x,status.phase!=Running`. */
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchOptions extends RequestOptions, NamespaceOption {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Events after this version. '' or '0': synthetic ADDED events for the current state first. */
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  /** The server ends the stream after this many seconds. */
  readonly timeoutSeconds?: number;
}

export type DryRun = boolean;
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface WriteOptions extends RequestOptions, NamespaceOption {
  /** Validate and default, but do not persist (`dryRun=All`). */
  readonly dryRun?: DryRun;
  readonly fieldManager?: string;
  readonly fieldValidation?: FieldValidation;
}

export type CreateOptions = WriteOptions;
export type UpdateOptions = WriteOptions;

/** json: RFC 6902; merge: RFC 7386; strategic: strategic merge patch; apply: server-side apply. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  readonly type: PatchType;
  /** Server-side apply: take ownership of conflicting fields. */
  readonly force?: boolean;
  /** e.g. `status`, `scale`. */
  readonly subresource?: string;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions extends RequestOptions, NamespaceOption {
  readonly propagationPolicy?: PropagationPolicy;
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun?: DryRun;
}

export interface SubresourceOptions extends RequestOptions, NamespaceOption {
  /** Extra path after the subresource, e.g. `api/v1/pods` for `clusters/NAME/proxy/api/v1/pods`. */
  readonly path?: string;
  readonly dryRun?: DryRun;
  readonly fieldManager?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One watch event. For ERROR, object is a metav1.Status (see api-error.ts `isStatus`). */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

/**
 * An open watch. Iterate it with `for await`; iteration ends when the server closes the
 * stream (e.g. timeoutSeconds elapsed), and throws on transport failures.
 */
export interface WatchStream<T extends KubeObject = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  /** Closes the stream; a pending iteration ends normally. Idempotent. */
  close(): void;
}

/** A Kubernetes APIGroup from `/apis` (the core group is listed with name ''). */
export interface ApiGroup {
  readonly name: string;
  readonly versions: readonly { readonly groupVersion: string; readonly version: string }[];
  readonly preferredVersion?: { readonly groupVersion: string; readonly version: string };
}

/** A Kubernetes APIResource as discovery lists it (subresources appear as `pods/status`). */
export interface ApiResource {
  readonly name: string;
  readonly singularName?: string;
  readonly namespaced: boolean;
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
}

/** A Kubernetes APIResourceList for one groupVersion. */
export interface ApiResourceList {
  readonly groupVersion: string;
  readonly resources: readonly ApiResource[];
}

/** Everything discovery serves: groups (with preferred versions) and each groupVersion's resources. */
export interface DiscoveryDocument {
  readonly groups: readonly ApiGroup[];
  readonly resourceLists: readonly ApiResourceList[];
}

/** What `/version` answers. */
export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit?: string;
  readonly gitTreeState?: string;
  readonly buildDate?: string;
  readonly goVersion?: string;
  readonly compiler?: string;
  readonly platform?: string;
}

/** A non-resource GET (`/readyz`, `/healthz`, `/version`); HTTP failures are not thrown. */
export interface RawResponse {
  readonly statusCode: number;
  readonly body: string;
  readonly contentType?: string;
}

/**
 * What an implementation provides (the HTTP one, the in-process one, the fake).
 *
 * Rules every transport follows:
 * - API failures throw `ApiError` (api-error.ts) carrying the server's Status; transport
 *   failures (connection refused, TLS) throw ordinary errors.
 * - Results are fresh objects the caller owns: no object handed out is shared with the
 *   server's state or with another caller, and objects passed in are not retained.
 * - `namespace` is already decided by the caller (KubeClient) and is ignored for
 *   cluster-scoped refs; for namespaced refs an absent namespace on list/watch means all.
 * - watch with a resourceVersion older than history either rejects with a 410 ApiError or
 *   yields one ERROR event carrying a 410 Status and ends; callers handle both.
 * - get/update/patch with a `subresource` address `name/subresource`; `path` follows it (proxy).
 */
export interface KubeTransport {
  get(ref: ResourceRef, name: string, options: GetOptions & { readonly subresource?: string; readonly path?: string }): Promise<unknown>;
  list(ref: ResourceRef, options: ListOptions): Promise<KubeList>;
  watch(ref: ResourceRef, options: WatchOptions): Promise<WatchStream>;
  create(ref: ResourceRef, body: KubeObject, options: CreateOptions): Promise<KubeObject>;
  update(ref: ResourceRef, name: string, body: KubeObject, options: UpdateOptions & { readonly subresource?: string }): Promise<KubeObject>;
  patch(ref: ResourceRef, name: string, body: unknown, options: PatchOptions): Promise<KubeObject>;
  /** Answers the deleted object (finalizers pending: the object with deletionTimestamp) or a Success Status. */
  delete(ref: ResourceRef, name: string, options: DeleteOptions): Promise<KubeObject>;
  discover(options?: RequestOptions): Promise<DiscoveryDocument>;
  serverVersion(options?: RequestOptions): Promise<VersionInfo>;
  getRaw(path: string, options?: RequestOptions): Promise<RawResponse>;
  /** Releases sockets and cached credentials. */
  close(): void;
}

/**
 * The client every controller, the scheduler and karmadactl use. Objects returned are owned
 * by the caller (never shared). Methods throw `ApiError` for API failures.
 */
export interface KubeClient {
  /** The discovery-backed mapper used to resolve `TypeRef`s. */
  readonly mapper: ResourceMapper;
  /** Resolves a target to a `ResourceRef` (through discovery for `TypeRef`s). */
  resolve(target: ResourceTarget): Promise<ResourceRef>;
  get<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, options?: GetOptions): Promise<T>;
  list<T extends KubeObject = KubeObject>(target: ResourceTarget, options?: ListOptions): Promise<KubeList<T>>;
  watch<T extends KubeObject = KubeObject>(target: ResourceTarget, options?: WatchOptions): Promise<WatchStream<T>>;
  create<T extends KubeObject = KubeObject>(target: ResourceTarget, object: T, options?: CreateOptions): Promise<T>;
  update<T extends KubeObject = KubeObject>(target: ResourceTarget, object: T, options?: UpdateOptions): Promise<T>;
  /** PUT to the status subresource. */
  updateStatus<T extends KubeObject = KubeObject>(target: ResourceTarget, object: T, options?: UpdateOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, patch: unknown, options: PatchOptions): Promise<T>;
  /** Answers the object (when finalizers keep it) or a Success Status. */
  delete(target: ResourceTarget, name: string, options?: DeleteOptions): Promise<KubeObject>;
  /** GET name/subresource[/path], e.g. `scale`, or `proxy` with a path. Proxy answers that are not JSON come back as a string. */
  getSubresource<T = KubeObject>(target: ResourceTarget, name: string, subresource: string, options?: SubresourceOptions): Promise<T>;
  /** PUT name/subresource, e.g. a Scale to `scale`. */
  updateSubresource<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, subresource: string, body: KubeObject, options?: SubresourceOptions): Promise<T>;
  discover(options?: RequestOptions): Promise<DiscoveryDocument>;
  serverVersion(options?: RequestOptions): Promise<VersionInfo>;
  /** GET a non-resource path such as `/readyz`; non-2xx answers are returned, not thrown. */
  getRaw(path: string, options?: RequestOptions): Promise<RawResponse>;
  close(): void;
}
