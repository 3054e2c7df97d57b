/**
 * etcd driver (etcd 3.4+, through the etcd3 client's raw KV RPCs). etcd already is an
 * MVCC store with the same revision model, so each operation is one RPC: guarded
 * writes are transactions comparing create/mod revisions, lists are ranges at a
 * revision, watches are etcd watches with previous values.
 */
import { type Etcd3 as Etcd3Client, Etcd3, type IKeyValue, type IRangeResponse, type IResponseOp } from 'etcd3';
import { type BatchQueue, endedQueue, failedQueue } from '../batch-queue.js';
import {
  CompactedError,
  ConflictError,
  FutureRevisionError,
  KeyExistsError,
  NotFoundError,
  StoreClosedError,
} from '../errors.js';
import { compareKeys } from '../key-range.js';
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
import { classifyEtcdError, unavailable } from './etcd-errors.js';
import { keyAfter, prefixRange } from './etcd-keys.js';
import { startEtcdWatch } from './etcd-watch.js';

/** How to reach etcd. */
export interface EtcdStoreOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. */
  readonly endpoints: readonly string[];
  /** Connection timeout in ms (default 5000). */
  readonly dialTimeoutMs?: number;
}

/** Opens a client to an etcd cluster (connects lazily; see openStore for a checked open). */
export function openEtcdStore(options: EtcdStoreOptions): EtcdStore {
  return new EtcdStore(new Etcd3({ hosts: [...options.endpoints], dialTimeout: options.dialTimeoutMs ?? 5000 }));
}

/** The etcd Store; build it with openEtcdStore. */
export class EtcdStore implements Store {
  readonly #client: Etcd3Client;
  readonly #watches = new Set<BatchQueue<WatchEvent>>();
  /** The highest compacted revision seen (our own compactions and probes). */
  #knownCompacted = 0;
  #closed = false;

  constructor(client: Etcd3Client) {
    this.#client = client;
  }

  async get(key: string): Promise<GetResult> {
    const response = await this.#call(() => this.#client.kv.range({ key: Buffer.from(key, 'utf8') }));
    const first = response.kvs[0];
    return { revision: Number(response.header.revision), kv: first === undefined ? undefined : kvOf(first) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const { start, end } = prefixRange(prefix);
    const startAfter = options.startAfter;
    const from = startAfter !== undefined && compareKeys(startAfter, prefix) >= 0 ? keyAfter(startAfter) : start;
    const revision = options.revision ?? 0;
    const limit = options.limit ?? 0;
    try {
      const response = await this.#call(() =>
        this.#client.kv.range({ key: from, range_end: end, revision: revision > 0 ? revision : 0, limit: limit > 0 ? limit : 0 }),
      );
      const kvs = response.kvs.map(kvOf);
      // count is the number of keys in [from, end) at that revision, regardless of limit.
      return { revision: revision > 0 ? revision : Number(response.header.revision), kvs, remaining: Number(response.count) - kvs.length };
    } catch (error) {
      throw await this.#revisionError(error, revision);
    }
  }

