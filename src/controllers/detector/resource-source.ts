/**
 * Where the detector learns which resources exist: the in-process ResourceCatalog (CRDs show up
 * at once through onChange) or, for a remote control plane, periodic discovery.
 */
import type { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { KubeClient } from '../../client/client.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import type { WatchableResource } from './template-filter.js';

/** Lists served resources (one version per group/resource: the preferred one) and reports changes. */
export interface ResourceSource {
  resources(): readonly WatchableResource[];
  /** Calls back (synchronously or later) whenever the served set may have changed; returns unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** The preferred version of every group/resource in the catalog. */
export function catalogResourceSource(catalog: ResourceCatalog): ResourceSource {
  return {
    resources() {
      const seen = new Set<string>();
      const out: WatchableResource[] = [];
      for (const info of catalog.all()) {
        const key = `${info.group}/${info.resource}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const preferred = catalog.versionsOf(info.group, info.resource)[0] ?? info;
        out.push({
          group: preferred.group,
          version: preferred.version,
          resource: preferred.resource,
          kind: preferred.kind,
          namespaced: preferred.namespaced,
          ...(preferred.verbs === undefined ? {} : { verbs: preferred.verbs }),
        });
      }
      return out;
    },
    onChange(listener) {
      return catalog.onChange(() => listener());
    },
  };
}

/** Discovery through the client, refreshed every intervalMs (Karmada polls every 30 s). */
export function discoveryResourceSource(client: KubeClient, intervalMs = 30_000, logger: Logger = noopLogger): ResourceSource & { refresh(): Promise<void> } {
  let current: WatchableResource[] = [];
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const refresh = async (): Promise<void> => {
    try {
      client.mapper.invalidate();
      const mappings = await client.mapper.mappings();
      const seen = new Set<string>();
      const next: WatchableResource[] = [];
      for (const m of [...mappings].sort((a, b) => Number(b.preferred) - Number(a.preferred))) {
        const key = `${m.group}/${m.resource}`;
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ group: m.group, version: m.version, resource: m.resource, kind: m.kind, namespaced: m.namespaced, verbs: m.verbs });
      }
      current = next;
      for (const l of listeners) l();
    } catch (err) {
      logger.warn({ err }, 'resource discovery failed');
    }
  };
  return {
    refresh,
    resources: () => current,
    onChange(listener) {
      listeners.add(listener);
      if (timer === undefined) {
        timer = setInterval(() => void refresh(), intervalMs);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}
