/**
 * Karmada's `--operation-scope` (karmada | members | all) and `--clusters`: which API servers a
 * karmadactl command talks to. Members are reached in push mode through the credentials in their
 * Cluster's Secret (MemberClients); clusters that cannot be reached that way are reported and
 * skipped, as Karmada skips clusters it cannot build a client for.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeClient } from '../../client/client.js';
import { CLUSTERS } from '../../controllers/cluster/constants.js';
import { MemberClients } from '../../controllers/member-clients.js';

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

/**
 * The targets of a command, control plane first when in scope. Member clients are owned by
 * the returned `close`.
 */
export async function scopeTargets(
  karmada: KubeClient,
  scope: OperationScope,
  requested: readonly string[],
  warn: (message: string) => void,
): Promise<{ targets: ScopeTarget[]; close: () => void }> {
  const targets: ScopeTarget[] = [];
  if (scope !== 'members') {
    targets.push({ cluster: KARMADA_TARGET, member: false, client: karmada });
  }
  const members = new MemberClients(karmada);
  if (scope !== 'karmada') {
    const list = await karmada.list<Cluster>(CLUSTERS);
    const names = selectClusters(
      list.items.map((c) => c.metadata.name ?? ''),
      requested,
    );
    for (const name of names) {
      try {
        targets.push({ cluster: name, member: true, client: await members.get(name) });
      } catch (err) {
        warn(`cluster(${name}) is inaccessible: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return { targets, close: () => members.close() };
}
