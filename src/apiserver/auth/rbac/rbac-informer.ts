import { isPlainObject } from '../../../api/object.js';
import type { KeyValue, Store, WatchEvent } from '../../../storage/storage.js';
import { RbacIndex } from './rbac-index.js';
import { RBAC_GROUP } from './types.js';

const PREFIX = `/registry/${RBAC_GROUP}/`;
const NAMESPACED = new Set(['roles', 'rolebindings']);
const CLUSTER = new Set(['clusterroles', 'clusterrolebindings']);
type Resource = 'roles' | 'rolebindings' | 'clusterroles' | 'clusterrolebindings';

/** Splits `/registry/rbac.authorization.k8s.io/<resource>/[<ns>/]<name>`. */
export function parseRbacKey(key: string): { resource: Resource; namespace: string; name: string } | undefined {
  if (!key.startsWith(PREFIX)) {
    return undefined;
  }
  const parts = key.slice(PREFIX.length).split('/');
  const resource = parts[0] ?? '';
  if (NAMESPACED.has(resource) && parts.length === 3) {
    return { resource: resource as Resource, namespace: parts[1] ?? '', name: parts[2] ?? '' };
  }
  if (CLUSTER.has(resource) && parts.length === 2) {
    return { resource: resource as Resource, namespace: '', name: parts[1] ?? '' };
  }
  return undefined;
}

function apply(index: RbacIndex, key: string, value: string | undefined): void {
  const parsed = parseRbacKey(key);
  if (parsed === undefined) {
    return;
  }
  if (value === undefined) {
    index.remove(parsed.resource, parsed.namespace, parsed.name);
    return;
  }
  let object: unknown;
  try {
    object = JSON.parse(value) as unknown;
  } catch {
    return;
  }
  if (isPlainObject(object)) {
    index.put(parsed.resource, parsed.namespace, parsed.name, object);
  }
}

/**
 * Keeps an RbacIndex in step with storage: one paged list, then one watch on the RBAC prefix;
 * after a watch failure (e.g. compaction) a fresh index is built and swapped in, so checks never
 * see a half-built index.
 */
export class RbacInformer {
  private current = new RbacIndex();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The current index (replaced on relist). */
  index(): RbacIndex {
    return this.current;
  }

  /** Called after every applied batch (the aggregation controller listens). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Lists, then follows in the background; resolves once the first list is in the index. */
  async start(signal: AbortSignal): Promise<void> {
    const revision = await this.relist();
    void this.follow(revision, signal);
  }

  private async relist(): Promise<number> {
    const fresh = new RbacIndex();
    let revision = 0;
    let startAfter: string | undefined;
    for (;;) {
      const page = await this.store.list(PREFIX, { revision, limit: 500, ...(startAfter === undefined ? {} : { startAfter }) });
      revision = page.revision;
      for (const kv of page.kvs) {
        apply(fresh, kv.key, kv.value);
        startAfter = kv.key;
      }
      if (page.remaining === 0 || page.kvs.length === 0) {
        break;
      }
    }
    this.current = fresh;
    this.notify();
    return revision;
  }

  private notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }

  private async follow(revision: number, signal: AbortSignal): Promise<void> {
    let after = revision;
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.watch(PREFIX, { afterRevision: after, signal })) {
          for (const event of batch) {
            this.applyEvent(event);
            after = Math.max(after, event.kv.modRevision);
          }
          this.notify();
        }
        // the watch ended without an error (store closing): pause before retrying
        if (!signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
        try {
          after = await this.relist();
        } catch (relistError) {
          this.onError(relistError);
        }
      }
    }
  }

  private applyEvent(event: WatchEvent): void {
    const kv: KeyValue = event.kv;
    apply(this.current, kv.key, event.type === 'delete' ? undefined : kv.value);
  }
}
