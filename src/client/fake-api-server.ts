/**
 * An in-memory Kubernetes API for tests: a `KubeTransport` with resourceVersions, list paging,
 * watch from a resourceVersion with history, bookmarks, compaction (410 Gone) and error
 * injection. Semantics follow kube-apiserver where tests depend on them; simplifications:
 * strategic-merge and apply patches behave as JSON merge patches, no garbage collection of
 * dependents, no admission or validation, continue pages read the current state.
 */
import { randomUUID } from 'node:crypto';
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { KubeList, KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import type { ApiStatus } from './api-error.js';
import { ApiError, failureStatus } from './api-error.js';
import { AsyncQueue } from './async-queue.js';
import type {
  ApiGroup,
  ApiResourceList,
  CreateOptions,
  DeleteOptions,
  DiscoveryDocument,
  GetOptions,
  KubeClient,
  KubeTransport,
  ListOptions,
  PatchOptions,
  RawResponse,
  ResourceRef,
  UpdateOptions,
  VersionInfo,
  WatchEvent,
  WatchOptions,
  WatchStream,
} from './client.js';
import { apiVersionOf } from './client.js';
import type { Clock } from './clock.js';
import { realClock } from './clock.js';
import type { FieldRequirement } from './field-selector.js';
import { matchesFieldSelector, parseFieldSelector } from './field-selector.js';
import { deepFreeze } from './freeze.js';
import { createKubeClient } from './kube-client.js';
import type { Requirement } from './label-selector.js';
import { matchesRequirements, parseLabelSelector } from './label-selector.js';
import { applyMergePatch } from './merge-patch.js';

/** A resource the fake serves. */
export interface FakeResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** spec and status are written through different endpoints. */
  readonly statusSubresource?: boolean;
  /** Serves `scale` mapping `.spec.replicas`. */
  readonly scaleSubresource?: boolean;
  readonly shortNames?: readonly string[];
}

/** What the fake serves unless told otherwise. */
export const DEFAULT_FAKE_RESOURCES: readonly FakeResource[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, statusSubresource: true, shortNames: ['ns'] },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, statusSubresource: true, shortNames: ['po'] },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, statusSubresource: true, shortNames: ['no'] },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true, statusSubresource: true, shortNames: ['svc'] },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, statusSubresource: true, scaleSubresource: true, shortNames: ['deploy'] },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, statusSubresource: true, scaleSubresource: true, shortNames: ['rs'] },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, statusSubresource: true, scaleSubresource: true, shortNames: ['sts'] },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true },
  { group: 'cluster.karmada.io', version: 'v1alpha1', resource: 'clusters', kind: 'Cluster', namespaced: false, statusSubresource: true },
  { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'propagationpolicies', kind: 'PropagationPolicy', namespaced: true, shortNames: ['pp'] },
  { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'clusterpropagationpolicies', kind: 'ClusterPropagationPolicy', namespaced: false, shortNames: ['cpp'] },
  { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'overridepolicies', kind: 'OverridePolicy', namespaced: true, shortNames: ['op'] },
  { group: 'policy.karmada.io', version: 'v1alpha1', resource: 'clusteroverridepolicies', kind: 'ClusterOverridePolicy', namespaced: false, shortNames: ['cop'] },
  { group: 'work.karmada.io', version: 'v1alpha1', resource: 'works', kind: 'Work', namespaced: true, statusSubresource: true },
  { group: 'work.karmada.io', version: 'v1alpha2', resource: 'resourcebindings', kind: 'ResourceBinding', namespaced: true, statusSubresource: true, shortNames: ['rb'] },
  { group: 'work.karmada.io', version: 'v1alpha2', resource: 'clusterresourcebindings', kind: 'ClusterResourceBinding', namespaced: false, statusSubresource: true, shortNames: ['crb'] },
];

export type FakeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface FakeApiServerOptions {
  readonly resources?: readonly FakeResource[];
  readonly clock?: Clock;
  /** Refuse watches at compacted versions with a thrown 410 (HTTP style) instead of an ERROR event. */
  readonly goneAsHttpError?: boolean;
}

