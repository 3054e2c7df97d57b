import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { ObjectRegistry } from '../registry/object-registry.js';
import type { ServedResources } from '../served-resources.js';
import { StatusError } from '../status-error.js';
import { crdVersionSchemas, resourcesOfCrd } from './crd-resources.js';
import { CRD_CLEANUP_FINALIZER } from './crd-strategy.js';
import { runWatchLoop } from './watch-loop.js';

/** Where the CRD controller registers the resources a CRD serves. */
export interface CrdResourceSink {
  /** Replaces what the CRD `crdName` serves (an empty list removes it), with each version's schema. */
  setCrdResources(crdName: string, resources: readonly ResourceInfo[], schemas?: ReadonlyMap<string, Record<string, unknown>>): void;
}

/**
 * Serves custom resources as soon as their CRD exists (discovery follows the catalog), and on CRD
 * deletion removes every custom object before letting the CRD go.
 */
export class CrdLifecycle {
  constructor(
    private readonly registry: ObjectRegistry,
    private readonly resources: ServedResources,
    private readonly sink: CrdResourceSink,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Loads existing CRDs (so their resources are served before the server answers), then follows changes. */
  async start(signal: AbortSignal): Promise<void> {
    const info = this.crdInfo();
    const existing = await this.registry.list(info, '');
    for (const crd of existing.items) {
      this.sink.setCrdResources(crd.metadata.name ?? '', resourcesOfCrd(crd), crdVersionSchemas(crd));
    }
    void runWatchLoop(this.registry, info, signal, (type, crd) => this.sync(info, type, crd), this.onError);
  }

  private crdInfo(): ResourceInfo {
    const info = this.resources.get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if (info === undefined) {
      throw new Error('customresourcedefinitions are not served');
    }
    return info;
  }

  /** Called synchronously after a CRD write so that the next request already sees the new resources. */
  observe(crd: KubeObject): void {
    this.sink.setCrdResources(crd.metadata.name ?? '', crd.metadata.deletionTimestamp === undefined ? resourcesOfCrd(crd) : [], crdVersionSchemas(crd));
  }

  private async sync(info: ResourceInfo, type: string, crd: KubeObject): Promise<void> {
    const name = crd.metadata.name ?? '';
    if (type === 'DELETED') {
      this.sink.setCrdResources(name, []);
      return;
    }
    const served = resourcesOfCrd(crd);
    if (crd.metadata.deletionTimestamp === undefined) {
      this.sink.setCrdResources(name, served, crdVersionSchemas(crd));
      return;
    }
    const first = served[0];
    if (first !== undefined) {
      await this.registry.deleteAll(first, '');
    }
    this.sink.setCrdResources(name, []);
    try {
      await this.registry.update(info, '', name, (current) => {
        current.metadata.finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
        return current;
      });
    } catch (error) {
      if (!(error instanceof StatusError && error.code === 404)) {
        throw error;
      }
    }
  }
}
