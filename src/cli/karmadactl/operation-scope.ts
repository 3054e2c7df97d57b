/**
 * Karmada's `--operation-scope` (karmada | members | all) and `--clusters`: which API servers a
 * karmadactl command talks to. Members are reached as Karmada's karmadactl reaches them: through
 * the control plane's cluster proxy (`/apis/cluster.karmada.io/v1alpha1/clusters/NAME/proxy`)
 * with the caller's own control-plane credentials, so the caller needs no member secrets and the
 * member's RBAC judges the caller. A member that cannot be reached is reported and skipped.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import { CLUSTERS } from '../../controllers/cluster/constants.js';

/** The scopes karmadactl understands. */
export const OPERATION_SCOPES = ['karmada', 'members', 'all'] as const;
export type OperationScope = (typeof OPERATION_SCOPES)[number];

/** The name Karmada prints in the CLUSTER column for the control plane. */
export const KARMADA_TARGET = 'Karmada';

/** One API server to query. */
export interface ScopeTarget {
  /** `Karmada` for the control plane, else the member cluster's name. */
  readonly cluster: string;
  readonly member: boolean;
  readonly client: KubeClient;
}

/** Validates a `--operation-scope` value against the scopes a command supports. */
export function parseOperationScope(value: string | undefined, allowed: readonly OperationScope[] = OPERATION_SCOPES): OperationScope {
  const v = value ?? 'karmada';
  const found = allowed.find((s) => s === v);
  if (found === undefined) {
    throw new Error(`operation scope ${v} is invalid, must be one of ${allowed.join(', ')}`);
  }
  return found;
}

/** Member cluster names the scope selects: `--clusters` (each must exist) or every Cluster. */
export function selectClusters(existing: readonly string[], requested: readonly string[]): string[] {
  if (requested.length === 0) {
    return [...existing].sort();
  }
  const known = new Set(existing);
  const missing = requested.filter((c) => !known.has(c));
  if (missing.length > 0) {
    throw new Error(missing.map((c) => `cluster(${c}) does not exist`).join('; '));
  }
  return [...new Set(requested)];
}

/** The control plane's RestConfig re-pointed at one member through the cluster proxy. */
export function clusterProxyConfig(karmada: RestConfig, cluster: string): RestConfig {
  return { ...karmada, server: `${karmada.server.replace(/\/+$/, '')}/apis/cluster.karmada.io/v1alpha1/clusters/${encodeURIComponent(cluster)}/proxy` };
}

/** The targets of a command, control plane first when in scope; `close` closes the member clients. */
export async function scopeTargets(
  karmada: KubeClient,
  karmadaConfig: RestConfig,
  scope: OperationScope,
  requested: readonly string[],
): Promise<{ targets: ScopeTarget[]; close: () => void }> {
  const targets: ScopeTarget[] = [];
  if (scope !== 'members') {
    targets.push({ cluster: KARMADA_TARGET, member: false, client: karmada });
  }
  if (scope !== 'karmada') {
    const list = await karmada.list<Cluster>(CLUSTERS);
    const names = selectClusters(
      list.items.map((c) => c.metadata.name ?? ''),
      requested,
    );
    for (const name of names) {
      targets.push({
        cluster: name,
        member: true,
        client: createHttpClient(clusterProxyConfig(karmadaConfig, name), { userAgent: 'karmadactl', maxRetries: 0 }),
      });
    }
  }
  return {
    targets,
    close: () => {
      for (const t of targets) if (t.member) t.client.close();
    },
  };
}
