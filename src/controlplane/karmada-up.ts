import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Cluster } from '../api/cluster/cluster.js';
import { isNotFound } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { joinCluster } from '../cli/karmadactl/join.js';
import { obtainMemberCredentials } from '../cli/karmadactl/member-credentials.js';
import { CLUSTERS, KARMADA_CLUSTER_NAMESPACE, SECRET_CA_DATA_KEY, SECRET_TOKEN_KEY, SECRETS } from '../controllers/cluster/constants.js';
import type { ClusterLifecycleOptions } from '../controllers/cluster/lifecycle-options.js';
import { startPropagationControllers } from '../controllers/registry.js';
import { createResourceInterpreter } from '../interpreter/default-interpreter.js';
import { LiveInterpreterConfig, serviceLookup } from '../interpreter/live-customizations.js';
import { startSimulatedMember, type RunningMember } from '../member/simulated-member.js';
import { ensureServerPki } from '../pki/pki-dir.js';
import { startControlPlane, type ControlPlaneOptions, type RunningControlPlane } from './control-plane.js';
import { memberPlacement } from './member-layout.js';

export interface KarmadaUpOptions extends ControlPlaneOptions {
  readonly members: number;
  readonly memberNodes: number;
  readonly memberNodeCpu: string;
  readonly memberNodeMemory: string;
  readonly memberNodePods: string;
  readonly clusterLifecycle?: Partial<ClusterLifecycleOptions>;
  /** `--controllers` list (default all). */
  readonly controllers?: readonly string[];
  /** `--enable-scheduler-estimator` (default true). */
  readonly schedulerEstimator?: boolean;
}

export interface RunningKarmada {
  readonly plane: RunningControlPlane;
  readonly members: readonly RunningMember[];
  readonly membersDir: string;
  stop(): Promise<void>;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/**
 * Joins a simulated member in push mode, or, after a restart (members keep no state), points the
 * existing Cluster and its Secret at the member's new endpoint and credentials.
 */
async function joinOrRefresh(client: KubeClient, member: RunningMember, placement: ReturnType<typeof memberPlacement>): Promise<void> {
  const config = loadKubeconfig(member.kubeconfigPath);
  let existing: Cluster | undefined;
  try {
    existing = await client.get<Cluster>(CLUSTERS, member.name);
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
  if (existing === undefined) {
    await joinCluster({
      clusterName: member.name,
      controlPlane: client,
      clusterConfig: config,
      member: member.client,
      provider: placement.provider,
      region: placement.region,
      zones: [placement.zone],
    });
    return;
  }
  const credentials = await obtainMemberCredentials(member.client, config, member.name, KARMADA_CLUSTER_NAMESPACE, 3_000);
  const secret = await client.get(SECRETS, member.name, { namespace: KARMADA_CLUSTER_NAMESPACE }).catch(() => undefined);
  const data = { [SECRET_CA_DATA_KEY]: b64(credentials.caBundle), [SECRET_TOKEN_KEY]: b64(credentials.token) };
  if (secret === undefined) {
    await client.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: member.name, namespace: KARMADA_CLUSTER_NAMESPACE }, data });
  } else {
    await client.update(SECRETS, { ...secret, data });
  }
  await client.patch(CLUSTERS, member.name, { spec: { apiEndpoint: config.server } }, { type: 'merge' });
}

/** Waits until every named Cluster reports Ready=True. */
async function waitForReadyClusters(client: KubeClient, names: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await client.list<Cluster>(CLUSTERS);
    const ready = new Set(
      list.items.filter((c) => (c.status?.conditions ?? []).some((cond) => cond.type === 'Ready' && cond.status === 'True')).map((c) => c.metadata.name ?? ''),
    );
    if (names.every((n) => ready.has(n))) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`members not Ready after ${timeoutMs} ms: ${names.filter((n) => !ready.has(n)).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * `karmada up`: the control plane, its controllers and scheduler, and N simulated members joined
 * in push mode, in one process. Resolves once every member is Ready.
 */
export async function runKarmadaUp(options: KarmadaUpOptions, logger: Logger): Promise<RunningKarmada> {
  const plane = await startControlPlane(options);
  const stopping = new AbortController();
  const membersDir = join(options.dataDir, 'members');
  const memberPki = options.members > 0 ? ensureServerPki(membersDir, 'karmada-member') : undefined;
  const members: RunningMember[] = [];
  const { interpreter, customizations, webhooks } = createResourceInterpreter({ webhook: { services: serviceLookup(plane.apiserver.client) } });
  // Customizations and webhook configurations applied with kubectl take effect at once.
  const interpreterConfig = new LiveInterpreterConfig({ client: plane.apiserver.client, customizations, webhooks, logger });
  interpreterConfig.start();
  await interpreterConfig.waitForSync(stopping.signal);
  const controllers = startPropagationControllers(
    {
      client: plane.apiserver.client,
      catalog: plane.apiserver.catalog,
      interpreter,
      logger,
      signal: stopping.signal,
      // controller and work-queue metrics are served with the API server's on its /metrics
      registry: plane.apiserver.server.metrics.registry,
      ...(options.clusterLifecycle === undefined ? {} : { clusterLifecycle: options.clusterLifecycle }),
      ...(options.schedulerEstimator === undefined ? {} : { schedulerEstimator: options.schedulerEstimator }),
    },
    options.controllers ?? ['*'],
  ).catch((error: unknown) => logger.error({ err: error }, 'controllers stopped'));
  const stop = async (): Promise<void> => {
    stopping.abort();
    await Promise.allSettled(members.map((m) => m.stop()));
    await controllers;
    await interpreterConfig.stop();
    webhooks.close();
    await plane.stop();
  };
  try {
    for (let i = 1; i <= options.members; i++) {
      const placement = memberPlacement(i);
      const member = await startSimulatedMember({
        name: placement.name,
        port: 0,
        bind: options.bind,
        dataDir: membersDir,
        nodes: options.memberNodes,
        nodeCpu: options.memberNodeCpu,
        nodeMemory: options.memberNodeMemory,
        nodePods: options.memberNodePods,
        region: placement.region,
        zone: placement.zone,
        provider: placement.provider,
        ...(memberPki === undefined ? {} : { pki: memberPki }),
        logger,
      });
      members.push(member);
      await joinOrRefresh(plane.apiserver.client, member, placement);
    }
    await waitForReadyClusters(
      plane.apiserver.client,
      members.map((m) => m.name),
      120_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { plane, members, membersDir, stop };
}
