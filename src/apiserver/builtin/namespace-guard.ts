import type { ServedResources } from '../served-resources.js';
import type { NamespaceChecker, ObjectRegistry } from '../registry/object-registry.js';
import { objectKey } from '../registry/keys.js';
import { forbidden, notFound } from '../status-error.js';
import { isTerminating } from './namespace-strategy.js';

/** Refuses objects in missing namespaces (404) and in terminating ones (403), as kube's NamespaceLifecycle admission. */
export class NamespaceGuard implements NamespaceChecker {
  /**
   * Whether each namespace was terminating at the revision last read: every create reads its
   * namespace from storage, and this spares decoding it again while it has not changed.
   */
  private readonly terminating = new Map<string, { readonly modRevision: number; readonly terminating: boolean }>();

  constructor(
    private readonly registry: () => ObjectRegistry,
    private readonly resources: ServedResources,
  ) {}

  async checkCreate(namespace: string): Promise<void> {
    const info = this.resources.get('', 'v1', 'namespaces');
    if (info === undefined) {
      return;
    }
    const registry = this.registry();
    const { kv } = await registry.store.get(objectKey(info, '', namespace));
    if (kv === undefined) {
      this.terminating.delete(namespace);
      throw notFound(info, namespace);
    }
    let known = this.terminating.get(namespace);
    if (known?.modRevision !== kv.modRevision) {
      known = { modRevision: kv.modRevision, terminating: isTerminating(registry.decode(info, kv)) };
      this.terminating.set(namespace, known);
    }
    if (known.terminating) {
      throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }
}
