import type { KubeObject } from '../api/object.js';
import type { KubeClient, ResourceTarget } from './client.js';
import { isResourceRef } from './client.js';
import type { Clock } from './clock.js';
import type { InformerOptions } from './informer.js';
import { Informer } from './informer.js';
import type { Logger } from './logger.js';

/** What selects an informer's objects (part of its identity in the factory). */
export interface InformerSelection {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface SharedInformerFactoryOptions {
  /** Default namespace for informers that do not name one (default: all namespaces). */
  readonly namespace?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly pageSize?: number;
}

/**
 * Hands out one informer per (resource, selection), so controllers watching the same
 * resource share one list/watch and one cache. Address a resource consistently (either a
 * ResourceRef or apiVersion+kind): the two forms are keyed apart.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Informer>();
  private started = false;

  constructor(
    private readonly client: KubeClient,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  /** The shared informer; started at once if the factory already started. */
  informerFor<T extends KubeObject = KubeObject>(target: ResourceTarget, selection: InformerSelection = {}): Informer<T> {
    const namespace = selection.namespace ?? this.options.namespace;
    const key = [
      isResourceRef(target) ? `${target.group}/${target.version}/${target.resource}` : `${target.apiVersion}/${target.kind}`,
      namespace ?? '',
      selection.labelSelector ?? '',
      selection.fieldSelector ?? '',
    ].join('|');
    let informer = this.informers.get(key);
    if (informer === undefined) {
      const opts: InformerOptions = {
        ...(namespace === undefined ? {} : { namespace }),
        ...(selection.labelSelector === undefined ? {} : { labelSelector: selection.labelSelector }),
        ...(selection.fieldSelector === undefined ? {} : { fieldSelector: selection.fieldSelector }),
        ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
        ...(this.options.logger === undefined ? {} : { logger: this.options.logger }),
        ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
      };
      informer = new Informer(this.client, target, opts);
      this.informers.set(key, informer);
      if (this.started) {
        informer.start();
      }
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer made so far and any made later. */
  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) {
      informer.start();
    }
  }

  /** Resolves true once every informer made so far has synced; false if aborted or stopped first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Stops every informer. */
  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** The informers made so far. */
  all(): Informer[] {
    return [...this.informers.values()];
  }
}
