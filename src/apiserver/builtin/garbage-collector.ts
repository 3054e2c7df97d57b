import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { KubeObject, OwnerReference } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { WatchEvent } from '../../storage/storage.js';
import type { ObjectRegistry } from '../registry/object-registry.js';
import { StatusError } from '../status-error.js';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

interface Owner {
  readonly uid: string;
  readonly namespace: string;
  readonly info: ResourceInfo;
  readonly name: string;
}

function isMissing(error: unknown): boolean {
  return error instanceof StatusError && (error.code === 404 || error.code === 409);
}

/**
 * The garbage collector, as kube-controller-manager's: follows every write through one storage
 * watch on `/registry/`; when an owner is deleted its dependents (objects whose ownerReferences
 * name its uid) are deleted in the background; `orphan` owners release their dependents first;
 * `foregroundDeletion` owners wait until their blocking dependents are gone.
 */
export class GarbageCollector {
  private readonly foreground = new Map<string, Owner>();
  /** owner uid -> keys of objects whose ownerReferences name it */
  private readonly dependents = new Map<string, Set<string>>();
  /** key -> owner uids it references */
  private readonly ownersOfKey = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly catalog: ResourceCatalog,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(signal: AbortSignal): void {
    void this.follow(signal);
    this.timer = setInterval(() => void this.retryForeground(), 1000);
    this.timer.unref();
    signal.addEventListener('abort', () => clearInterval(this.timer), { once: true });
  }

  /** group/resource -> info, valid for one catalog generation (every event needs this lookup). */
  private infoCache = new Map<string, ResourceInfo | undefined>();
  private infoCacheGeneration = -1;

  private infoOfKey(key: string): ResourceInfo | undefined {
    const parts = key.split('/');
    // ['', 'registry', group, resource, ...]
    const group = parts[2] === 'core' ? '' : (parts[2] ?? '');
    const resource = parts[3] ?? '';
    if (this.infoCacheGeneration !== this.catalog.generation) {
      this.infoCache = new Map();
      this.infoCacheGeneration = this.catalog.generation;
    }
    const cacheKey = `${group}/${resource}`;
    if (this.infoCache.has(cacheKey)) {
      return this.infoCache.get(cacheKey);
    }
    const info = this.catalog.all().find((i) => i.group === group && i.resource === resource);
    this.infoCache.set(cacheKey, info);
    return info;
  }

  private async follow(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        this.dependents.clear();
        this.ownersOfKey.clear();
        let after = 0;
        let startAfter: string | undefined;
        for (;;) {
          // Large pages: each page of a storage list counts the keys after it (quadratic in small pages).
          const page = await this.registry.store.list('/registry/', { revision: after, limit: 10_000, ...(startAfter === undefined ? {} : { startAfter }) });
          after = page.revision;
          for (const kv of page.kvs) {
            this.index(kv.key, kv.value);
            startAfter = kv.key;
          }
          if (page.remaining === 0) {
            break;
          }
        }
        for await (const batch of this.registry.store.watch('/registry/', { afterRevision: after, signal })) {
          for (const event of batch) {
            await this.handle(event).catch((error: unknown) => this.onError(error));
          }
        }
      } catch (error) {
        if (!signal.aborted) {
          this.onError(error);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }

  private async handle(event: WatchEvent): Promise<void> {
    this.index(event.kv.key, event.type === 'delete' ? undefined : event.kv.value);
    // Only deletions and objects being deleted need a look inside (most writes are neither).
    if (event.type !== 'delete' && !event.kv.value.includes('"deletionTimestamp"')) {
      return;
    }
    const info = this.infoOfKey(event.kv.key);
    if (info === undefined) {
      return;
    }
    const object = JSON.parse((event.type === 'delete' ? (event.prev ?? event.kv) : event.kv).value) as KubeObject;
    const owner: Owner = { uid: object.metadata.uid ?? '', namespace: object.metadata.namespace ?? '', info, name: object.metadata.name ?? '' };
    if (owner.uid === '') {
      return;
    }
    if (event.type === 'delete') {
      await this.collectDependents(owner);
      return;
    }
    if (object.metadata.deletionTimestamp === undefined) {
      return;
    }
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(ORPHAN)) {
      await this.orphanDependents(owner);
    } else if (finalizers.includes(FOREGROUND)) {
      this.foreground.set(owner.uid, owner);
      await this.deleteForeground(owner);
    }
  }

