/**
 * A KubeTransport that times every call of the one it wraps: the latency the in-process
 * controllers see from the control plane's API (queueing on the shared event loop included).
 * Watches are not timed (they are streams).
 */
import type { KubeList, KubeObject } from '../../src/api/object.js';
import type {
  CreateOptions,
  DeleteOptions,
  DiscoveryDocument,
  GetOptions,
  KubeTransport,
  ListOptions,
  PatchOptions,
  RawResponse,
  RequestOptions,
  ResourceRef,
  UpdateOptions,
  VersionInfo,
  WatchOptions,
  WatchStream,
} from '../../src/client/client.js';
import { LogHistogram } from './histogram.js';

/** Call latency by class: single-object writes, single-object reads, collection reads. */
export interface CallLatencies {
  readonly mutating: LogHistogram;
  readonly get: LogHistogram;
  readonly list: LogHistogram;
  /** Calls by `verb resource[/subresource]`, to see which controller writes what. */
  readonly byResource: Map<string, number>;
}

export function newCallLatencies(): CallLatencies {
  return { mutating: new LogHistogram(), get: new LogHistogram(), list: new LogHistogram(), byResource: new Map() };
}

export class TimingTransport implements KubeTransport {
  /** Replaced by the benchmark at phase boundaries (each phase reports its own calls). */
  latencies: CallLatencies = newCallLatencies();

  constructor(private readonly inner: KubeTransport) {}

  private async timed<T>(kind: 'mutating' | 'get' | 'list', call: () => Promise<T>, verb?: string, ref?: ResourceRef, subresource?: string): Promise<T> {
    if (verb !== undefined && ref !== undefined) {
      const key = `${verb} ${ref.resource}${subresource === undefined || subresource === '' ? '' : `/${subresource}`}`;
      this.latencies.byResource.set(key, (this.latencies.byResource.get(key) ?? 0) + 1);
    }
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.latencies[kind].record(performance.now() - started);
    }
  }

  get(ref: ResourceRef, name: string, options: GetOptions & { readonly subresource?: string; readonly path?: string }): Promise<unknown> {
    return this.timed('get', () => this.inner.get(ref, name, options), 'get', ref, options.subresource);
  }

  list(ref: ResourceRef, options: ListOptions): Promise<KubeList> {
    return this.timed('list', () => this.inner.list(ref, options), 'list', ref);
  }

  watch(ref: ResourceRef, options: WatchOptions): Promise<WatchStream> {
    return this.inner.watch(ref, options);
  }

  create(ref: ResourceRef, body: KubeObject, options: CreateOptions): Promise<KubeObject> {
    return this.timed('mutating', () => this.inner.create(ref, body, options), 'create', ref);
  }

  update(ref: ResourceRef, name: string, body: KubeObject, options: UpdateOptions & { readonly subresource?: string }): Promise<KubeObject> {
    return this.timed('mutating', () => this.inner.update(ref, name, body, options), 'update', ref, options.subresource);
  }

  patch(ref: ResourceRef, name: string, body: unknown, options: PatchOptions): Promise<KubeObject> {
    return this.timed('mutating', () => this.inner.patch(ref, name, body, options), 'patch', ref, options.subresource);
  }

  delete(ref: ResourceRef, name: string, options: DeleteOptions): Promise<KubeObject> {
    return this.timed('mutating', () => this.inner.delete(ref, name, options), 'delete', ref);
  }

  discover(options?: RequestOptions): Promise<DiscoveryDocument> {
    return this.inner.discover(options);
  }

  serverVersion(options?: RequestOptions): Promise<VersionInfo> {
    return this.inner.serverVersion(options);
  }

  getRaw(path: string, options?: RequestOptions): Promise<RawResponse> {
    return this.inner.getRaw(path, options);
  }

  close(): void {
    this.inner.close();
  }
}
