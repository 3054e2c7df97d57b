/**
 * A set of simulated members hosted in the current thread (the main thread or a member worker,
 * see member-host.ts): starts them a few at a time, compacts their storage, watches their
 * benchmark Deployments and ConfigMaps and reports each event as a small record (so the
 * benchmark's tracker can run in another thread), and answers the few questions the benchmark
 * asks of members (namespaces present, pods, API server latency histograms).
 */
import type { Logger } from 'pino';
import type { ResourceTarget } from '../../src/client/client.js';
import { memberPlacement } from '../../src/controlplane/member-layout.js';
import { startSimulatedMember, type RunningMember } from '../../src/member/simulated-member.js';
import { ensureServerPki } from '../../src/pki/pki-dir.js';
import { startCompactor, type Compactor } from '../../src/storage/compactor.js';
import { MUTATING_VERBS, READ_VERBS, snapshotBuckets, type Buckets } from './server-histograms.js';

/** Serializable settings of the members (crosses the worker boundary). */
export interface MemberSettings {
  /** Holds the shared member PKI and each member's kubeconfig. */
  readonly membersDir: string;
  readonly nodes: number;
  readonly nodeCpu: string;
  readonly nodeMemory: string;
  readonly nodePods: string;
  readonly podReadyDelayMs: number;
  readonly memberEvents: boolean;
  readonly leaseRenewMs: number;
  readonly nodeStatusRefreshMs: number;
  readonly memberCompactionMs: number;
  /** Members started at once (per thread). */
  readonly startConcurrency: number;
  /** Label selector of the benchmark's objects (watched in every member). */
  readonly label: string;
}

/** What the control plane needs to join a member. */
export interface MemberEndpoint {
  readonly index: number;
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  readonly region: string;
  readonly zone: string;
  readonly provider: string;
}

/** One watch event of a benchmark object in a member; `at` is wall-clock ms (timeOrigin + now), comparable across threads. */
export interface MemberObjectEvent {
  readonly member: string;
  readonly kind: 'Deployment' | 'ConfigMap';
  readonly type: string;
  readonly namespace: string;
  readonly name: string;
  readonly at: number;
}

export interface MemberFleet {
  readonly members: readonly RunningMember[];
  /** Namespaces missing from members, summed over members. */
  missingNamespaces(names: readonly string[]): Promise<number>;
  pods(): Promise<number>;
  /** Summed `apiserver_request_duration_seconds` buckets of the members' API servers. */
  buckets(): Promise<{ mutating: Buckets; read: Buckets }>;
  /** Starts the watches of benchmark objects (once, after the members are up). */
  watch(onEvents: (events: MemberObjectEvent[]) => void, onError: (what: string) => void): void;
  stop(): Promise<void>;
}

const WATCHED: readonly (readonly ['Deployment' | 'ConfigMap', ResourceTarget])[] = [
  ['Deployment', { apiVersion: 'apps/v1', kind: 'Deployment' }],
  ['ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap' }],
];

/** Starts the members with the given indexes (1-based, named by memberPlacement); onMember fires as each serves. */
export async function startMemberFleet(
  indexes: readonly number[],
  settings: MemberSettings,
  logger: Logger,
  onMember: (endpoint: MemberEndpoint) => void | Promise<void>,
): Promise<MemberFleet> {
  const pki = ensureServerPki(settings.membersDir, 'karmada-member');
  const members: RunningMember[] = [];
  const compactors: Compactor[] = [];
  const watches = new AbortController();
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      watches.abort();
      for (const c of compactors) c.stop();
      await Promise.allSettled(members.map((m) => m.stop()));
    })();
    return stopped;
  };
  try {
    let next = 0;
    const startOne = async (): Promise<void> => {
      for (let i = next++; i < indexes.length; i = next++) {
        const index = indexes[i] ?? 0;
        const placement = memberPlacement(index);
        const member = await startSimulatedMember({
          name: placement.name,
          port: 0,
          bind: '127.0.0.1',
          dataDir: settings.membersDir,
          nodes: settings.nodes,
          nodeCpu: settings.nodeCpu,
          nodeMemory: settings.nodeMemory,
          nodePods: settings.nodePods,
          region: placement.region,
          zone: placement.zone,
          provider: placement.provider,
          podReadyDelayMs: settings.podReadyDelayMs,
          leaseRenewMs: settings.leaseRenewMs,
          nodeStatusRefreshMs: settings.nodeStatusRefreshMs,
          events: settings.memberEvents,
          pki,
          logger,
        });
        members.push(member);
        compactors.push(startCompactor(member.apiserver.server.registry.store, { intervalMs: settings.memberCompactionMs }));
        await onMember({
          index,
          name: member.name,
          url: member.url,
          port: member.port,
          kubeconfigPath: member.kubeconfigPath,
          region: placement.region,
          zone: placement.zone,
          provider: placement.provider,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, settings.startConcurrency) }, startOne));
  } catch (error) {
    await stop();
    throw error;
  }
  members.sort((a, b) => Number(a.name.slice('member'.length)) - Number(b.name.slice('member'.length)));
  return {
    members,
    async missingNamespaces(names) {
      let missing = 0;
      for (const m of members) {
        const list = await m.client.list({ apiVersion: 'v1', kind: 'Namespace' });
        const have = new Set(list.items.map((n) => n.metadata.name));
        missing += names.filter((n) => !have.has(n)).length;
      }
      return missing;
    },
    async pods() {
      let pods = 0;
      for (const m of members) pods += (await m.client.list({ apiVersion: 'v1', kind: 'Pod' }, { limit: 100_000 })).items.length;
      return pods;
    },
    async buckets() {
      const registries = members.map((m) => m.apiserver.server.metrics.registry);
      return { mutating: await snapshotBuckets(registries, MUTATING_VERBS), read: await snapshotBuckets(registries, READ_VERBS) };
    },
    watch(onEvents, onError) {
      // Events are handed over in batches, once per turn of the event loop (one message per batch across threads).
      let batch: MemberObjectEvent[] = [];
      const flush = (): void => {
        const out = batch;
        batch = [];
        onEvents(out);
      };
      const signal = watches.signal;
      for (const m of members) {
        for (const [kind, target] of WATCHED) {
          void (async () => {
            try {
              const stream = await m.client.watch(target, { labelSelector: settings.label, signal });
              for await (const e of stream) {
                if (e.type === 'ERROR') {
                  onError(`${m.name} ${kind}: ${JSON.stringify(e.object).slice(0, 200)}`);
                  break;
                }
                if (e.type === 'BOOKMARK') continue;
                if (batch.length === 0) setImmediate(flush);
                batch.push({
                  member: m.name,
                  kind,
                  type: e.type,
                  namespace: e.object.metadata.namespace ?? '',
                  name: e.object.metadata.name ?? '',
                  at: performance.timeOrigin + performance.now(),
                });
              }
            } catch (error) {
              if (!signal.aborted) onError(`${m.name} ${kind}: ${error instanceof Error ? error.message : String(error)}`);
            }
          })();
        }
      }
    },
    stop,
  };
}