  /** Dependents of an owner, from the ownerReference index. */
  private async dependentsOf(owner: Owner): Promise<{ info: ResourceInfo; object: KubeObject }[]> {
    const found: { info: ResourceInfo; object: KubeObject }[] = [];
    for (const key of [...(this.dependents.get(owner.uid) ?? [])]) {
      const { kv } = await this.registry.store.get(key);
      const info = this.infoOfKey(key);
      if (kv === undefined || info === undefined) {
        continue;
      }
      found.push({ info, object: this.registry.decode(info, kv) });
    }
    return found;
  }

  /** Keeps ownerUid -> dependent keys in step with one stored value (undefined: deleted). */
  private index(key: string, value: string | undefined): void {
    for (const uid of this.ownersOfKey.get(key) ?? []) {
      const set = this.dependents.get(uid);
      set?.delete(key);
      if (set?.size === 0) {
        this.dependents.delete(uid);
      }
    }
    this.ownersOfKey.delete(key);
    if (value === undefined || !value.includes('"ownerReferences"')) {
      return;
    }
    const object = JSON.parse(value) as KubeObject;
    const uids = (object.metadata.ownerReferences ?? []).map((r) => r.uid);
    if (uids.length === 0) {
      return;
    }
    this.ownersOfKey.set(key, uids);
    for (const uid of uids) {
      let set = this.dependents.get(uid);
      if (set === undefined) {
        set = new Set();
        this.dependents.set(uid, set);
      }
      set.add(key);
    }
  }

  private async collectDependents(owner: Owner): Promise<void> {
    this.foreground.delete(owner.uid);
    for (const { info, object } of await this.dependentsOf(owner)) {
      const others = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.uid);
      try {
        if (others.length > 0 && (await this.anyOwnerExists(object, others))) {
          await this.dropOwnerReference(info, object, owner.uid);
        } else {
          await this.registry.delete(info, object.metadata.namespace ?? '', object.metadata.name ?? '', { propagationPolicy: 'Background', user: 'system:serviceaccount:kube-system:generic-garbage-collector' });
        }
      } catch (error) {
        if (!isMissing(error)) {
          throw error;
        }
      }
    }
  }

  private async anyOwnerExists(object: KubeObject, refs: readonly OwnerReference[]): Promise<boolean> {
    for (const ref of refs) {
      const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') : ['', ref.apiVersion];
      const info = this.catalog.byKind(group ?? '', version ?? '', ref.kind);
      if (info === undefined) {
        continue;
      }
      try {
        const live = await this.registry.get(info, info.namespaced ? (object.metadata.namespace ?? '') : '', ref.name);
        if (live.metadata.uid === ref.uid) {
          return true;
        }
      } catch (error) {
        if (!isMissing(error)) {
          throw error;
        }
      }
    }
    return false;
  }

  private async dropOwnerReference(info: ResourceInfo, object: KubeObject, uid: string): Promise<void> {
    await this.registry.update(info, object.metadata.namespace ?? '', object.metadata.name ?? '', (current) => {
      const refs = (current.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (refs.length === 0) {
        delete current.metadata.ownerReferences;
      } else {
        current.metadata.ownerReferences = refs;
      }
      return current;
    });
  }

  private async removeFinalizer(owner: Owner, finalizer: string): Promise<void> {
    try {
      await this.registry.update(owner.info, owner.namespace, owner.name, (current) => {
        current.metadata.finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
        return current;
      });
    } catch (error) {
      if (!isMissing(error)) {
        throw error;
      }
    }
  }

  private async orphanDependents(owner: Owner): Promise<void> {
    for (const { info, object } of await this.dependentsOf(owner)) {
      try {
        await this.dropOwnerReference(info, object, owner.uid);
      } catch (error) {
        if (!isMissing(error)) {
          throw error;
        }
      }
    }
    await this.removeFinalizer(owner, ORPHAN);
  }

  /** Deletes dependents in the foreground; the owner's finalizer goes once no blocking dependent remains. */
  private async deleteForeground(owner: Owner): Promise<void> {
    let blocking = 0;
    for (const { info, object } of await this.dependentsOf(owner)) {
      const ref = (object.metadata.ownerReferences ?? []).find((r) => r.uid === owner.uid);
      if (ref?.blockOwnerDeletion === true) {
        blocking++;
      }
      if (object.metadata.deletionTimestamp === undefined) {
        try {
          await this.registry.delete(info, object.metadata.namespace ?? '', object.metadata.name ?? '', { propagationPolicy: 'Foreground' });
        } catch (error) {
          if (!isMissing(error)) {
            throw error;
          }
        }
      }
    }
    if (blocking === 0) {
      this.foreground.delete(owner.uid);
      await this.removeFinalizer(owner, FOREGROUND);
    }
  }

  private async retryForeground(): Promise<void> {
    for (const owner of [...this.foreground.values()]) {
      await this.deleteForeground(owner).catch((error: unknown) => this.onError(error));
    }
  }
}
