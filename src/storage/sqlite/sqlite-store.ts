/**
 * SQLite driver (better-sqlite3, WAL). Writes are synchronous transactions: a write's
 * promise resolves only after its COMMIT returned. Watchers in this process are fed
 * straight after each commit through the shared WatchHub; writes by other processes
 * on the same file are picked up by a cheap poll of the revision counter.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { failedQueue } from '../batch-queue.js';
import { CompactedError, ConflictError, FutureRevisionError, KeyExistsError, NotFoundError, StorageError, StoreClosedError } from '../errors.js';
import { compareKeys, prefixEnd } from '../key-range.js';
import type { DeleteResult, GetResult, KeyValue, ListOptions, ListResult, Store, WatchEvent, WatchOptions, WriteResult } from '../storage.js';
import { WatchHub } from '../watch-hub.js';
import { eventOfRow, kvOfRow, type ListRow } from './rows.js';
import { prepareDatabase, type SqliteSynchronous } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';

/** How to open a SQLite store (see also the sqlite: URL options in registry.ts). */
export interface SqliteStoreOptions {
  /** Database file (created with its directory when missing); ':memory:' for a private in-memory database. */
  readonly path: string;
  /** 'normal' (default): durable against process crashes; 'full': also against power loss. */
  readonly synchronous?: SqliteSynchronous;
  /** How often to look for writes by other processes, in ms (default 100; 0 disables). */
  readonly pollIntervalMs?: number;
}

/** Upper bound for the empty prefix: above any key that does not start with U+10FFFF. */
const endOfKeys = '\u{10FFFF}\u{10FFFF}';
/** Revisions deleted per compaction transaction, so other work interleaves. */
const compactionBatch = 2000;
/** Rows read per catch-up query. */
const catchUpPage = 1000;

/** What a write computed inside the transaction: its result, or the error to reject with. */
type Outcome<T> = { readonly ok: T } | { readonly error: Error };

/** A successful write: the caller's result and the event to publish after COMMIT. */
interface Committed {
  readonly result: WriteResult | DeleteResult;
  readonly event: WatchEvent;
}

interface PendingWrite {
  readonly run: () => Outcome<Committed>;
  readonly resolve: (result: WriteResult | DeleteResult) => void;
  readonly reject: (error: unknown) => void;
}

/** Opens (creating when missing) a SQLite-backed store. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  if (options.path !== ':memory:' && options.path !== '') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    prepareDatabase(db, options.synchronous ?? 'normal');
    return new SqliteStore(db, options.pollIntervalMs ?? 100);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The SQLite Store; build it with openSqliteStore. */
