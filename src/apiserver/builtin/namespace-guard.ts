import type { ServedResources } from '../served-resources.js';
import type { NamespaceChecker, ObjectRegistry } from '../registry/object-registry.js';
import { forbidden, notFound, StatusError } from '../status-error.js';
import { isTerminating } from './namespace-strategy.js';

/** Refuses objects in missing namespaces (404) and in terminating ones (403), as kube's NamespaceLifecycle admission. */
export class NamespaceGuard implements NamespaceChecker {
  constructor(
    private readonly registry: () => ObjectRegistry,
    private readonly resources: ServedResources,
  ) {}

  async checkCreate(namespace: string): Promise<void> {
    const info = this.resources.get('', 'v1', 'namespaces');
    if (info === undefined) {
      return;
    }
    try {
      const ns = await this.registry().get(info, '', namespace);
      if (isTerminating(ns)) {
        throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
      }
    } catch (error) {
      if (error instanceof StatusError && error.code === 404) {
        throw notFound(info, namespace);
      }
      throw error;
    }
  }
}