/** One request the fake served, for assertions. */
export interface FakeRequest {
  readonly verb: FakeVerb;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly resourceVersion?: string;
  readonly subresource?: string;
}

interface Stored {
  readonly resource: FakeResource;
  readonly object: KubeObject; // frozen
}

interface HistoryEntry {
  readonly rev: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resourceKey: string;
  readonly object: KubeObject;
  readonly prev: KubeObject | undefined;
}

interface Watcher {
  readonly resourceKey: string;
  readonly namespace: string | undefined;
  readonly labels: readonly Requirement[];
  readonly fields: readonly FieldRequirement[];
  readonly bookmarks: boolean;
  readonly queue: AsyncQueue<WatchEvent>;
}

function resourceKeyOf(r: { group: string; resource: string }): string {
  return `${r.group}/${r.resource}`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  }
  return s;
}

/** Everything but metadata and status: what bumps generation. */
function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

function withoutVolatile(obj: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = obj.metadata;
  return JSON.stringify({ ...obj, metadata: meta });
}

/** The in-memory API; `client` is a KubeClient over it. */
export class FakeApiServer implements KubeTransport {
  readonly client: KubeClient;
  /** Every request served, oldest first. */
  readonly requests: FakeRequest[] = [];
  private readonly resources = new Map<string, FakeResource>();
  private readonly objects = new Map<string, Stored>();
  private history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private rev = 1;
  private compacted = 0;
  private readonly failures: { verb: FakeVerb; resource: string | undefined; status: ApiStatus }[] = [];
  private readonly clock: Clock;
  private readonly goneAsHttpError: boolean;

  constructor(options: FakeApiServerOptions = {}) {
    for (const r of options.resources ?? DEFAULT_FAKE_RESOURCES) {
      this.resources.set(resourceKeyOf(r), r);
    }
    this.clock = options.clock ?? realClock;
    this.goneAsHttpError = options.goneAsHttpError ?? false;
    this.client = createKubeClient(this);
  }

  // ---- test controls ----

  /** Serves another resource (as installing a CRD would). */
  addResource(resource: FakeResource): void {
    this.resources.set(resourceKeyOf(resource), resource);
  }

  /** The current revision (the resourceVersion of the latest write). */
  revision(): number {
    return this.rev;
  }

  /** Forgets history up to now: watches and continue tokens at older versions get 410 Gone. */
  compact(): void {
    this.compacted = this.rev;
    this.history = [];
  }

  /** Ends every open watch normally (as a server-side timeout would). */
  closeWatches(): void {
    for (const w of [...this.watchers]) {
      w.queue.end();
    }
  }

  /** Sends a BOOKMARK at the current revision to every watch that allowed bookmarks. */
  sendBookmarks(): void {
    for (const w of this.watchers) {
      if (w.bookmarks) {
        const r = this.resources.get(w.resourceKey);
        w.queue.push({
          type: 'BOOKMARK',
          object: {
            apiVersion: r === undefined ? 'v1' : apiVersionOf(r),
            kind: r?.kind ?? '',
            metadata: { resourceVersion: String(this.rev) },
          },
        });
      }
    }
  }

  /** Sends an ERROR event with this status to every open watch (the stream then ends). */
  sendWatchError(status: ApiStatus): void {
    for (const w of [...this.watchers]) {
      w.queue.push({ type: 'ERROR', object: structuredClone(status) as unknown as KubeObject });
      w.queue.end();
    }
  }

  /** The next request of this verb (optionally on this resource, e.g. `leases`) fails with status. */
  failNext(verb: FakeVerb, status: ApiStatus, resource?: string): void {
    this.failures.push({ verb, resource, status });
  }

  /** Number of open watches. */
  openWatches(): number {
    return this.watchers.size;
  }

  /** A copy of every stored object of a resource (all when omitted). */
  snapshot(resource?: string): KubeObject[] {
    return [...this.objects.values()]
      .filter((s) => resource === undefined || s.resource.resource === resource)
      .map((s) => structuredClone(s.object));
  }