export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #st: Statements;
  readonly #hub: WatchHub;
  readonly #poll: NodeJS.Timeout | undefined;
  /** Writes issued in the same event-loop phase, committed together in one transaction (group commit). */
  #pending: PendingWrite[] = [];
  readonly #commitBatch: (batch: readonly PendingWrite[]) => Outcome<Committed>[];
  #closed = false;

  constructor(db: Database.Database, pollIntervalMs: number) {
    this.#db = db;
    this.#st = prepareStatements(db);
    this.#hub = new WatchHub(this.#st.revision.get() ?? 1);
    // IMMEDIATE: take the write lock before reading, so each check-then-insert is atomic
    // against other processes writing the same file too.
    this.#commitBatch = db.transaction((batch: readonly PendingWrite[]) => batch.map((write) => runGuarded(db, write))).immediate;
    if (pollIntervalMs > 0) {
      this.#poll = setInterval(() => this.#pollOtherWriters(), pollIntervalMs);
      this.#poll.unref();
    }
  }

  // Reads see committed writes only: a write still queued for the group commit is not
  // acknowledged yet, so it may be ordered after the read (flushing here would cut the batch).
  async get(key: string): Promise<GetResult> {
    this.#assertOpen();
    const revision = this.#revision();
    const row = this.#st.latest.get(key);
    if (row === undefined || row.deleted !== 0) return { revision, kv: undefined };
    return { revision: Math.max(revision, row.id), kv: kvOfRow(key, row) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#assertOpen();
    const current = this.#revision();
    const requested = options.revision ?? 0;
    const at = requested > 0 ? requested : current;
    if (at > current) throw new FutureRevisionError(at, current);
    if (requested > 0) this.#assertNotCompacted(at);
    const hi = prefixEnd(prefix) ?? endOfKeys;
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : -1;
    const startAfter = options.startAfter;
    const rows: ListRow[] =
      startAfter !== undefined && compareKeys(startAfter, prefix) >= 0
        ? this.#st.listAfter.all({ lo: startAfter, hi, rev: at, limit })
        : this.#st.listFrom.all({ lo: prefix, hi, rev: at, limit });
    const last = rows[rows.length - 1];
    const remaining = limit > 0 && rows.length === limit && last !== undefined ? (this.#st.countAfter.get({ lo: last.name, hi, rev: at }) ?? 0) : 0;
    // A compaction (by another process) may have removed rows while we read.
    if (requested > 0) this.#assertNotCompacted(at);
    return { revision: at, kvs: rows.map((row) => kvOfRow(row.name, row)), remaining };
  }

  async create(key: string, value: string): Promise<WriteResult> {
    this.#assertOpen();
    const st = this.#st;
    return this.#write((): Outcome<Committed> => {
      const current = st.latestMeta.get(key);
      if (current !== undefined && current.deleted === 0) return { error: new KeyExistsError(key) };
      const revision = Number(st.insert.run(key, 0, 0, 0, value).lastInsertRowid);
      const kv: KeyValue = { key, value, createRevision: revision, modRevision: revision };
      return { ok: { result: { revision, kv }, event: { type: 'put', kv, prev: undefined } } };
    });
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    this.#assertOpen();
    const st = this.#st;
    return this.#write((): Outcome<Committed> => {
      const row = st.latest.get(key);
      if (row === undefined || row.deleted !== 0) return { error: new NotFoundError(key) };
      const prev = kvOfRow(key, row);
      if (row.id !== expectedModRevision) return { error: new ConflictError(key, prev) };
      const revision = Number(st.insert.run(key, 0, prev.createRevision, row.id, value).lastInsertRowid);
      const kv: KeyValue = { key, value, createRevision: prev.createRevision, modRevision: revision };
      return { ok: { result: { revision, kv }, event: { type: 'put', kv, prev } } };
    });
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    this.#assertOpen();
    const st = this.#st;
    return this.#write((): Outcome<Committed> => {
      const row = st.latest.get(key);
      if (row === undefined || row.deleted !== 0) return { error: new NotFoundError(key) };
      const prev = kvOfRow(key, row);
      if (expectedModRevision !== undefined && row.id !== expectedModRevision) return { error: new ConflictError(key, prev) };
      const revision = Number(st.insert.run(key, 1, prev.createRevision, row.id, '').lastInsertRowid);
      return { ok: { result: { revision, prev }, event: { type: 'delete', kv: { ...prev, modRevision: revision }, prev } } };
    });
  }

  watch(prefix: string, options: WatchOptions): AsyncIterable<readonly WatchEvent[]> {
    const after = options.afterRevision > 0 ? options.afterRevision : this.#hub.lastRevision;
    return {
      [Symbol.asyncIterator]: () => {
        if (!this.#closed) {
          const compacted = this.#st.compactRevision.get() ?? 0;
          if (after < compacted) return failedQueue<WatchEvent>(new CompactedError(after, compacted));
        }
        return this.#hub.subscribe(prefix, after, (p, from, until, limit) => this.#history(p, from, until, limit), options.signal);
      },
    };
  }

  /**
   * Compaction at C: publish C as the compact revision first (reads below it fail from
   * then on), then delete, in small transactions, every row a read at >= C cannot need:
   * each row in (compactedThrough, C] supersedes its previous row (prev_revision), and a
   * delete row there is itself no longer needed. Rows superseded at or before the last
   * compaction are already gone, so each compaction only scans its own new revisions.
   */
  async compact(revision: number): Promise<void> {
    this.#assertOpen();
    const current = this.#revision();
    if (revision > current) throw new FutureRevisionError(revision, current);
    const st = this.#st;
    const started = this.#db
      .transaction((): boolean => {
        if (revision <= (st.compactRevision.get() ?? 0)) return false;
        st.setMeta.run({ name: 'compact_revision', value: revision });
        return true;
      })
      .immediate();
    if (!started) return;
    const step = this.#db.transaction((): boolean => {
      const lo = st.compactedThrough.get() ?? 0;
      const target = st.compactRevision.get() ?? 0;
      if (lo >= target) return false;
      const hi = Math.min(lo + compactionBatch, target);
      st.compactSuperseded.run({ lo, hi });
      st.compactDeletes.run({ lo, hi });
      st.setMeta.run({ name: 'compacted_through', value: hi });
      return hi < target;
    }).immediate;
    while (!this.#closed && step()) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async currentRevision(): Promise<number> {
    this.#assertOpen();
    this.#flush();
    return this.#revision();
  }

  async compactedRevision(): Promise<number> {
    this.#assertOpen();
    return this.#st.compactRevision.get() ?? 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    if (this.#poll !== undefined) clearInterval(this.#poll);
    this.#hub.close();
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #revision(): number {
    return this.#st.revision.get() ?? 1;
  }

  #assertNotCompacted(revision: number): void {
    const compacted = this.#st.compactRevision.get() ?? 0;
    if (revision < compacted) throw new CompactedError(revision, compacted);
  }

  /** Queues a write for the group commit after this event-loop phase; resolves after COMMIT. */
  #write<T extends WriteResult | DeleteResult>(run: () => Outcome<Committed>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.length === 0) this.#scheduleFlush();
      this.#pending.push({ run, resolve: resolve as (result: WriteResult | DeleteResult) => void, reject });
    });
  }

  /**
   * Flushes in the check phase of this event-loop turn, right after the I/O callbacks of
   * its poll phase: the writes of every request that arrived in this turn (each request
   * is its own I/O callback, so a microtask flush would commit them one by one) share one
   * transaction. A caller awaiting writes in a tight loop still lets timers and I/O run.
   */
  #scheduleFlush(): void {
    setImmediate(() => this.#flush());
  }

  /** Commits the queued writes in one transaction, then publishes and settles them in order. */
  #flush(): void {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    let outcomes: Outcome<Committed>[];
    try {
      outcomes = this.#commitBatch(batch);
    } catch (error) {
      const failure = unavailable(error);
      for (const write of batch) write.reject(failure);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) return write.reject(new Error('lost write outcome'));
      if ('error' in outcome) return write.reject(outcome.error);
      this.#publish(outcome.ok.event);
      write.resolve(outcome.ok.result);
    });
  }

  /** After a commit: hand the event to the hub, or catch up when another process wrote in between. */
  #publish(event: WatchEvent): void {
    const revision = event.kv.modRevision;
    if (this.#hub.size === 0) this.#hub.advanceTo(revision);
    else if (revision === this.#hub.lastRevision + 1) this.#hub.publish([event]);
    else if (revision > this.#hub.lastRevision) this.#catchUp();
  }

  #pollOtherWriters(): void {
    if (this.#closed) return;
    const revision = this.#revision();
    if (revision <= this.#hub.lastRevision) return;
    if (this.#hub.size === 0) this.#hub.advanceTo(revision);
    else this.#catchUp();
  }

  /** Publishes every committed row the hub has not seen, in revision order. */
  #catchUp(): void {
    const target = this.#revision();
    const compacted = this.#st.compactRevision.get() ?? 0;
    if (compacted > this.#hub.lastRevision) {
      // Another process compacted away events our watchers have not seen yet.
      this.#hub.failAll(new CompactedError(this.#hub.lastRevision, compacted));
    }
    for (;;) {
      const rows = this.#st.since.all({ after: this.#hub.lastRevision, limit: catchUpPage });
      this.#hub.publish(rows.map(eventOfRow));
      if (rows.length < catchUpPage) break;
    }
    this.#hub.advanceTo(target);
  }

  #history(prefix: string, after: number, until: number, limit: number): WatchEvent[] {
    this.#assertNotCompacted(after);
    const hi = prefixEnd(prefix) ?? endOfKeys;
    return this.#st.history.all({ after, until, lo: prefix, hi, limit }).map(eventOfRow);
  }
}

/**
 * Runs one queued write inside the batch transaction: a failing statement fails only
 * that write, unless SQLite rolled the whole transaction back (I/O error, disk full),
 * in which case the whole batch fails.
 */
function runGuarded(db: Database.Database, write: PendingWrite): Outcome<Committed> {
  try {
    return write.run();
  } catch (error) {
    if (!db.inTransaction) throw error;
    return { error: unavailable(error) };
  }
}

function unavailable(error: unknown): Error {
  if (error instanceof StorageError) return error;
  return new StorageError('Unavailable', `sqlite: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
