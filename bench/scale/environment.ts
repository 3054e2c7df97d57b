/**
 * What the scale benchmark runs on: N simulated members (started a few at a time and joined in
 * push mode, as `karmada up` does), the control plane on its storage, the controller manager and
 * the scheduler as two components (so the scheduler can be held back for the burst phase and
 * the control plane restarted cold while the members keep running, as when Karmada's
 * controller-manager restarts).
 *
 * The controllers talk to the control plane through an in-process client whose transport is
 * timed (TimingTransport), and publish their work-queue metrics on a registry per start.
 */
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Cluster } from '../../src/api/cluster/cluster.js';
import { InProcessTransport } from '../../src/apiserver/in-process-transport.js';
import type { KubeClient } from '../../src/client/client.js';
import { createKubeClient } from '../../src/client/kube-client.js';
import { loadKubeconfig } from '../../src/client/kubeconfig.js';
import { joinCluster } from '../../src/cli/karmadactl/join.js';
import { CLUSTERS } from '../../src/controllers/cluster/constants.js';
import type { ClusterLifecycleOptions } from '../../src/controllers/cluster/lifecycle-options.js';
import { startControllers, startScheduler, type ControllerContext } from '../../src/controllers/registry.js';
import { startControlPlane, type RunningControlPlane } from '../../src/controlplane/control-plane.js';
import { createResourceInterpreter } from '../../src/interpreter/default-interpreter.js';
import { ensureServerPki } from '../../src/pki/pki-dir.js';
import type { MemberEndpoint } from './member-fleet.js';
import { startMemberHost, type MemberHost } from './member-host.js';
import { TimingTransport } from './timing-transport.js';

export interface EnvironmentOptions {
  readonly dataDir: string;
  /** Storage URL of the control plane; default SQLite in dataDir. */
  readonly storage?: string;
  readonly members: number;
  readonly nodes: number;
  readonly nodeCpu: string;
  readonly nodeMemory: string;
  readonly nodePods: string;
  readonly podReadyDelayMs: number;
  readonly memberEvents: boolean;
  readonly leaseRenewMs: number;
  readonly nodeStatusRefreshMs: number;
  readonly clusterLifecycle: Partial<ClusterLifecycleOptions>;
  /** Members started at once. */
  readonly startConcurrency: number;
  /**
   * How often the members' storage is compacted (their own default is kube-apiserver's 5 min):
   * simulated members keep their watch history in memory, so a shorter window keeps 100 of them light.
   */
  readonly memberCompactionMs: number;
  /** Worker threads hosting the members; 0 = the main thread. */
  readonly memberThreads: number;
  readonly schedulerEstimator: boolean;
  /** Label selector of the benchmark's objects (watched in the members). */
  readonly label: string;
  readonly logger: Logger;
  readonly logLevel: string;
  /** Called as members come up (progress). */
  readonly onMember?: (started: number) => void;
}

/** A running control plane with its controllers (one incarnation; a restart makes a new one). */
export interface PlaneIncarnation {
  readonly plane: RunningControlPlane;
  /** The controllers' (timed) client. */
  readonly timing: TimingTransport;
  /** Work-queue and controller metrics of this incarnation's controllers. */
  readonly registry: Registry;
  /** performance.now() when startControlPlane was called, when it resolved. */
  readonly startedAt: number;
  readonly servingAt: number;
}

export interface ScaleEnvironment {
  readonly members: readonly MemberEndpoint[];
  /** Where the members run (their thread or threads) and what the benchmark can ask of them. */
  readonly host: MemberHost;
  /** The current control plane. */
  current(): PlaneIncarnation;
  /** The scheduler runs unless held. */
  holdScheduler(): Promise<void>;
  releaseScheduler(): void;
  /** Stops the controllers, scheduler and control plane, then starts them again on the same data; members keep running. */
  restartControlPlane(beforeControllers?: BeforeControllers): Promise<{ stoppedMs: number }>;
  /** Stops everything (idempotent). */
  stop(): Promise<void>;
}

interface Components {
  readonly incarnation: PlaneIncarnation;
  readonly controllers: { abort: AbortController; done: Promise<void> };
  scheduler: { abort: AbortController; done: Promise<void> } | undefined;
  readonly context: ControllerContext;
}

/** Runs after the control plane serves and before its controllers start (watches that must miss nothing). */
export type BeforeControllers = (plane: RunningControlPlane) => Promise<void>;

