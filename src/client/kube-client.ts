import type { KubeList, KubeObject } from '../api/object.js';
import type {
  CreateOptions,
  DeleteOptions,
  GetOptions,
  KubeClient,
  KubeTransport,
  ListOptions,
  PatchOptions,
  ResourceMapper,
  ResourceRef,
  ResourceTarget,
  SubresourceOptions,
  UpdateOptions,
  WatchOptions,
  WatchStream,
} from './client.js';
import { apiVersionOf, isResourceRef } from './client.js';
import { RestMapper } from './rest-mapper.js';

export interface KubeClientOptions {
  /** Defaults to a `RestMapper` over the transport's discovery. */
  readonly mapper?: ResourceMapper;
}

/** A namespaced call without a namespace is a programming error, reported before any request. */
function namespaceFor(ref: ResourceRef, explicit: string | undefined, fromObject: string | undefined, verb: string): string | undefined {
  if (!ref.namespaced) {
    return undefined;
  }
  const ns = explicit ?? fromObject;
  if ((ns === undefined || ns === '') && verb !== 'list' && verb !== 'watch') {
    throw new Error(`${verb} ${ref.resource}: a namespace is required for a namespaced resource`);
  }
  return ns === '' ? undefined : ns;
}

function withNamespace<O extends { readonly namespace?: string }>(options: O, namespace: string | undefined): O {
  const { namespace: _ignored, ...rest } = options;
  return (namespace === undefined ? rest : { ...rest, namespace }) as O;
}

/** Lists omit apiVersion/kind on items (as kube-apiserver does for built-ins); fill them in. */
function fillItemTypes(list: KubeList, ref: ResourceRef): void {
  const apiVersion = list.apiVersion !== '' && list.apiVersion !== undefined ? list.apiVersion : apiVersionOf(ref);
  const kind = list.kind?.endsWith('List') === true ? list.kind.slice(0, -'List'.length) : ref.kind;
  for (const item of list.items) {
    item.apiVersion ??= apiVersion;
    if (item.kind === undefined && kind !== undefined) {
      item.kind = kind;
    }
  }
}

/** Turns any `KubeTransport` into a `KubeClient` (target resolution, namespace defaults, list typing). */
export function createKubeClient(transport: KubeTransport, options: KubeClientOptions = {}): KubeClient {
  const mapper = options.mapper ?? new RestMapper((o) => transport.discover(o));
  const resolve = async (target: ResourceTarget): Promise<ResourceRef> =>
    isResourceRef(target) ? target : await mapper.resourceFor(target.apiVersion, target.kind);

  const client: KubeClient = {
    mapper,
    resolve,
    async get<T extends KubeObject>(target: ResourceTarget, name: string, opts: GetOptions = {}): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, undefined, 'get');
      return (await transport.get(ref, name, withNamespace(opts, ns))) as T;
    },
    async list<T extends KubeObject>(target: ResourceTarget, opts: ListOptions = {}): Promise<KubeList<T>> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, undefined, 'list');
      const list = await transport.list(ref, withNamespace(opts, ns));
      fillItemTypes(list, ref);
      return list as KubeList<T>;
    },
    async watch<T extends KubeObject>(target: ResourceTarget, opts: WatchOptions = {}): Promise<WatchStream<T>> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, undefined, 'watch');
      return (await transport.watch(ref, withNamespace(opts, ns))) as WatchStream<T>;
    },
    async create<T extends KubeObject>(target: ResourceTarget, object: T, opts: CreateOptions = {}): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, object.metadata.namespace, 'create');
      return (await transport.create(ref, object, withNamespace(opts, ns))) as T;
    },
    async update<T extends KubeObject>(target: ResourceTarget, object: T, opts: UpdateOptions = {}): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, object.metadata.namespace, 'update');
      return (await transport.update(ref, requireName(object, 'update'), object, withNamespace(opts, ns))) as T;
    },
    async updateStatus<T extends KubeObject>(target: ResourceTarget, object: T, opts: UpdateOptions = {}): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, object.metadata.namespace, 'update');
      return (await transport.update(ref, requireName(object, 'updateStatus'), object, { ...withNamespace(opts, ns), subresource: 'status' })) as T;
    },
    async patch<T extends KubeObject>(target: ResourceTarget, name: string, patch: unknown, opts: PatchOptions): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, undefined, 'patch');
      if (opts.type === 'apply' && (opts.fieldManager === undefined || opts.fieldManager === '')) {
        throw new Error('patch: server-side apply requires a fieldManager');
      }
      return (await transport.patch(ref, name, patch, withNamespace(opts, ns))) as T;
    },
    async delete(target: ResourceTarget, name: string, opts: DeleteOptions = {}): Promise<KubeObject> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, undefined, 'delete');
      return await transport.delete(ref, name, withNamespace(opts, ns));
    },
    async getSubresource<T>(target: ResourceTarget, name: string, subresource: string, opts: SubresourceOptions = {}): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, undefined, 'get');
      const get: GetOptions & { subresource: string; path?: string } = { subresource };
      return (await transport.get(ref, name, {
        ...get,
        ...(ns === undefined ? {} : { namespace: ns }),
        ...(opts.path === undefined ? {} : { path: opts.path }),
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      })) as T;
    },
    async updateSubresource<T extends KubeObject>(
      target: ResourceTarget,
      name: string,
      subresource: string,
      body: KubeObject,
      opts: SubresourceOptions = {},
    ): Promise<T> {
      const ref = await resolve(target);
      const ns = namespaceFor(ref, opts.namespace, body.metadata.namespace, 'update');
      const { path: _path, ...rest } = withNamespace(opts, ns);
      return (await transport.update(ref, name, body, { ...rest, subresource })) as T;
    },
    discover: (o) => transport.discover(o),
    serverVersion: (o) => transport.serverVersion(o),
    getRaw: (path, o) => transport.getRaw(path, o),
    close: () => transport.close(),
  };
  return client;
}

function requireName(object: KubeObject, verb: string): string {
  const name = object.metadata.name;
  if (name === undefined || name === '') {
    throw new Error(`${verb}: metadata.name is required`);
  }
  return name;
}
