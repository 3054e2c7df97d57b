/**
 * An informer keeps a local cache of one resource in step with the server: it lists (paged),
 * then watches from the list's resourceVersion; when a watch ends it resumes from the last
 * resourceVersion seen (bookmarks included); on 410 Gone it relists; other failures back off
 * exponentially (capped). Handlers are told of adds, updates and deletes.
 *
 * Objects handed to handlers and kept in `cache` are deep-frozen and shared (see cache.ts).
 */
import type { KubeObject } from '../api/object.js';
import { ApiError, isGone, isStatus } from './api-error.js';
import { Backoff } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import type { IndexFunc } from './cache.js';
import { ObjectCache } from './cache.js';
import type { KubeClient, ResourceRef, ResourceTarget } from './client.js';
import { isResourceRef } from './client.js';
import type { Clock } from './clock.js';
import { realClock, sleep } from './clock.js';
import { deepFreeze } from './freeze.js';
import type { Logger } from './logger.js';
import { noopLogger } from './logger.js';
import { objectKey } from './object-key.js';

/** Callbacks run synchronously in the informer's loop: keep them quick (enqueue a key). */
export interface InformerEventHandler<T extends KubeObject = KubeObject> {
  /** isInInitialList: the object came from the first list (or was replayed to a late handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Only for real changes: a relist does not report objects whose resourceVersion is unchanged. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** The object's last known state (from the DELETED event, or the cache when a relist finds it gone). */
  onDelete?(obj: T): void;
}

export interface InformerOptions<T extends KubeObject = KubeObject> {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** List page size (default 500). */
  readonly pageSize?: number;
  readonly indexers?: Readonly<Record<string, IndexFunc<T>>>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Retry backoff (default 800 ms doubling to 30 s, 10% jitter). */
  readonly backoff?: BackoffOptions;
  /** Server-side watch timeout; default a random 300..600 s, as client-go. */
  readonly watchTimeoutSeconds?: number;
}

/** A 410 inside a watch (ERROR event) or from the watch call. */
function watchErrorFromStatus(object: unknown): ApiError {
  if (isStatus(object)) {
    return new ApiError(object);
  }
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'watch ERROR event without a Status' });
}