async function runPlane(options: EnvironmentOptions, beforeControllers?: BeforeControllers): Promise<Components> {
  const startedAt = performance.now();
  const plane = await startControlPlane({
    dataDir: options.dataDir,
    port: 0,
    bind: '127.0.0.1',
    logger: options.logger,
    ...(options.storage === undefined ? {} : { storage: options.storage }),
  });
  const servingAt = performance.now();
  await beforeControllers?.(plane);
  const { apiserver } = plane;
  const timing = new TimingTransport(new InProcessTransport(apiserver.server.ops, apiserver.catalog, apiserver.versionInfo));
  const client: KubeClient = createKubeClient(timing);
  const registry = new Registry();
  const abort = new AbortController();
  const { interpreter } = createResourceInterpreter();
  const context: ControllerContext = {
    client,
    catalog: apiserver.catalog,
    interpreter,
    logger: options.logger,
    signal: abort.signal,
    registry,
    clusterLifecycle: options.clusterLifecycle,
    schedulerEstimator: options.schedulerEstimator,
  };
  const done = startControllers(context).catch((error: unknown) => options.logger.error({ err: error }, 'controllers stopped'));
  const components: Components = {
    incarnation: { plane, timing, registry, startedAt, servingAt },
    controllers: { abort, done },
    scheduler: undefined,
    context,
  };
  startSchedulerOf(components, options.logger);
  return components;
}

function startSchedulerOf(components: Components, logger: Logger): void {
  if (components.scheduler !== undefined) return;
  const abort = new AbortController();
  const done = startScheduler({ ...components.context, signal: abort.signal }).catch((error: unknown) => logger.error({ err: error }, 'scheduler stopped'));
  components.scheduler = { abort, done };
}

async function stopPlane(components: Components): Promise<void> {
  components.scheduler?.abort.abort();
  components.controllers.abort.abort();
  await components.scheduler?.done;
  await components.controllers.done;
  components.scheduler = undefined;
  await components.incarnation.plane.stop();
}

/** Waits until every named Cluster reports Ready=True (setup only, so polling is fine). */
async function waitForReadyClusters(client: KubeClient, names: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await client.list<Cluster>(CLUSTERS);
    const ready = new Set(
      list.items.filter((c) => (c.status?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True')).map((c) => c.metadata.name ?? ''),
    );
    const missing = names.filter((n) => !ready.has(n));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`members not Ready after ${timeoutMs} ms: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Starts the control plane, its controllers and scheduler, and the members; resolves when every member is Ready. */
export async function startEnvironment(options: EnvironmentOptions): Promise<ScaleEnvironment> {
  let components = await runPlane(options);
  const membersDir = join(options.dataDir, 'members');
  // Created here once so that every member thread loads the same CA instead of racing to create it.
  ensureServerPki(membersDir, 'karmada-member');
  let host: MemberHost | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await stopPlane(components);
      await host?.stop();
    })();
    return stopped;
  };
  let joined = 0;
  try {
    host = await startMemberHost({
      members: options.members,
      threads: options.memberThreads,
      logger: options.logger,
      logLevel: options.logLevel,
      settings: {
        membersDir,
        nodes: options.nodes,
        nodeCpu: options.nodeCpu,
        nodeMemory: options.nodeMemory,
        nodePods: options.nodePods,
        podReadyDelayMs: options.podReadyDelayMs,
        memberEvents: options.memberEvents,
        leaseRenewMs: options.leaseRenewMs,
        nodeStatusRefreshMs: options.nodeStatusRefreshMs,
        memberCompactionMs: options.memberCompactionMs,
        startConcurrency: options.startConcurrency,
        label: options.label,
      },
      onMember: async (m) => {
        // Over HTTPS with the member's kubeconfig, as karmadactl join does.
        await joinCluster({
          clusterName: m.name,
          controlPlane: components.incarnation.plane.apiserver.client,
          clusterConfig: loadKubeconfig(m.kubeconfigPath),
          provider: m.provider,
          region: m.region,
          zones: [m.zone],
          // Simulated members issue no service account tokens: use the kubeconfig's at once.
          serviceAccountTokenWaitMs: 0,
        });
        options.onMember?.(++joined);
      },
    });
    await waitForReadyClusters(
      components.incarnation.plane.apiserver.client,
      host.members.map((m) => m.name),
      Math.max(120_000, options.members * 2_000),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const members = host;
  return {
    members: members.members,
    host: members,
    current: () => components.incarnation,
    async holdScheduler() {
      const scheduler = components.scheduler;
      components.scheduler = undefined;
      scheduler?.abort.abort();
      await scheduler?.done;
    },
    releaseScheduler() {
      startSchedulerOf(components, options.logger);
    },
    async restartControlPlane(beforeControllers) {
      const t0 = performance.now();
      await stopPlane(components);
      const stoppedMs = performance.now() - t0;
      components = await runPlane(options, beforeControllers);
      return { stoppedMs };
    },
    stop,
  };
}
