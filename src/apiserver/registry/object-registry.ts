import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import { groupVersion, type ResourceInfo } from '../../api/resource-info.js';
import type { KeyValue, Store, WatchEvent } from '../../storage/storage.js';
import { CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError } from '../../storage/errors.js';
import { alreadyExists, badRequest, conflict, gone, invalid, notFound, StatusError } from '../status-error.js';
import { rfc3339Seconds } from '../timestamp.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { collectionPrefix, objectKey } from './keys.js';
import type { AdmissionPlugin, ResourceStrategy, WriteContext } from './strategy.js';

export type ObjectFilter = (object: KubeObject) => boolean;

export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly user?: string;
  readonly subresource?: string;
  /** create: the caller hands the object over and never reads it again, so it is not copied first. */
  readonly owned?: boolean;
}

export interface ListOptions {
  readonly filter?: ObjectFilter;
  /** True when a selector is set (remainingItemCount is then unknown). */
  readonly filtered?: boolean;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
}

export interface ListResult {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface DeleteOptions extends WriteOptions {
  readonly preconditions?: { uid?: string; resourceVersion?: string };
  readonly propagationPolicy?: string;
}

export interface WatchOptions {
  readonly filter?: ObjectFilter;
  readonly resourceVersion?: string;
  readonly signal: AbortSignal;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ObjectEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject;
}

/** Resolves the strategy and admission plugins for a resource (built-in, Karmada, CRD). */
export interface StrategyResolver {
  strategy(info: ResourceInfo): ResourceStrategy;
  admission(info: ResourceInfo): readonly AdmissionPlugin[];
}

export interface NamespaceChecker {
  /** Throws the right StatusError when objects may not be created in `namespace`. */
  checkCreate(namespace: string): Promise<void>;
}

const MAX_UPDATE_RETRIES = 16;

/**
 * Objects here are plain JSON (decoded from storage or request bodies), so a JSON round trip
 * copies them exactly, at about half the CPU of structuredClone.
 */
function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The parts of an object whose change bumps metadata.generation. */
function specFingerprint(object: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = object;
  return JSON.stringify(rest);
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(5);
  let out = '';
  for (const b of bytes) {
    out += alphabet[b % alphabet.length];
  }
  return out;
}

function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!/^\d+$/.test(value)) {
    throw badRequest(`invalid resource version: "${value}"`);
  }
  return Number(value);
}

/**
 * The generic object store behind every resource, as kube-apiserver's genericregistry.Store:
 * maps API semantics (uid, timestamps, generation, resourceVersion preconditions, finalizers,
 * status subresource, dry-run) onto the storage contract.
 */
