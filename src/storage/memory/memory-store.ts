/**
 * In-memory MVCC store: every write takes the next revision, each key keeps its
 * versions and the event log keeps every event until compacted, so lists at past
 * revisions and watches from past revisions work exactly as with the durable drivers.
 */
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StoreClosedError,
} from '../errors.js';
import type {
  DeleteResult,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  Store,
  WatchEvent,
  WatchOptions,
  WriteResult,
} from '../storage.js';
import { failedQueue } from '../batch-queue.js';
import { compareKeys } from '../key-range.js';
import { WatchHub } from '../watch-hub.js';
import { compactVersions, valueAt, type Version } from './key-history.js';
import { SortedKeys } from './sorted-keys.js';

/** A store held in process memory (tests, simulated members). Revisions start at 1 like etcd's. */
export class MemoryStore implements Store {
  #revision = 1;
  #compacted = 0;
  readonly #versions = new Map<string, Version[]>();
  readonly #keys = new SortedKeys();
  /** Events of revisions logBase, logBase+1, ... (one write is one revision). */
  #log: WatchEvent[] = [];
  #logBase = 2;
  readonly #hub = new WatchHub(1);
  #closed = false;

  async get(key: string): Promise<GetResult> {
    this.#assertOpen();
    return { revision: this.#revision, kv: this.#current(key) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    const at = this.#readRevision(options.revision ?? 0);
    const limit = options.limit ?? 0;
    const startAfter = options.startAfter;
    const exclusive = startAfter !== undefined && compareKeys(startAfter, prefix) >= 0;
    const kvs: KeyValue[] = [];
    let remaining = 0;
    for (const key of this.#keys.from(exclusive ? startAfter : prefix, exclusive)) {
      if (!key.startsWith(prefix)) break;
      const versions = this.#versions.get(key);
      const kv = versions === undefined ? undefined : valueAt(versions, at);
      if (kv === undefined) continue;
      if (limit > 0 && kvs.length >= limit) remaining++;
      else kvs.push(kv);
    }
    return { revision: at, kvs, remaining };
  }

  async create(key: string, value: string): Promise<WriteResult> {
    this.#assertOpen();
    if (this.#current(key) !== undefined) throw new KeyExistsError(key);
    const revision = this.#revision + 1;
    const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
    this.#commit(key, kv, { type: 'put', kv, prev: undefined });
    return { revision, kv };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    this.#assertOpen();
    const prev = this.#current(key);
    if (prev === undefined) throw new NotFoundError(key);
    if (prev.modRevision !== expectedModRevision) throw new ConflictError(key, prev);
    const revision = this.#revision + 1;
    const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: revision };
    this.#commit(key, kv, { type: 'put', kv, prev });
    return { revision, kv };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.#assertOpen();
    const prev = this.#current(key);
    if (prev === undefined) throw new NotFoundError(key);
    if (expectedModRevision !== undefined && prev.modRevision !== expectedModRevision) throw new ConflictError(key, prev);
    const revision = this.#revision + 1;
    this.#commit(key, undefined, { type: 'delete', kv: { ...prev, modRevision: revision }, prev });
    return { revision, prev };
  }

  watch(prefix: string, options: WatchOptions): AsyncIterable<readonly WatchEvent[]> {
    // Resolve "from now" when watch is called, not when iteration starts.
    const after = options.afterRevision > 0 ? options.afterRevision : this.#revision;
    return {
      [Symbol.asyncIterator]: () => {
        if (!this.#closed && after < this.#compacted) return failedQueue<WatchEvent>(new CompactedError(after, this.#compacted));
        return this.#hub.subscribe(prefix, after, (p, from, until, limit) => this.#history(p, from, until, limit), options.signal);
      },
    };
  }

  async compact(revision: number): Promise<void> {
    this.#assertOpen();
    if (revision > this.#revision) throw new FutureRevisionError(revision, this.#revision);
    if (revision <= this.#compacted) return;
    this.#compacted = revision;
    const dropped = new Set<string>();
    for (const [key, versions] of this.#versions) {
      if ((versions[0]?.revision ?? Infinity) > revision) continue;
      const kept = compactVersions(versions, revision);
      if (kept.length === 0) {
        this.#versions.delete(key);
        dropped.add(key);
      } else {
        this.#versions.set(key, kept);
      }
    }
    if (dropped.size > 0) this.#keys.retain((k) => !dropped.has(k));
    const drop = Math.min(revision - this.#logBase + 1, this.#log.length);
    if (drop > 0) {
      this.#log = this.#log.slice(drop);
      this.#logBase += drop;
    }
  }

  async currentRevision(): Promise<number> {
    this.#assertOpen();
    return this.#revision;
  }

  async compactedRevision(): Promise<number> {
    this.#assertOpen();
    return this.#compacted;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#hub.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #current(key: string): KeyValue | undefined {
    const versions = this.#versions.get(key);
    return versions?.[versions.length - 1]?.kv;
  }

  #readRevision(requested: number): number {
    if (requested <= 0) return this.#revision;
    if (requested > this.#revision) throw new FutureRevisionError(requested, this.#revision);
    if (requested < this.#compacted) throw new CompactedError(requested, this.#compacted);
    return requested;
  }

  #commit(key: string, kv: KeyValue | undefined, event: WatchEvent): void {
    const revision = ++this.#revision;
    const versions = this.#versions.get(key);
    if (versions === undefined) {
      this.#versions.set(key, [{ revision, kv }]);
      this.#keys.add(key);
    } else {
      versions.push({ revision, kv });
    }
    this.#log.push(event);
    this.#hub.publish([event]);
  }

  #history(prefix: string, after: number, until: number, limit: number): WatchEvent[] {
    if (after < this.#compacted) throw new CompactedError(after, this.#compacted);
    const out: WatchEvent[] = [];
    const end = Math.min(until - this.#logBase, this.#log.length - 1);
    for (let i = Math.max(after + 1 - this.#logBase, 0); i <= end && out.length < limit; i++) {
      const event = this.#log[i];
      if (event !== undefined && event.kv.key.startsWith(prefix)) out.push(event);
    }
    return out;
  }
}
