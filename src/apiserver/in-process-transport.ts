import type { ResourceCatalog } from '../api/catalog/catalog.js';
import type { KubeList, KubeObject } from '../api/object.js';
import { groupVersion, type ResourceInfo } from '../api/resource-info.js';
import { ApiError } from '../client/api-error.js';
import type {
  ApiGroup,
  ApiResourceList,
  CreateOptions,
  DeleteOptions,
  DiscoveryDocument,
  GetOptions,
  KubeTransport,
  ListOptions,
  PatchOptions,
  PatchType,
  RawResponse,
  ResourceRef,
  UpdateOptions,
  VersionInfo,
  WatchEvent,
  WatchOptions,
  WatchStream,
} from '../client/client.js';
import { AsyncQueue } from '../client/async-queue.js';
import { buildAPIGroupList, buildAPIResourceList, buildAPIVersions } from './discovery/legacy.js';
import type { ResourceOperations } from './operations/resource-operations.js';
import { pathNotFound, StatusError } from './status-error.js';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Runs an operation, turning the apiserver's StatusError into the client's ApiError. */
async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StatusError) {
      throw new ApiError(error.toStatus());
    }
    throw error;
  }
}

/**
 * The in-process client transport: controllers inside the control plane (or a simulated member)
 * call the API server's operations directly, with the same semantics as over HTTP, no sockets
 * and no serialisation of requests. Objects passed in are copied; objects returned are fresh.
 */
export class InProcessTransport implements KubeTransport {
  constructor(
    private readonly ops: ResourceOperations,
    private readonly catalog: ResourceCatalog,
    private readonly version: VersionInfo,
    private readonly user = 'system:admin',
    /** Managers of writes without a fieldManager are named after it, as kube does with User-Agent. */
    private readonly userAgent = 'karmada-controller-manager',
  ) {}

  private info(ref: ResourceRef): ResourceInfo {
    const info = this.catalog.get(ref.group, ref.version, ref.resource);
    if (info === undefined) {
      throw new ApiError(pathNotFound().toStatus());
    }
    return info;
  }

  private namespace(info: ResourceInfo, namespace: string | undefined): string {
    return info.namespaced ? (namespace ?? '') : '';
  }

  get(ref: ResourceRef, name: string, options: GetOptions & { readonly subresource?: string; readonly path?: string }): Promise<unknown> {
    return call(async () => {
      const info = this.info(ref);
      return this.ops.get(info, this.namespace(info, options.namespace), name, options.subresource ?? '');
    });
  }

