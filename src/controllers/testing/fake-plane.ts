/**
 * Test fixtures for the propagation controllers: a FakeApiServer serving the kinds they use, a
 * static ResourceSource over it, and `eventually` for polling assertions.
 */
import { DEFAULT_FAKE_RESOURCES, FakeApiServer, type FakeResource } from '../../client/fake-api-server.js';
import type { ResourceSource } from '../detector/resource-source.js';

/** Kinds the propagation tests need beyond the fake's defaults. */
export const EXTRA_FAKE_RESOURCES: readonly FakeResource[] = [
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, statusSubresource: true },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true, statusSubresource: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, statusSubresource: true },
];

/** A fake control plane serving the defaults plus EXTRA_FAKE_RESOURCES. */
export function fakeControlPlane(): FakeApiServer {
  return new FakeApiServer({ resources: [...DEFAULT_FAKE_RESOURCES, ...EXTRA_FAKE_RESOURCES] });
}

/** A fake member cluster (built-in kinds only). */
export function fakeMember(): FakeApiServer {
  return new FakeApiServer({
    resources: [...DEFAULT_FAKE_RESOURCES, ...EXTRA_FAKE_RESOURCES].filter((r) => !r.group.endsWith('karmada.io')),
  });
}

/** A ResourceSource listing the fake's resources (changes announced by `changed()`). */
export function fakeResourceSource(resources: readonly FakeResource[] = [...DEFAULT_FAKE_RESOURCES, ...EXTRA_FAKE_RESOURCES]): ResourceSource & { add(r: FakeResource): void } {
  const list = [...resources];
  const listeners = new Set<() => void>();
  return {
    resources: () => list.map((r) => ({ group: r.group, version: r.version, resource: r.resource, kind: r.kind, namespaced: r.namespaced })),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(r) {
      list.push(r);
      for (const l of listeners) l();
    },
  };
}

/** Polls until check passes (returns its value) or fails after timeoutMs with the last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${last instanceof Error ? last.message : String(last)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
