import type { KeyValue } from './storage.js';

/** Base class of storage failures; `code` is stable and mapped to a Kubernetes Status by the apiserver. */
export class StorageError extends Error {
  constructor(
    readonly code: 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted' | 'FutureRevision' | 'Closed' | 'Unavailable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class KeyExistsError extends StorageError {
  constructor(readonly key: string) {
    super('KeyExists', `key exists: ${key}`);
  }
}

export class NotFoundError extends StorageError {
  constructor(readonly key: string) {
    super('NotFound', `key not found: ${key}`);
  }
}

export class ConflictError extends StorageError {
  constructor(
    readonly key: string,
    /** The value currently stored, so callers can retry without another read. */
    readonly current: KeyValue | undefined,
  ) {
    super('Conflict', `revision mismatch on ${key}`);
  }
}

/** The requested revision has been compacted: Kubernetes answers 410 Gone ("too old resource version"). */
export class CompactedError extends StorageError {
  constructor(
    readonly requested: number,
    readonly compacted: number,
  ) {
    super('Compacted', `required revision ${requested} has been compacted (compacted up to ${compacted})`);
  }
}

export class FutureRevisionError extends StorageError {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super('FutureRevision', `required revision ${requested} is a future revision (current ${current})`);
  }
}

export class StoreClosedError extends StorageError {
  constructor() {
    super('Closed', 'store is closed');
  }
}