  list(ref: ResourceRef, options: ListOptions): Promise<KubeList> {
    return call(async () => {
      const info = this.info(ref);
      const result = await this.ops.list(info, this.namespace(info, options.namespace), {
        ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
        ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.continue === undefined ? {} : { continue: options.continue }),
        ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
        ...(options.resourceVersionMatch === undefined ? {} : { resourceVersionMatch: options.resourceVersionMatch }),
      });
      return {
        apiVersion: groupVersion(info),
        kind: info.listKind,
        metadata: {
          resourceVersion: result.resourceVersion,
          ...(result.continue === undefined ? {} : { continue: result.continue }),
          ...(result.remainingItemCount === undefined ? {} : { remainingItemCount: result.remainingItemCount }),
        },
        items: result.items,
      };
    });
  }

  async watch(ref: ResourceRef, options: WatchOptions): Promise<WatchStream> {
    const info = this.info(ref);
    const namespace = this.namespace(info, options.namespace);
    const controller = new AbortController();
    const signals = options.signal === undefined ? [controller.signal] : [controller.signal, options.signal];
    const signal = AbortSignal.any(signals);
    const queue = new AsyncQueue<WatchEvent>();
    const timer = options.timeoutSeconds === undefined ? undefined : setTimeout(() => controller.abort(), options.timeoutSeconds * 1000);
    // validates selectors before the stream starts, as the HTTP server answers 400 up front
    await call(async () => {
      this.ops.filter(info, { ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }), ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }) });
    });
    const pump = async (): Promise<void> => {
      try {
        const events = this.ops.watch(info, namespace, {
          ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
          ...(options.fieldSelector === undefined ? {} : { fieldSelector: options.fieldSelector }),
          ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
          signal,
        });
        for await (const event of events) {
          queue.push({ type: event.type, object: event.object });
        }
      } catch (error) {
        if (!signal.aborted) {
          const status = error instanceof StatusError ? error.toStatus() : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(error), code: 500 };
          queue.push({ type: 'ERROR', object: status as unknown as KubeObject });
        }
      } finally {
        if (timer !== undefined) {
          clearTimeout(timer);
        }
        queue.end();
      }
    };
    void pump();
    return {
      [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
      close: () => controller.abort(),
    };
  }

  create(ref: ResourceRef, body: KubeObject, options: CreateOptions): Promise<KubeObject> {
    return call(async () => {
      const info = this.info(ref);
      const result = await this.ops.create(info, this.namespace(info, options.namespace ?? body.metadata.namespace), structuredClone(body), this.writeOptions(options));
      return result.object;
    });
  }

  update(ref: ResourceRef, name: string, body: KubeObject, options: UpdateOptions & { readonly subresource?: string }): Promise<KubeObject> {
    return call(async () => {
      const info = this.info(ref);
      const result = await this.ops.update(info, this.namespace(info, options.namespace ?? body.metadata.namespace), name, structuredClone(body), {
        ...this.writeOptions(options),
        subresource: options.subresource ?? '',
      });
      return result.object;
    });
  }

  patch(ref: ResourceRef, name: string, body: unknown, options: PatchOptions): Promise<KubeObject> {
    return call(async () => {
      const info = this.info(ref);
      const raw = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      const result = await this.ops.patch(info, this.namespace(info, options.namespace), name, PATCH_CONTENT_TYPES[options.type], raw, {
        ...this.writeOptions(options),
        subresource: options.subresource ?? '',
        force: options.force === true,
      });
      return result.object;
    });
  }

  delete(ref: ResourceRef, name: string, options: DeleteOptions): Promise<KubeObject> {
    return call(async () => {
      const info = this.info(ref);
      return this.ops.delete(info, this.namespace(info, options.namespace), name, {
        user: this.user,
        dryRun: options.dryRun === true,
        ...(options.propagationPolicy === undefined ? {} : { propagationPolicy: options.propagationPolicy }),
        ...(options.preconditions === undefined ? {} : { preconditions: { ...options.preconditions } }),
      });
    });
  }

  async discover(): Promise<DiscoveryDocument> {
    const groups: ApiGroup[] = [];
    const core = buildAPIVersions(this.catalog);
    groups.push({ name: '', versions: core.versions.map((v) => ({ groupVersion: v, version: v })), preferredVersion: { groupVersion: 'v1', version: 'v1' } });
    groups.push(...(buildAPIGroupList(this.catalog).groups as unknown as ApiGroup[]));
    const resourceLists: ApiResourceList[] = [];
    for (const group of groups) {
      for (const version of group.versions) {
        const list = buildAPIResourceList(this.catalog, group.name, version.version);
        if (list !== undefined) {
          resourceLists.push(list as unknown as ApiResourceList);
        }
      }
    }
    return { groups, resourceLists };
  }

  async serverVersion(): Promise<VersionInfo> {
    return { ...this.version };
  }

  async getRaw(path: string): Promise<RawResponse> {
    if (['/readyz', '/healthz', '/livez'].includes(path)) {
      return { statusCode: 200, body: 'ok', contentType: 'text/plain' };
    }
    if (path === '/version') {
      return { statusCode: 200, body: JSON.stringify(this.version), contentType: 'application/json' };
    }
    return { statusCode: 404, body: JSON.stringify(pathNotFound().toStatus()), contentType: 'application/json' };
  }

  close(): void {
    // nothing to release: no sockets
  }

  private writeOptions(options: CreateOptions): { dryRun: boolean; user: string; userAgent: string; fieldManager?: string; fieldValidation?: string } {
    return {
      dryRun: options.dryRun === true,
      user: this.user,
      userAgent: this.userAgent,
      ...(options.fieldManager === undefined ? {} : { fieldManager: options.fieldManager }),
      ...(options.fieldValidation === undefined ? {} : { fieldValidation: options.fieldValidation }),
    };
  }
}