export class Informer<T extends KubeObject = KubeObject> {
  readonly cache: ObjectCache<T>;
  private readonly handlers = new Set<InformerEventHandler<T>>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly backoff: Backoff;
  private readonly pageSize: number;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private synced = false;
  private stopped = false;
  private syncWaiters: ((synced: boolean) => void)[] = [];
  private lastRv = '';
  private relists = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly target: ResourceTarget,
    private readonly options: InformerOptions<T> = {},
  ) {
    this.cache = new ObjectCache<T>(options.indexers);
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? noopLogger;
    this.backoff = new Backoff({ jitter: 0.1, ...options.backoff });
    this.pageSize = options.pageSize ?? 500;
  }

  /** A label for logs: `apps/v1/deployments` or `apps/v1 Deployment`. */
  get description(): string {
    const t = this.target;
    return isResourceRef(t) ? `${t.group === '' ? '' : `${t.group}/`}${t.version}/${t.resource}` : `${t.apiVersion} ${t.kind}`;
  }

  /** The resourceVersion of the last list, event or bookmark seen. */
  get lastResourceVersion(): string {
    return this.lastRv;
  }

  /** Number of lists done (1 after the initial sync; more after 410 Gone). */
  get listCount(): number {
    return this.relists;
  }

  /**
   * Registers a handler; returns a function that removes it. A handler added after the
   * cache synced is first told about every cached object through onAdd(obj, true).
   */
  addEventHandler(handler: InformerEventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.synced) {
      for (const obj of this.cache.list()) {
        this.call(() => handler.onAdd?.(obj, true));
      }
    }
    return () => {
      this.handlers.delete(handler);
    };
  }

  /** Adds cache indexers (allowed any time). */
  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void {
    this.cache.addIndexers(indexers);
  }

  /** Starts listing and watching in the background. Idempotent; no effect after stop(). */
  start(): void {
    if (this.loop !== undefined || this.stopped) {
      return;
    }
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = this.run(signal).catch((err: unknown) => {
      this.logger.error({ err, resource: this.description }, 'informer loop failed');
    });
  }

  /** Stops for good and waits for the loop to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.loop;
    this.resolveWaiters(false);
  }

  get started(): boolean {
    return this.loop !== undefined;
  }

  /** True once the first list has been loaded into the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once synced; false if the informer stops or the signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) {
      return Promise.resolve(true);
    }
    if (this.stopped || signal?.aborted === true) {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(false);
      };
      const done = (ok: boolean): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private resolveWaiters(ok: boolean): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) {
      w(ok);
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let ref: ResourceRef | undefined;
    while (ref === undefined && !signal.aborted) {
      try {
        ref = await this.client.resolve(this.target);
      } catch (err) {
        this.logger.warn({ err, resource: this.description }, 'informer: cannot resolve resource; retrying');
        await sleep(this.clock, this.backoff.next(), signal);
      }
    }
    if (ref === undefined) {
      return;
    }
    this.backoff.reset();
    let needList = true;
    let consecutiveGone = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.listAll(ref, signal);
          needList = false;
          this.backoff.reset();
        }
        const started = this.clock.now();
        const received = await this.watchOnce(ref, signal);
        consecutiveGone = 0;
        if (received > 0) {
          this.backoff.reset();
        } else if (this.clock.now() - started < 1000 && !signal.aborted) {
          // A watch that ends at once with nothing in it: do not spin.
          await sleep(this.clock, this.backoff.next(), signal);
        }
      } catch (err) {
        if (signal.aborted) {
          break;
        }
        if (isGone(err)) {
          // History we needed is gone (compaction): relist; back off only if it keeps happening.
          this.logger.info({ resource: this.description, resourceVersion: this.lastRv }, 'informer: resourceVersion too old; relisting');
          needList = true;
          consecutiveGone++;
          if (consecutiveGone > 1) {
            await sleep(this.clock, this.backoff.next(), signal);
          }
          continue;
        }
        this.logger.warn({ err, resource: this.description, relist: needList }, 'informer: list/watch failed; backing off');
        await sleep(this.clock, this.backoff.next(), signal);
      }
    }
  }

  private async listAll(ref: ResourceRef, signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.client.list<T>(ref, {
        ...this.selection(),
        limit: this.pageSize,
        ...(cont === undefined ? {} : { continue: cont }),
        signal,
      });
      rv ??= page.metadata.resourceVersion ?? '';
      items.push(...page.items);
      cont = page.metadata.continue !== undefined && page.metadata.continue !== '' ? page.metadata.continue : undefined;
    } while (cont !== undefined);
    if (signal.aborted) {
      return;
    }
    this.relists++;
    const initial = !this.synced;
    const result = this.cache.replace(items);
    this.lastRv = rv ?? '';
    this.synced = true;
    for (const obj of result.added) {
      this.emit((h) => h.onAdd?.(obj, initial));
    }
    for (const [oldObj, newObj] of result.updated) {
      this.emit((h) => h.onUpdate?.(oldObj, newObj));
    }
    for (const obj of result.deleted) {
      this.emit((h) => h.onDelete?.(obj));
    }
    if (initial) {
      this.resolveWaiters(true);
    }
  }

  /** Runs one watch to its end; returns the number of events seen. */
  private async watchOnce(ref: ResourceRef, signal: AbortSignal): Promise<number> {
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? Math.floor(300 + Math.random() * 300);
    const stream = await this.client.watch<T>(ref, {
      ...this.selection(),
      resourceVersion: this.lastRv,
      allowWatchBookmarks: true,
      timeoutSeconds,
      signal,
    });
    let count = 0;
    try {
      for await (const event of stream) {
        if (signal.aborted) {
          break;
        }
        count++;
        const obj = event.object;
        switch (event.type) {
          case 'ADDED':
          case 'MODIFIED': {
            const frozen = deepFreeze(obj);
            const old = this.cache.set(frozen);
            if (old === undefined) {
              this.emit((h) => h.onAdd?.(frozen, false));
            } else {
              this.emit((h) => h.onUpdate?.(old, frozen));
            }
            break;
          }
          case 'DELETED': {
            const frozen = deepFreeze(obj);
            this.cache.delete(objectKey(frozen));
            this.emit((h) => h.onDelete?.(frozen));
            break;
          }
          case 'BOOKMARK':
            break;
          case 'ERROR':
            throw watchErrorFromStatus(obj);
        }
        const rv = obj.metadata?.resourceVersion;
        if (typeof rv === 'string' && rv !== '') {
          this.lastRv = rv;
        }
      }
    } finally {
      stream.close();
    }
    return count;
  }

  private selection(): { namespace?: string; labelSelector?: string; fieldSelector?: string } {
    const o = this.options;
    return {
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
      ...(o.labelSelector === undefined ? {} : { labelSelector: o.labelSelector }),
      ...(o.fieldSelector === undefined ? {} : { fieldSelector: o.fieldSelector }),
    };
  }

  private emit(fn: (h: InformerEventHandler<T>) => void): void {
    for (const h of [...this.handlers]) {
      this.call(() => fn(h));
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error({ err, resource: this.description }, 'informer: event handler threw');
    }
  }
}
