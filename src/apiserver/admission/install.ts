/** Registers Karmada's admission with an API server's strategy resolver. */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { AdmissionPlugin } from '../registry/strategy.js';
import { karmadaAdmissionPlugins, type KarmadaAdmissionOptions } from './index.js';

/** Where admission plugins go (BuiltinStrategyResolver). */
export interface AdmissionTarget {
  addAdmission(plugin: AdmissionPlugin): void;
}

/**
 * Adds every Karmada webhook rule to `target`. `list` reads stored objects of a resource (the
 * customization webhook compares against the stored ResourceInterpreterCustomizations); the
 * Cluster schema comes from the catalog.
 */
export function registerKarmadaAdmission(
  target: AdmissionTarget,
  catalog: ResourceCatalog,
  list: (info: ResourceInfo) => Promise<readonly KubeObject[]>,
  options: Omit<KarmadaAdmissionOptions, 'listCustomizations' | 'clusterSchema'> = {},
): void {
  const plugins = karmadaAdmissionPlugins({
    ...options,
    async listCustomizations() {
      const info = catalog.preferredForKind('config.karmada.io', 'ResourceInterpreterCustomization');
      return info === undefined ? [] : list(info);
    },
    clusterSchema: () => catalog.openAPIV3Schema('cluster.karmada.io', 'v1alpha1', 'Cluster') as Record<string, unknown> | undefined,
  });
  for (const plugin of plugins) target.addAdmission(plugin);
}
