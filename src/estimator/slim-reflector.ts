/**
 * A list-then-watch loop (like the informer's) that keeps nothing itself: each object is handed
 * to a sink, which keeps only the few fields it needs. Used for the Nodes and Pods of every
 * member, where caching whole objects (a pod is several KB) would cost the control plane
 * hundreds of MB with 100 members. Relists on 410 Gone; backs off on other failures.
 */
import type { KubeObject } from '../api/object.js';
import { ApiError, isGone, isStatus } from '../client/api-error.js';
import { Backoff } from '../client/backoff.js';
import type { KubeClient, ResourceRef } from '../client/client.js';
import { realClock, sleep, type Clock } from '../client/clock.js';
import type { Logger } from '../client/logger.js';
import { noopLogger } from '../client/logger.js';

/** Receives the state of one resource. */
export interface ReflectorSink {
  /** A list is about to be replayed: forget everything. */
  reset(): void;
  upsert(obj: KubeObject): void;
  remove(obj: KubeObject): void;
}

/** Options of one reflector. */
export interface SlimReflectorOptions {
  /** Returns the client to use (asked again before each list, so rebuilt clients are picked up). */
  readonly client: () => Promise<KubeClient>;
  readonly resource: ResourceRef;
  readonly sink: ReflectorSink;
  readonly fieldSelector?: string;
  readonly pageSize?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Server-side watch timeout (default a random 300..600 s). */
  readonly watchTimeoutSeconds?: number;
  /** Retry backoff (default 1 s doubling to 30 s). */
  readonly backoffInitialMs?: number;
}

/** Lists and watches one resource into a sink until stopped. */
export class SlimReflector {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private synced = false;
  private rv = '';

  constructor(private readonly options: SlimReflectorOptions) {}

  /** True while the sink mirrors the server: after a full list, until a list or watch fails. */
  get hasSynced(): boolean {
    return this.synced;
  }

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => (this.options.logger ?? noopLogger).error({ err }, 'estimator reflector failed'));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const clock = this.options.clock ?? realClock;
    const logger = this.options.logger ?? noopLogger;
    const backoff = new Backoff({ initialMs: this.options.backoffInitialMs ?? 1000, maxMs: 30_000, jitter: 0.1 });
    let client: KubeClient | undefined;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList || client === undefined) {
          client = await this.options.client();
          await this.list(client, signal);
          needList = false;
        }
        const started = clock.now();
        const seen = await this.watch(client, signal);
        if (seen > 0) backoff.reset();
        else if (clock.now() - started < 1000 && !signal.aborted) await sleep(clock, backoff.next(), signal);
      } catch (err) {
        if (signal.aborted) break;
        // The member is unreachable or the watch broke: until a new list is in, say nothing rather
        // than answer from a state that may be stale (callers fall back to the general estimate).
        this.synced = false;
        needList = true;
        if (isGone(err)) continue;
        logger.debug({ err, resource: this.options.resource.resource }, 'estimator: list/watch failed; backing off');
        await sleep(clock, backoff.next(), signal);
      }
    }
  }

  private async list(client: KubeClient, signal: AbortSignal): Promise<void> {
    const { sink, resource } = this.options;
    let cont: string | undefined;
    let rv: string | undefined;
    let first = true;
    do {
      const page = await client.list(resource, {
        limit: this.options.pageSize ?? 500,
        ...(this.options.fieldSelector === undefined ? {} : { fieldSelector: this.options.fieldSelector }),
        ...(cont === undefined ? {} : { continue: cont }),
        signal,
      });
      if (signal.aborted) return;
      // Pages are applied as they come, so a large member never holds two copies of its pod list.
      if (first) {
        // Until the whole list is in, the sink is partial: report unsynced (callers then ignore it).
        this.synced = false;
        sink.reset();
      }
      first = false;
      rv ??= page.metadata.resourceVersion ?? '';
      for (const item of page.items) sink.upsert(item);
      cont = page.metadata.continue !== undefined && page.metadata.continue !== '' ? page.metadata.continue : undefined;
    } while (cont !== undefined);
    this.rv = rv ?? '';
    this.synced = true;
  }

  private async watch(client: KubeClient, signal: AbortSignal): Promise<number> {
    const { sink, resource } = this.options;
    const stream = await client.watch(resource, {
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      timeoutSeconds: this.options.watchTimeoutSeconds ?? Math.floor(300 + Math.random() * 300),
      ...(this.options.fieldSelector === undefined ? {} : { fieldSelector: this.options.fieldSelector }),
      signal,
    });
    let count = 0;
    try {
      for await (const event of stream) {
        if (signal.aborted) break;
        count++;
        switch (event.type) {
          case 'ADDED':
          case 'MODIFIED':
            sink.upsert(event.object);
            break;
          case 'DELETED':
            sink.remove(event.object);
            break;
          case 'BOOKMARK':
            break;
          case 'ERROR':
            throw isStatus(event.object) ? new ApiError(event.object) : new Error('watch ERROR event without a Status');
        }
        const rv = event.object.metadata?.resourceVersion;
        if (typeof rv === 'string' && rv !== '') this.rv = rv;
      }
    } finally {
      stream.close();
    }
    return count;
  }
}
