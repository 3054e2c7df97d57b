/**
 * One etcd watch as a BatchQueue of WatchEvents. The etcd3 client multiplexes all
 * watchers of a client over one gRPC stream and resumes them after reconnects from
 * the last revision seen, so nothing is lost or repeated across connection drops.
 */
import { type Etcd3, type IEvent, type IKeyValue, Range } from 'etcd3';
import { BatchQueue } from '../batch-queue.js';
import type { KeyValue, WatchEvent } from '../storage.js';
import { prefixRange } from './etcd-keys.js';

/** What to watch and how to report failures. */
export interface EtcdWatchOptions {
  readonly prefix: string;
  /** Events after this revision; 0: from when etcd creates the watch. */
  readonly afterRevision: number;
  readonly signal?: AbortSignal;
  /** Maps a watch failure (e.g. canceled because afterRevision was compacted) to the error to deliver. */
  readonly mapError: (error: unknown, afterRevision: number) => Promise<unknown>;
  /** Called once when the stream stops (ended, failed, aborted or returned). */
  readonly onStop?: () => void;
}

/** Starts an etcd watch with previous values and returns its event stream. */
export function startEtcdWatch(client: Etcd3, options: EtcdWatchOptions): BatchQueue<WatchEvent> {
  const { start, end } = prefixRange(options.prefix);
  const builder = client.watch().inRange(new Range(start, end)).withPreviousKV();
  if (options.afterRevision > 0) builder.startRevision(String(options.afterRevision + 1));
  // watcher() attaches at once: listeners are in place before any response can arrive.
  const watcher = builder.watcher();
  const onAbort = (): void => queue.end();
  const queue = new BatchQueue<WatchEvent>({
    onStop: () => {
      options.signal?.removeEventListener('abort', onAbort);
      options.onStop?.();
      // Our 'error' listener stays: an EventEmitter without one throws on 'error'.
      watcher.cancel().catch(() => undefined);
    },
  });
  watcher.on('data', (response: { events: IEvent[] }) => {
    // Progress notifications carry no events.
    if (response.events.length > 0) queue.push(response.events.map(eventOf));
  });
  watcher.on('error', (error: unknown) => {
    void options.mapError(error, options.afterRevision).then((mapped) => queue.fail(mapped));
  });
  if (options.signal?.aborted === true) queue.end();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return queue;
}

function kvOf(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

function eventOf(event: IEvent): WatchEvent {
  // prev_kv is absent (not just empty) when there was no previous value.
  const prev = event.prev_kv === null || event.prev_kv === undefined ? undefined : kvOf(event.prev_kv);
  if (event.type === 'Delete') {
    const modRevision = Number(event.kv.mod_revision);
    const kv = prev === undefined ? { key: event.kv.key.toString('utf8'), value: '', createRevision: 0, modRevision } : { ...prev, modRevision };
    return { type: 'delete', kv, prev };
  }
  return { type: 'put', kv: kvOf(event.kv), prev };
}
