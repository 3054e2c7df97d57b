/** Recognising etcd's failures and turning them into the storage contract's errors. */
import { ClientClosedError } from 'etcd3';
import { StorageError, StoreClosedError } from '../errors.js';

/** What kind of etcd failure an error is. */
export type EtcdFailure = 'compacted' | 'future' | 'closed' | 'other';

/** Classifies an error thrown by the etcd3 client (matched on etcd's stable messages). */
export function classifyEtcdError(error: unknown): EtcdFailure {
  if (error instanceof ClientClosedError) return 'closed';
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('required revision has been compacted')) return 'compacted';
  if (message.includes('required revision is a future revision')) return 'future';
  return 'other';
}

/** Wraps an unexpected etcd error (connection loss, timeouts, ...) as Unavailable. */
export function unavailable(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (classifyEtcdError(error) === 'closed') return new StoreClosedError();
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError('Unavailable', `etcd: ${message}`, { cause: error });
}