export class ObjectRegistry {
  constructor(
    readonly store: Store,
    private readonly strategies: StrategyResolver,
    private readonly namespaces: NamespaceChecker,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Decodes a stored value as seen through the given resource version (apiVersion rewritten). */
  decode(info: ResourceInfo, kv: KeyValue, revision = kv.modRevision): KubeObject {
    const object = JSON.parse(kv.value) as KubeObject;
    object.apiVersion = groupVersion(info);
    object.kind = info.kind;
    object.metadata.resourceVersion = String(revision);
    return object;
  }

  private encode(object: KubeObject): string {
    const { resourceVersion: _rv, ...metadata } = object.metadata;
    return JSON.stringify({ ...object, metadata });
  }

  private timestamp(): string {
    return rfc3339Seconds(this.now());
  }

  private context(
    info: ResourceInfo,
    namespace: string,
    operation: WriteContext['operation'],
    options: WriteOptions,
    old: KubeObject | undefined,
  ): WriteContext {
    return {
      operation,
      info,
      namespace,
      subresource: options.subresource ?? '',
      dryRun: options.dryRun === true,
      user: options.user ?? 'system:admin',
      oldObject: old,
    };
  }

  /** Defaults, strategy preparation, admission (mutating then validating) and validation. */
  private async admit(object: KubeObject, ctx: WriteContext): Promise<void> {
    const strategy = this.strategies.strategy(ctx.info);
    const isStatus = ctx.subresource === 'status';
    if (!isStatus) {
      strategy.defaults?.(object, ctx);
    }
    if (ctx.operation === 'CREATE') {
      await strategy.prepareForCreate?.(object, ctx);
    } else if (ctx.oldObject !== undefined) {
      strategy.prepareForUpdate?.(object, ctx.oldObject, ctx);
    }
    const plugins = this.strategies.admission(ctx.info);
    for (const plugin of plugins) {
      await plugin.mutate?.(object, ctx);
    }
    const errors = [...(strategy.validate?.(object, ctx) ?? [])];
    for (const plugin of plugins) {
      const found = await plugin.validate?.(object, ctx);
      if (found !== undefined) {
        errors.push(...found);
      }
    }
    if (errors.length > 0) {
      throw invalid(ctx.info.kind, ctx.info.group, object.metadata.name ?? '', errors);
    }
  }

  async get(info: ResourceInfo, namespace: string, name: string): Promise<KubeObject> {
    const { kv } = await this.store.get(objectKey(info, namespace, name));
    if (kv === undefined) {
      throw notFound(info, name);
    }
    return this.decode(info, kv);
  }

  async create(info: ResourceInfo, namespace: string, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const object = options.owned === true ? input : clone(input);
    const metadata = object.metadata;
    if (info.namespaced) {
      if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = namespace;
    } else {
      delete metadata.namespace;
    }
    if ((metadata.name ?? '') === '') {
      if ((metadata.generateName ?? '') === '') {
        throw invalid(info.kind, info.group, '', [
          { type: 'FieldValueRequired', field: 'metadata.name', detail: 'Required value: name or generateName is required' },
        ]);
      }
      metadata.name = `${metadata.generateName ?? ''}${randomSuffix()}`;
    }
    const name = metadata.name ?? '';
    if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== '') {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    delete metadata.resourceVersion;
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    metadata.uid = randomUUID();
    metadata.creationTimestamp = this.timestamp();
    metadata.generation = 1;
    object.apiVersion = groupVersion(info);
    object.kind = info.kind;
    if (info.statusSubresource === true) {
      delete object['status'];
    }
    if (info.namespaced) {
      await this.namespaces.checkCreate(namespace);
    }
    await this.admit(object, this.context(info, namespace, 'CREATE', options, undefined));
    const key = objectKey(info, namespace, name);
    if (options.dryRun === true) {
      const { kv } = await this.store.get(key);
      if (kv !== undefined) {
        throw alreadyExists(info, name);
      }
      return object;
    }
    try {
      const { kv } = await this.store.create(key, this.encode(object));
      const created = this.decode(info, kv);
      this.strategies.strategy(info).afterWrite?.(created);
      return created;
    } catch (error) {
      if (error instanceof KeyExistsError) {
        throw alreadyExists(info, name);
      }
      throw error;
    }
  }

  /**
   * Read-modify-write with kube-apiserver's GuaranteedUpdate semantics: `tryUpdate` gets the
   * current object and returns the desired one; when it carries a resourceVersion that is not the
   * current one the update fails with 409, otherwise storage conflicts are retried.
   */
  async update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    tryUpdate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    options: WriteOptions = {},
  ): Promise<KubeObject> {
    const key = objectKey(info, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const { kv } = await this.store.get(key);
      if (kv === undefined) {
        throw notFound(info, name);
      }
      const current = this.decode(info, kv);
      const desired = clone(await tryUpdate(clone(current)));
      const wantedRevision = desired.metadata.resourceVersion;
      if (wantedRevision !== undefined && wantedRevision !== '' && wantedRevision !== current.metadata.resourceVersion) {
        throw conflict(info, name);
      }
      const next = this.prepareUpdate(info, current, desired, options.subresource ?? '');
      if (next.metadata.name !== name) {
        throw badRequest(`the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`);
      }
      await this.admit(next, this.context(info, namespace, 'UPDATE', options, current));
      if (specFingerprint(next) !== specFingerprint(current) && (options.subresource ?? '') === '') {
        next.metadata.generation = (current.metadata.generation ?? 1) + 1;
      }
      const finalizing = next.metadata.deletionTimestamp !== undefined && !this.hasFinalizers(info, next);
      if (options.dryRun === true) {
        return next;
      }
      const encoded = finalizing ? '' : this.encode(next);
      if (!finalizing && encoded === this.encode(current)) {
        return current; // no-op updates do not bump resourceVersion
      }
      try {
        if (finalizing) {
          const { revision } = await this.store.delete(key, kv.modRevision);
          next.metadata.resourceVersion = String(revision);
          return next;
        }
        const { kv: written } = await this.store.update(key, encoded, kv.modRevision);
        const updated = this.decode(info, written);
        this.strategies.strategy(info).afterWrite?.(updated);
        return updated;
      } catch (error) {
        if ((error instanceof ConflictError || error instanceof NotFoundError) && attempt < MAX_UPDATE_RETRIES) {
          if (wantedRevision !== undefined && wantedRevision !== '') {
            throw conflict(info, name);
          }
          continue;
        }
        throw error;
      }
    }
  }