  /** Writes an object directly (create or replace), as another client would. */
  seed(resource: string, object: KubeObject): KubeObject {
    const r = this.resourceByName(resource);
    const key = this.objectKey(r, object.metadata.namespace, object.metadata.name ?? '');
    const existing = this.objects.get(key);
    if (existing === undefined) {
      return this.doCreate(r, object, object.metadata.namespace, false);
    }
    return this.doUpdate(r, existing, { ...object, metadata: { ...object.metadata, resourceVersion: undefined } }, undefined, false);
  }

  // ---- KubeTransport ----

  async get(ref: ResourceRef, name: string, options: GetOptions & { subresource?: string; path?: string }): Promise<unknown> {
    const r = this.begin('get', ref, { namespace: options.namespace, name, subresource: options.subresource });
    const stored = this.mustGet(r, options.namespace, name);
    if (options.subresource === undefined || (options.subresource === 'status' && r.statusSubresource === true)) {
      return structuredClone(stored.object);
    }
    if (options.subresource === 'scale' && r.scaleSubresource === true) {
      return this.scaleOf(stored.object);
    }
    throw new ApiError(failureStatus(404, 'NotFound', 'the server could not find the requested resource'));
  }

  async list(ref: ResourceRef, options: ListOptions): Promise<KubeList> {
    const r = this.begin('list', ref, { namespace: options.namespace, resourceVersion: options.resourceVersion });
    const labels = parseLabelSelector(options.labelSelector ?? '');
    const fields = parseFieldSelector(options.fieldSelector ?? '');
    let listRev = this.rev;
    let startAfter = '';
    if (options.continue !== undefined && options.continue !== '') {
      const token = this.decodeContinue(options.continue);
      if (token.rev < this.compacted) {
        throw new ApiError(
          failureStatus(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'),
        );
      }
      listRev = token.rev;
      startAfter = token.start;
    } else if (options.resourceVersionMatch === 'Exact' && options.resourceVersion !== undefined) {
      const requested = Number(options.resourceVersion);
      if (requested < this.compacted) {
        throw new ApiError(failureStatus(410, 'Expired', `too old resource version: ${requested} (${this.compacted})`));
      }
    }
    const rk = resourceKeyOf(r);
    const matching = [...this.objects.entries()]
      .filter(([key, s]) => resourceKeyOf(s.resource) === rk && key > startAfter && this.matches(s.object, options.namespace, labels, fields))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : matching.length;
    const page = matching.slice(0, limit);
    const remaining = matching.length - page.length;
    const metadata: KubeList['metadata'] = { resourceVersion: String(listRev) };
    const last = page[page.length - 1];
    if (remaining > 0 && last !== undefined) {
      metadata.continue = Buffer.from(JSON.stringify({ rev: listRev, start: last[0] })).toString('base64url');
      metadata.remainingItemCount = remaining;
    }
    return {
      apiVersion: apiVersionOf(r),
      kind: `${r.kind}List`,
      metadata,
      // As kube-apiserver does for built-ins, items carry no apiVersion/kind.
      items: page.map(([, s]) => {
        const { apiVersion: _a, kind: _k, ...rest } = structuredClone(s.object);
        return rest as KubeObject;
      }),
    };
  }

  async watch(ref: ResourceRef, options: WatchOptions): Promise<WatchStream> {
    const r = this.begin('watch', ref, { namespace: options.namespace, resourceVersion: options.resourceVersion });
    const rv = options.resourceVersion === undefined || options.resourceVersion === '' ? 0 : Number(options.resourceVersion);
    const gone = rv !== 0 && rv < this.compacted;
    if (gone && this.goneAsHttpError) {
      throw new ApiError(failureStatus(410, 'Expired', `too old resource version: ${rv} (${this.compacted})`));
    }
    const watcher: Watcher = {
      resourceKey: resourceKeyOf(r),
      namespace: options.namespace,
      labels: parseLabelSelector(options.labelSelector ?? ''),
      fields: parseFieldSelector(options.fieldSelector ?? ''),
      bookmarks: options.allowWatchBookmarks === true,
      queue: new AsyncQueue<WatchEvent>(() => {
        this.watchers.delete(watcher);
        options.signal?.removeEventListener('abort', onAbort);
      }),
    };
    const onAbort = (): void => watcher.queue.end();
    if (gone) {
      watcher.queue.push({
        type: 'ERROR',
        object: failureStatus(410, 'Expired', `too old resource version: ${rv} (${this.compacted})`) as unknown as KubeObject,
      });
      watcher.queue.end();
    } else {
      if (rv === 0) {
        for (const s of [...this.objects.values()].filter((x) => resourceKeyOf(x.resource) === watcher.resourceKey)) {
          if (this.matches(s.object, watcher.namespace, watcher.labels, watcher.fields)) {
            watcher.queue.push({ type: 'ADDED', object: structuredClone(s.object) });
          }
        }
      } else {
        for (const e of this.history) {
          if (e.rev > rv) {
            this.deliver(watcher, e);
          }
        }
      }
      this.watchers.add(watcher);
      if (options.signal?.aborted === true) {
        watcher.queue.end();
      } else {
        options.signal?.addEventListener('abort', onAbort, { once: true });
      }
    }
    const queue = watcher.queue;
    return {
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      close: () => queue.end(),
    };
  }

  async create(ref: ResourceRef, body: KubeObject, options: CreateOptions): Promise<KubeObject> {
    const r = this.begin('create', ref, { namespace: options.namespace, name: body.metadata.name });
    return this.doCreate(r, body, options.namespace, options.dryRun === true);
  }

  async update(ref: ResourceRef, name: string, body: KubeObject, options: UpdateOptions & { subresource?: string }): Promise<KubeObject> {
    const r = this.begin('update', ref, { namespace: options.namespace, name, subresource: options.subresource });
    if (body.metadata.name !== undefined && body.metadata.name !== name && options.subresource === undefined) {
      throw new ApiError(failureStatus(400, 'BadRequest', 'the name of the object does not match the name on the URL'));
    }
    const stored = this.mustGet(r, options.namespace, name);
    if (options.subresource === 'scale') {
      if (r.scaleSubresource !== true) {
        throw new ApiError(failureStatus(404, 'NotFound', 'the server could not find the requested resource'));
      }
      const replicas = isPlainObject(body['spec']) ? body['spec']['replicas'] : undefined;
      const spec = isPlainObject(stored.object['spec']) ? stored.object['spec'] : {};
      const next = { ...stored.object, metadata: { ...stored.object.metadata, resourceVersion: body.metadata.resourceVersion }, spec: { ...spec, replicas } };
      return this.scaleOf(this.doUpdate(r, stored, next, undefined, options.dryRun === true));
    }
    return this.doUpdate(r, stored, body, options.subresource, options.dryRun === true);
  }

  async patch(ref: ResourceRef, name: string, body: unknown, options: PatchOptions): Promise<KubeObject> {
    const r = this.begin('patch', ref, { namespace: options.namespace, name, subresource: options.subresource });
    const key = this.objectKey(r, options.namespace, name);
    const stored = this.objects.get(key);
    if (stored === undefined) {
      if (options.type === 'apply' && isPlainObject(body)) {
        return this.doCreate(r, { ...(body as KubeObject), metadata: { ...(body as KubeObject).metadata, name } }, options.namespace, options.dryRun === true);
      }
      throw this.notFound(r, name);
    }
    let patched: unknown;
    if (options.type === 'json') {
      if (!Array.isArray(body)) {
        throw new ApiError(failureStatus(400, 'BadRequest', 'json patch must be an array of operations'));
      }
      try {
        patched = jsonpatch.applyPatch(structuredClone(stored.object), body as Operation[], true, false).newDocument;
      } catch (err) {
        throw new ApiError(failureStatus(422, 'Invalid', `the server rejected our request due to an error in our request: ${String(err)}`));
      }
    } else {
      patched = applyMergePatch(stored.object, body);
    }
    if (!isPlainObject(patched) || !isPlainObject(patched['metadata'])) {
      throw new ApiError(failureStatus(422, 'Invalid', 'patch produced an invalid object'));
    }
    const next = patched as KubeObject;
    // A patch without a resourceVersion is not a precondition; one that sets it is.
    const patchRv = isPlainObject(body) && isPlainObject(body['metadata']) ? body['metadata']['resourceVersion'] : undefined;
    if (typeof patchRv !== 'string') {
      next.metadata = { ...next.metadata, resourceVersion: undefined };
    }
    return this.doUpdate(r, stored, next, options.subresource, options.dryRun === true);
  }

  async delete(ref: ResourceRef, name: string, options: DeleteOptions): Promise<KubeObject> {
    const r = this.begin('delete', ref, { namespace: options.namespace, name });
    const stored = this.mustGet(r, options.namespace, name);
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== stored.object.metadata.uid) {
      throw new ApiError(failureStatus(409, 'Conflict', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${stored.object.metadata.uid ?? ''}`));
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== stored.object.metadata.resourceVersion) {
      throw new ApiError(
        failureStatus(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${stored.object.metadata.resourceVersion ?? ''}`),
      );
    }
    if (options.dryRun === true) {
      return structuredClone(stored.object);
    }
    const finalizers = stored.object.metadata.finalizers ?? [];
    if (finalizers.length > 0) {
      if (stored.object.metadata.deletionTimestamp !== undefined) {
        return structuredClone(stored.object);
      }
      const next = structuredClone(stored.object);
      next.metadata.deletionTimestamp = rfc3339(this.clock.now());
      next.metadata.deletionGracePeriodSeconds = 0;
      return structuredClone(this.write(r, 'MODIFIED', next, stored.object));
    }
    this.remove(r, stored);
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: r.group, kind: r.resource, uid: stored.object.metadata.uid },
    };
  }

  async discover(): Promise<DiscoveryDocument> {
    const byGv = new Map<string, FakeResource[]>();
    const groups = new Map<string, string[]>();
    for (const r of this.resources.values()) {
      const gv = apiVersionOf(r);
      byGv.set(gv, [...(byGv.get(gv) ?? []), r]);
      const versions = groups.get(r.group) ?? [];
      if (!versions.includes(r.version)) {
        versions.push(r.version);
      }
      groups.set(r.group, versions);
    }
    const apiGroups: ApiGroup[] = [...groups.entries()].map(([name, versions]) => {
      const vs = versions.map((version) => ({ groupVersion: apiVersionOf({ group: name, version }), version }));
      return { name, versions: vs, preferredVersion: vs[0] ?? { groupVersion: '', version: '' } };
    });
    const resourceLists: ApiResourceList[] = [...byGv.entries()].map(([groupVersion, rs]) => ({
      groupVersion,
      resources: rs.flatMap((r) => {
        const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
        const main = {
          name: r.resource,
          singularName: r.kind.toLowerCase(),
          namespaced: r.namespaced,
          kind: r.kind,
          verbs,
          ...(r.shortNames === undefined ? {} : { shortNames: r.shortNames }),
        };
        const subs = [];
        if (r.statusSubresource === true) {
          subs.push({ name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
        }
        if (r.scaleSubresource === true) {
          subs.push({ name: `${r.resource}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
        }
        return [main, ...subs];
      }),
    }));
    return { groups: apiGroups, resourceLists };
  }

  async serverVersion(): Promise<VersionInfo> {
    return { major: '1', minor: '31', gitVersion: 'v1.31.0-fake', platform: 'linux/amd64' };
  }

  async getRaw(path: string): Promise<RawResponse> {
    if (path === '/readyz' || path === '/healthz' || path === '/livez') {
      return { statusCode: 200, body: 'ok', contentType: 'text/plain' };
    }
    if (path === '/version') {
      return { statusCode: 200, body: JSON.stringify(await this.serverVersion()), contentType: 'application/json' };
    }
    return { statusCode: 404, body: '404 page not found', contentType: 'text/plain' };
  }

  close(): void {
    this.closeWatches();
  }

  // ---- internals ----

  private begin(verb: FakeVerb, ref: ResourceRef, details: Omit<FakeRequest, 'verb' | 'resource'>): FakeResource {
    const r = this.resources.get(resourceKeyOf(ref));
    const request: FakeRequest = { verb, resource: ref.resource };
    for (const [k, v] of Object.entries(details)) {
      if (v !== undefined) {
        (request as unknown as Record<string, unknown>)[k] = v;
      }
    }
    this.requests.push(request);
    const i = this.failures.findIndex((f) => f.verb === verb && (f.resource === undefined || f.resource === ref.resource));
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      if (f !== undefined) {
        throw new ApiError(structuredClone(f.status));
      }
    }
    if (r === undefined || r.version !== ref.version) {
      throw new ApiError(failureStatus(404, 'NotFound', 'the server could not find the requested resource'));
    }
    return r;
  }

  private resourceByName(resource: string): FakeResource {
    const r = [...this.resources.values()].find((x) => x.resource === resource || resourceKeyOf(x) === resource);
    if (r === undefined) {
      throw new Error(`fake: unknown resource ${resource}`);
    }
    return r;
  }

  private objectKey(r: FakeResource, namespace: string | undefined, name: string): string {
    return `${resourceKeyOf(r)}/${r.namespaced ? (namespace ?? '') : ''}/${name}`;
  }

  private notFound(r: FakeResource, name: string): ApiError {
    const qualified = r.group === '' ? r.resource : `${r.resource}.${r.group}`;
    return new ApiError(failureStatus(404, 'NotFound', `${qualified} "${name}" not found`, { name, group: r.group, kind: r.resource }));
  }

  private mustGet(r: FakeResource, namespace: string | undefined, name: string): Stored {
    const stored = this.objects.get(this.objectKey(r, namespace, name));
    if (stored === undefined) {
      throw this.notFound(r, name);
    }
    return stored;
  }

  private matches(obj: KubeObject, namespace: string | undefined, labels: readonly Requirement[], fields: readonly FieldRequirement[]): boolean {
    return (
      (namespace === undefined || obj.metadata.namespace === namespace) &&
      matchesRequirements(labels, obj.metadata.labels) &&
      matchesFieldSelector(fields, obj)
    );
  }

  private scaleOf(obj: KubeObject): KubeObject {
    const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
    const status = isPlainObject(obj['status']) ? obj['status'] : {};
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 1 },
      status: { replicas: typeof status['replicas'] === 'number' ? status['replicas'] : 0 },
    };
  }

  private decodeContinue(token: string): { rev: number; start: string } {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      if (isPlainObject(parsed) && typeof parsed['rev'] === 'number' && typeof parsed['start'] === 'string') {
        return { rev: parsed['rev'], start: parsed['start'] };
      }
    } catch {
      // fall through
    }
    throw new ApiError(failureStatus(400, 'BadRequest', 'continue key is not valid'));
  }

  private doCreate(r: FakeResource, body: KubeObject, namespace: string | undefined, dryRun: boolean): KubeObject {
    const obj = structuredClone(body);
    obj.metadata ??= {};
    const ns = r.namespaced ? (namespace ?? obj.metadata.namespace) : undefined;
    if (r.namespaced && (ns === undefined || ns === '')) {
      throw new ApiError(failureStatus(400, 'BadRequest', 'the namespace of the object is required'));
    }
    if (ns !== undefined && obj.metadata.namespace !== undefined && obj.metadata.namespace !== ns) {
      throw new ApiError(failureStatus(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
    }
    let name = obj.metadata.name;
    if ((name === undefined || name === '') && obj.metadata.generateName !== undefined) {
      name = `${obj.metadata.generateName}${randomSuffix()}`;
    }
    if (name === undefined || name === '') {
      throw new ApiError(failureStatus(422, 'Invalid', `${r.kind} "" is invalid: metadata.name: Required value: name or generateName is required`));
    }
    const key = this.objectKey(r, ns, name);
    if (this.objects.has(key)) {
      const qualified = r.group === '' ? r.resource : `${r.resource}.${r.group}`;
      throw new ApiError(failureStatus(409, 'AlreadyExists', `${qualified} "${name}" already exists`, { name, group: r.group, kind: r.resource }));
    }
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    const { resourceVersion: _rv, deletionTimestamp: _dt, ...meta } = obj.metadata;
    obj.metadata = { ...meta, name, uid: randomUUID(), creationTimestamp: rfc3339(this.clock.now()), generation: 1 };
    if (ns !== undefined) {
      obj.metadata.namespace = ns;
    }
    if (r.statusSubresource === true) {
      delete obj['status'];
    }
    if (dryRun) {
      return obj;
    }
    return structuredClone(this.write(r, 'ADDED', obj, undefined));
  }

  private doUpdate(r: FakeResource, stored: Stored, body: KubeObject, subresource: string | undefined, dryRun: boolean): KubeObject {
    const old = stored.object;
    const rv = body.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) {
      const qualified = r.group === '' ? r.resource : `${r.resource}.${r.group}`;
      throw new ApiError(
        failureStatus(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${old.metadata.name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`, {
          name: old.metadata.name,
          group: r.group,
          kind: r.resource,
        }),
      );
    }
    let next: KubeObject;
    if (subresource === 'status') {
      next = structuredClone(old);
      if (body['status'] === undefined) {
        delete next['status'];
      } else {
        next['status'] = structuredClone(body['status']);
      }
    } else if (subresource === undefined) {
      next = structuredClone(body);
      next.apiVersion = apiVersionOf(r);
      next.kind = r.kind;
      // System fields cannot be changed by an update.
      next.metadata = {
        ...next.metadata,
        name: old.metadata.name,
        namespace: old.metadata.namespace,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        generation: old.metadata.generation,
        deletionTimestamp: old.metadata.deletionTimestamp,
        deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds,
      };
      for (const k of Object.keys(next.metadata)) {
        if (next.metadata[k] === undefined) {
          delete next.metadata[k];
        }
      }
      if (r.statusSubresource === true) {
        if (old['status'] === undefined) {
          delete next['status'];
        } else {
          next['status'] = structuredClone(old['status']);
        }
      }
      if (specPart(next) !== specPart(old)) {
        next.metadata.generation = (old.metadata.generation ?? 0) + 1;
      }
    } else {
      throw new ApiError(failureStatus(404, 'NotFound', 'the server could not find the requested resource'));
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (withoutVolatile(next) === withoutVolatile(old)) {
      return structuredClone(old); // no-op: no new resourceVersion, no event
    }
    if (dryRun) {
      return next;
    }
    if (next.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0) {
      this.remove(r, { resource: r, object: next });
      const gone = structuredClone(next);
      gone.metadata.resourceVersion = String(this.rev);
      return gone;
    }
    return structuredClone(this.write(r, 'MODIFIED', next, old));
  }

  private write(r: FakeResource, type: 'ADDED' | 'MODIFIED', obj: KubeObject, prev: KubeObject | undefined): KubeObject {
    this.rev++;
    obj.metadata.resourceVersion = String(this.rev);
    const frozen = deepFreeze(obj);
    this.objects.set(this.objectKey(r, frozen.metadata.namespace, frozen.metadata.name ?? ''), { resource: r, object: frozen });
    this.record({ rev: this.rev, type, resourceKey: resourceKeyOf(r), object: frozen, prev });
    return frozen;
  }

  private remove(r: FakeResource, stored: Stored): void {
    this.rev++;
    const last = structuredClone(stored.object);
    last.metadata.resourceVersion = String(this.rev);
    const key = this.objectKey(r, last.metadata.namespace, last.metadata.name ?? '');
    const prev = this.objects.get(key)?.object;
    this.objects.delete(key);
    this.record({ rev: this.rev, type: 'DELETED', resourceKey: resourceKeyOf(r), object: deepFreeze(last), prev });
  }

  private record(entry: HistoryEntry): void {
    this.history.push(entry);
    for (const w of this.watchers) {
      this.deliver(w, entry);
    }
  }

  /** Applies selector semantics: objects moving in or out of a selector appear as ADDED/DELETED. */
  private deliver(w: Watcher, e: HistoryEntry): void {
    if (w.resourceKey !== e.resourceKey) {
      return;
    }
    const now = this.matches(e.object, w.namespace, w.labels, w.fields);
    const before = e.prev !== undefined && this.matches(e.prev, w.namespace, w.labels, w.fields);
    let type: WatchEvent['type'] | undefined;
    if (e.type === 'DELETED') {
      type = before || now ? 'DELETED' : undefined;
    } else if (e.type === 'ADDED') {
      type = now ? 'ADDED' : undefined;
    } else {
      type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    }
    if (type !== undefined) {
      w.queue.push({ type, object: structuredClone(e.object) });
    }
  }
}
