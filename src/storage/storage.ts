/**
 * The storage contract every driver implements, shaped after what an etcd-backed
 * apiserver needs (see kine's Backend). Every reply carries the store's revision;
 * an object's resourceVersion is its modRevision as a decimal string.
 */

/** One stored key with its value and revisions. */
export interface KeyValue {
  readonly key: string;
  /** The stored bytes, as UTF-8 text (the apiserver stores JSON). */
  readonly value: string;
  /** Revision at which this key was created (unchanged by updates). */
  readonly createRevision: number;
  /** Revision of the last write to this key. */
  readonly modRevision: number;
}

export interface GetResult {
  readonly revision: number;
  readonly kv: KeyValue | undefined;
}

export interface ListOptions {
  /** Read as of this revision (0 or absent: current). Fails with CompactedError when compacted. */
  readonly revision?: number;
  /** Maximum number of keys to return (0 or absent: no limit). */
  readonly limit?: number;
  /** Return keys strictly greater than this key (for continue tokens). */
  readonly startAfter?: string;
}

export interface ListResult {
  /** The revision the list was read at. */
  readonly revision: number;
  readonly kvs: readonly KeyValue[];
  /** Number of keys under the prefix (at that revision) that were not returned because of limit. */
  readonly remaining: number;
}

export interface WriteResult {
  readonly revision: number;
  readonly kv: KeyValue;
}

export interface DeleteResult {
  readonly revision: number;
  /** The value that was deleted. */
  readonly prev: KeyValue;
}

export type WatchEventType = 'put' | 'delete';

export interface WatchEvent {
  readonly type: WatchEventType;
  /** For put: the new value (modRevision = revision of the event). For delete: the deleted value, modRevision = revision of the delete. */
  readonly kv: KeyValue;
  /** The value before this event, when there was one (puts that update, and deletes). */
  readonly prev: KeyValue | undefined;
}

export interface WatchOptions {
  /** Deliver events with revision strictly greater than this. 0: only events after the current revision. */
  readonly afterRevision: number;
  readonly signal?: AbortSignal;
}

export interface Store {
  get(key: string): Promise<GetResult>;
  /** Keys that start with prefix, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Create; fails with KeyExistsError when the key exists. */
  create(key: string, value: string): Promise<WriteResult>;
  /** Update guarded by the key's expected modRevision; fails with ConflictError (carrying the current value) or NotFoundError. */
  update(key: string, value: string, expectedModRevision: number): Promise<WriteResult>;
  /** Delete, guarded by expectedModRevision when given; fails with ConflictError or NotFoundError. */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;
  /**
   * Events under prefix after options.afterRevision, in revision order, batched.
   * Throws CompactedError (before the first batch) when afterRevision is compacted.
   * Ends when the signal aborts or the store closes.
   */
  watch(prefix: string, options: WatchOptions): AsyncIterable<readonly WatchEvent[]>;
  /**
   * Forget history before revision: later lists at a lower revision, and watches after a
   * lower revision, fail with CompactedError (the state at revision itself stays readable,
   * as in etcd). Compacting at or below the compacted revision is a no-op; a future
   * revision fails with FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  /** The revision of the last write (1 for a new, empty store, as in etcd). */
  currentRevision(): Promise<number>;
  /** The last compaction's revision (0 if none): lists below it and watches after a revision below it fail. */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}