  private hasFinalizers(info: ResourceInfo, object: KubeObject): boolean {
    return (object.metadata.finalizers ?? []).length > 0 || this.strategies.strategy(info).hasPendingFinalizers?.(object) === true;
  }

  /** Keeps what the client may not change: identity, timestamps, and spec/status per subresource. */
  private prepareUpdate(info: ResourceInfo, current: KubeObject, desired: KubeObject, subresource: string): KubeObject {
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...clone(current), status: desired['status'] };
      // the field manager records status writes in managedFields
      if (desired.metadata.managedFields !== undefined) {
        next.metadata.managedFields = desired.metadata.managedFields;
      }
      if (desired['status'] === undefined) {
        delete next['status'];
      }
      return next;
    }
    next = desired;
    if (info.statusSubresource === true && subresource === '') {
      if (current['status'] === undefined) {
        delete next['status'];
      } else {
        next['status'] = clone(current['status']);
      }
    }
    const keep = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace'] as const;
    for (const field of keep) {
      const value = current.metadata[field];
      if (value === undefined) {
        delete next.metadata[field];
      } else {
        next.metadata[field] = value as never;
      }
    }
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    return next;
  }

  async delete(info: ResourceInfo, namespace: string, name: string, options: DeleteOptions = {}): Promise<KubeObject> {
    const key = objectKey(info, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const { kv } = await this.store.get(key);
      if (kv === undefined) {
        throw notFound(info, name);
      }
      const current = this.decode(info, kv);
      const pre = options.preconditions;
      if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) {
        throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
      }
      if (pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw conflict(
          info,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
        );
      }
      const finalizers = [...(current.metadata.finalizers ?? [])];
      const policy = options.propagationPolicy;
      const gcFinalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
      const graceful = this.hasFinalizers(info, current) || gcFinalizer !== undefined;
      if (options.dryRun === true) {
        return current;
      }
      try {
        if (!graceful) {
          await this.store.delete(key, kv.modRevision);
          return current;
        }
        if (current.metadata.deletionTimestamp !== undefined && (gcFinalizer === undefined || finalizers.includes(gcFinalizer))) {
          return current;
        }
        const next = clone(current);
        next.metadata.deletionTimestamp ??= this.timestamp();
        next.metadata.deletionGracePeriodSeconds = 0;
        this.strategies.strategy(info).prepareForDelete?.(next);
        if (gcFinalizer !== undefined && !finalizers.includes(gcFinalizer)) {
          next.metadata.finalizers = [...finalizers, gcFinalizer];
        }
        const { kv: written } = await this.store.update(key, this.encode(next), kv.modRevision);
        return this.decode(info, written);
      } catch (error) {
        if (error instanceof ConflictError && attempt < MAX_UPDATE_RETRIES) {
          continue;
        }
        if (error instanceof NotFoundError) {
          throw notFound(info, name);
        }
        throw error;
      }
    }
  }

  async list(info: ResourceInfo, namespace: string, options: ListOptions = {}): Promise<ListResult> {
    const prefix = collectionPrefix(info, namespace);
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : undefined;
    let revision = 0;
    let startAfter: string | undefined;
    if (options.continue !== undefined && options.continue !== '') {
      const token = decodeContinue(options.continue);
      revision = token.revision;
      startAfter = token.startAfter;
    } else {
      const requested = parseRevision(options.resourceVersion);
      if (requested !== undefined && requested !== 0 && options.resourceVersionMatch === 'Exact') {
        revision = requested;
      }
    }
    const items: KubeObject[] = [];
    let remaining = 0;
    let lastKey: string | undefined;
    try {
      for (;;) {
        const need = limit === undefined ? undefined : limit - items.length;
        const page = await this.store.list(prefix, {
          revision,
          ...(need === undefined ? {} : { limit: options.filter === undefined ? need : Math.max(need, 256) }),
          ...(startAfter === undefined ? {} : { startAfter }),
        });
        revision = page.revision;
        let consumed = 0;
        for (const kv of page.kvs) {
          if (limit !== undefined && items.length >= limit) {
            break;
          }
          consumed++;
          lastKey = kv.key;
          const object = this.decode(info, kv);
          if (options.filter === undefined || options.filter(object)) {
            items.push(object);
          }
        }
        remaining = page.remaining + (page.kvs.length - consumed);
        if (remaining === 0 || (limit !== undefined && items.length >= limit)) {
          break;
        }
        startAfter = lastKey;
      }
    } catch (error) {
      throw this.translateRevisionError(error, options.continue !== undefined && options.continue !== '');
    }
    const result: { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number } = {
      items,
      resourceVersion: String(revision),
    };
    if (remaining > 0 && lastKey !== undefined) {
      result.continue = encodeContinue({ revision, startAfter: lastKey });
      if (options.filtered !== true && options.filter === undefined) {
        result.remainingItemCount = remaining;
      }
    }
    return result;
  }

  private translateRevisionError(error: unknown, fromContinue: boolean): unknown {
    if (error instanceof CompactedError) {
      if (fromContinue) {
        return gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      return gone(`too old resource version: ${error.requested} (${error.compacted})`);
    }
    if (error instanceof FutureRevisionError) {
      return new StatusError(504, 'Timeout', `Too large resource version: ${error.requested}, current: ${error.current}`, { retryAfterSeconds: 1 });
    }
    return error;
  }

  /**
   * Watch events after `resourceVersion` (or, when it is '' or '0', an ADDED event per current
   * object first), filtered as kube-apiserver does: an object that stops matching is DELETED.
   */
  async *watch(info: ResourceInfo, namespace: string, options: WatchOptions): AsyncGenerator<ObjectEvent> {
    const prefix = collectionPrefix(info, namespace);
    const filter = options.filter;
    let after = parseRevision(options.resourceVersion) ?? 0;
    if (after === 0) {
      const current = await this.list(info, namespace, filter === undefined ? {} : { filter });
      for (const object of current.items) {
        yield { type: 'ADDED', object };
      }
      after = Number(current.resourceVersion);
    }
    let stream: AsyncIterable<readonly WatchEvent[]>;
    try {
      stream = this.store.watch(prefix, { afterRevision: after, signal: options.signal });
    } catch (error) {
      throw this.translateRevisionError(error, false);
    }
    try {
      for await (const batch of stream) {
        for (const event of batch) {
          const converted = this.convertEvent(info, event, filter);
          if (converted !== undefined) {
            yield converted;
          }
        }
      }
    } catch (error) {
      if (options.signal.aborted) {
        return;
      }
      throw this.translateRevisionError(error, false);
    }
  }

  private convertEvent(info: ResourceInfo, event: WatchEvent, filter: ObjectFilter | undefined): ObjectEvent | undefined {
    if (event.type === 'delete') {
      const object = this.decode(info, event.prev ?? event.kv, event.kv.modRevision);
      return filter === undefined || filter(object) ? { type: 'DELETED', object } : undefined;
    }
    const object = this.decode(info, event.kv);
    const created = event.prev === undefined;
    if (filter === undefined) {
      return { type: created ? 'ADDED' : 'MODIFIED', object };
    }
    const matches = filter(object);
    const matched = event.prev !== undefined && filter(this.decode(info, event.prev));
    if (matches) {
      return { type: matched ? 'MODIFIED' : 'ADDED', object };
    }
    return matched ? { type: 'DELETED', object } : undefined;
  }

  /** Removes everything under a resource in a namespace (or everywhere): used by namespace and CRD deletion. */
  async deleteAll(info: ResourceInfo, namespace: string, options: DeleteOptions = {}): Promise<number> {
    const { items } = await this.list(info, namespace);
    let deleted = 0;
    for (const item of items) {
      try {
        await this.delete(info, item.metadata.namespace ?? '', item.metadata.name ?? '', options);
        deleted++;
      } catch (error) {
        if (!(error instanceof StatusError && error.code === 404)) {
          throw error;
        }
      }
    }
    return deleted;
  }
}
