import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { ObjectRegistry } from '../registry/object-registry.js';
import type { ServedResources } from '../served-resources.js';
import { StatusError } from '../status-error.js';
import { withoutKubernetesFinalizer } from './namespace-strategy.js';
import { runWatchLoop } from './watch-loop.js';

/**
 * The namespace controller: when a Namespace is deleted, every namespaced object in it is deleted,
 * then the `kubernetes` finalizer is removed so the Namespace goes away. Objects that keep their
 * own finalizers hold the namespace until those are removed (checked again every second).
 */
export class NamespaceLifecycle {
  private readonly pending = new Set<string>();

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly resources: ServedResources,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(signal: AbortSignal): void {
    const info = this.resources.get('', 'v1', 'namespaces');
    if (info === undefined) {
      return;
    }
    void runWatchLoop(
      this.registry,
      info,
      signal,
      async (type, ns) => {
        if (type !== 'DELETED' && ns.metadata.deletionTimestamp !== undefined) {
          await this.finalize(info, ns, signal);
        }
      },
      this.onError,
    );
  }

  private async finalize(info: ResourceInfo, ns: KubeObject, signal: AbortSignal): Promise<void> {
    const name = ns.metadata.name ?? '';
    if (this.pending.has(name)) {
      return;
    }
    this.pending.add(name);
    try {
      while (!signal.aborted) {
        let remaining = 0;
        const seen = new Set<string>();
        for (const resource of this.resources.all()) {
          const storageKey = `${resource.group}/${resource.resource}`;
          if (!resource.namespaced || seen.has(storageKey)) {
            continue;
          }
          seen.add(storageKey);
          await this.registry.deleteAll(resource, name);
          remaining += (await this.registry.list(resource, name, { limit: 1 })).items.length;
        }
        if (remaining === 0) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await this.registry.update(info, '', name, (current) => withoutKubernetesFinalizer(current), { subresource: 'finalize' });
    } catch (error) {
      if (!(error instanceof StatusError && error.code === 404)) {
        throw error;
      }
    } finally {
      this.pending.delete(name);
    }
  }
}
