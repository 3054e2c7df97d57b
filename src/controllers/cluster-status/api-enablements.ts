/**
 * A member's API enablements (`getAPIEnablements`): every served group/version with its
 * resources (subresources left out), sorted. The full discovery walk is cached per cluster
 * and redone only when the member's group/version list changes or the cache ages out, so a
 * sweep over many members costs two small requests each.
 */
import type { APIEnablement } from '../../api/cluster/cluster.js';
import { isPlainObject } from '../../api/object.js';
import type { DiscoveryDocument, KubeClient } from '../../client/client.js';
import { ClusterConditionCompleteAPIEnablements } from '../../api/cluster/cluster.js';
import type { Condition } from '../../api/policy/kube-core.js';
import { newCondition } from './conditions.js';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Enablements from a discovery document, and whether every group/version answered. */
export function apiEnablementsFromDiscovery(doc: DiscoveryDocument): { enablements: APIEnablement[]; complete: boolean } {
  const expected = doc.groups.reduce((n, g) => n + g.versions.length, 0);
  const enablements = doc.resourceLists.map((list) => ({
    groupVersion: list.groupVersion,
    resources: list.resources
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({ name: r.name, kind: r.kind }))
      .sort((a, b) => byString(a.name, b.name)),
  }));
  enablements.sort((a, b) => byString(a.groupVersion, b.groupVersion));
  return { enablements, complete: doc.resourceLists.length >= expected };
}

/** The CompleteAPIEnablements condition for a collection result. */
export function apiEnablementsCondition(count: number, complete: boolean): Condition {
  if (count === 0) {
    return newCondition(ClusterConditionCompleteAPIEnablements, 'Empty', 'collected empty APIEnablements from the cluster', 'False');
  }
  if (!complete) {
    return newCondition(ClusterConditionCompleteAPIEnablements, 'Partial', `might collect partial APIEnablements(${count}) from the cluster`, 'False');
  }
  return newCondition(ClusterConditionCompleteAPIEnablements, 'Complete', 'collected complete APIEnablements from the cluster', 'True');
}

interface Cached {
  readonly signature: string;
  readonly fetchedAt: number;
  readonly enablements: APIEnablement[];
  readonly complete: boolean;
}

/** Group/version list of `/api` and `/apis`, as a comparable string. */
async function groupVersionSignature(client: KubeClient, signal?: AbortSignal): Promise<string | undefined> {
  const opts = signal === undefined ? {} : { signal };
  const [core, apis] = await Promise.all([client.getRaw('/api', opts), client.getRaw('/apis', opts)]);
  if (core.statusCode !== 200 || apis.statusCode !== 200) {
    return undefined;
  }
  try {
    const coreDoc = JSON.parse(core.body) as unknown;
    const apisDoc = JSON.parse(apis.body) as unknown;
    const versions = isPlainObject(coreDoc) && Array.isArray(coreDoc['versions']) ? coreDoc['versions'] : [];
    const groups = isPlainObject(apisDoc) && Array.isArray(apisDoc['groups']) ? apisDoc['groups'] : [];
    const gvs = groups.flatMap((g) => (isPlainObject(g) && Array.isArray(g['versions']) ? g['versions'] : [])).map((v) => (isPlainObject(v) ? v['groupVersion'] : v));
    return JSON.stringify([versions, gvs]);
  } catch {
    return undefined;
  }
}

export class ApiEnablementCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly maxAgeMs: number) {}

  /** The member's enablements (cached while its group/version list is unchanged). */
  async get(cluster: string, client: KubeClient, nowMs: number, signal?: AbortSignal): Promise<{ enablements: APIEnablement[]; complete: boolean }> {
    const signature = await groupVersionSignature(client, signal).catch(() => undefined);
    const cached = this.entries.get(cluster);
    if (cached !== undefined && signature !== undefined && cached.signature === signature && nowMs - cached.fetchedAt < this.maxAgeMs) {
      return { enablements: cached.enablements, complete: cached.complete };
    }
    const doc = await client.discover(signal === undefined ? {} : { signal });
    const result = apiEnablementsFromDiscovery(doc);
    if (signature !== undefined && result.complete) {
      this.entries.set(cluster, { signature, fetchedAt: nowMs, ...result });
    } else {
      this.entries.delete(cluster);
    }
    return result;
  }

  delete(cluster: string): void {
    this.entries.delete(cluster);
  }
}