  async create(key: string, value: string): Promise<WriteResult> {
    const k = Buffer.from(key, 'utf8');
    const response = await this.#call(() =>
      this.#client.kv.txn({
        compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8') } }],
        failure: [],
      }),
    );
    if (!response.succeeded) throw new KeyExistsError(key);
    const revision = Number(response.header.revision);
    return { revision, kv: { key, value, createRevision: revision, modRevision: revision } };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    const k = Buffer.from(key, 'utf8');
    const response = await this.#call(() =>
      this.#client.kv.txn({
        // The key must exist too: an absent key has mod_revision 0.
        compare: [
          { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
          { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
        ],
        success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8'), prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) throw failedGuard(key, response.responses[0]);
    const revision = Number(response.header.revision);
    const prev = response.responses[0]?.response_put?.prev_kv;
    const createRevision = prev === undefined || prev === null ? revision : Number(prev.create_revision);
    return { revision, kv: { key, value, createRevision, modRevision: revision } };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    const k = Buffer.from(key, 'utf8');
    const guard = expectedModRevision === undefined ? [] : [{ key: k, target: 'Mod' as const, result: 'Equal' as const, mod_revision: expectedModRevision }];
    const response = await this.#call(() =>
      this.#client.kv.txn({
        compare: [...guard, { key: k, target: 'Create', result: 'Greater', create_revision: 0 }],
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) throw failedGuard(key, response.responses[0]);
    const prev = response.responses[0]?.response_delete_range?.prev_kvs[0];
    if (prev === undefined) throw new NotFoundError(key);
    return { revision: Number(response.header.revision), prev: kvOf(prev) };
  }

  watch(prefix: string, options: WatchOptions): AsyncIterable<readonly WatchEvent[]> {
    return {
      [Symbol.asyncIterator]: () => {
        if (this.#closed) return endedQueue();
        if (options.afterRevision > 0 && options.afterRevision < this.#knownCompacted) {
          return failedQueue<WatchEvent>(new CompactedError(options.afterRevision, this.#knownCompacted));
        }
        const queue = startEtcdWatch(this.#client, {
          prefix,
          afterRevision: options.afterRevision,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          mapError: (error, after) => this.#watchError(error, after),
          onStop: () => this.#watches.delete(queue),
        });
        this.#watches.add(queue);
        return queue;
      },
    };
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.#call(() => this.#client.kv.compact({ revision, physical: false }));
      this.#knownCompacted = Math.max(this.#knownCompacted, revision);
    } catch (error) {
      // Compacting at or below the compacted revision again is a no-op for us.
      if (classifyEtcdError(error) === 'compacted') return;
      throw await this.#revisionError(error, revision);
    }
  }

  async currentRevision(): Promise<number> {
    // A count-only range of one (absent) key: cheapest way to read the header.
    const response = await this.#call(() => this.#client.kv.range({ key: Buffer.from([0]), count_only: true }));
    return Number(response.header.revision);
  }

  /**
   * etcd has no call that reports the compacted revision, but reading at a revision below
   * it fails: binary-search the lowest readable revision (a few RPCs, done rarely).
   */
  async compactedRevision(): Promise<number> {
    let lo = Math.max(this.#knownCompacted, 1);
    let hi = await this.currentRevision();
    if (await this.#readableAt(lo)) return this.#knownCompacted;
    // Invariant: lo is compacted, hi is readable.
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.#readableAt(mid)) hi = mid;
      else lo = mid;
    }
    this.#knownCompacted = Math.max(this.#knownCompacted, hi);
    return this.#knownCompacted;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const queue of [...this.#watches]) queue.end();
    this.#client.close();
  }

  async #call<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreClosedError();
    try {
      return await run();
    } catch (error) {
      if (this.#closed) throw new StoreClosedError();
      const kind = classifyEtcdError(error);
      if (kind === 'compacted' || kind === 'future') throw error;
      throw unavailable(error);
    }
  }

  async #readableAt(revision: number): Promise<boolean> {
    try {
      await this.#call(() => this.#client.kv.range({ key: Buffer.from([0]), count_only: true, revision }));
      return true;
    } catch (error) {
      if (classifyEtcdError(error) === 'compacted') return false;
      throw unavailable(error);
    }
  }

  /** Turns etcd's compacted/future errors about a requested revision into ours. */
  async #revisionError(error: unknown, revision: number): Promise<unknown> {
    const kind = classifyEtcdError(error);
    if (kind === 'compacted') return new CompactedError(revision, await this.compactedRevision().catch(() => this.#knownCompacted));
    if (kind === 'future') return new FutureRevisionError(revision, await this.currentRevision().catch(() => 0));
    return unavailable(error);
  }

  /** A canceled watch: compacted when its start revision is below the compacted revision. */
  async #watchError(error: unknown, afterRevision: number): Promise<unknown> {
    if (this.#closed) return new StoreClosedError();
    try {
      const compacted = await this.compactedRevision();
      if (afterRevision > 0 && afterRevision + 1 < compacted) return new CompactedError(afterRevision, compacted);
    } catch {
      // Fall through: report the original failure.
    }
    return unavailable(error);
  }
}

function kvOf(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/** The error for a guarded write whose comparison failed: the key is absent or changed. */
function failedGuard(key: string, op: IResponseOp | undefined): Error {
  const range: IRangeResponse | undefined = op?.response_range;
  const current = range?.kvs[0];
  return current === undefined ? new NotFoundError(key) : new ConflictError(key, kvOf(current));
}
