/**
 * The workload simulator of one member: shared informers over the member's API server, the
 * node heartbeats, and the controllers that make workloads behave as in a real cluster
 * (scheduler, kubelet, ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob,
 * endpoints, load balancers, disruption budgets). Garbage collection is the API server's own.
 */
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import { realClock, type Clock } from '../../client/clock.js';
import type { Logger } from '../../client/logger.js';
import { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { Controller } from '../../controllers/runtime/controller.js';
import type { PodBindFunc, SimulatorConfig, SimulatorContext, SimulatorInformers } from './context.js';
import { CronJobController } from './cronjob-controller.js';
import { DaemonSetController } from './daemonset-controller.js';
import { DeploymentController } from './deployment-controller.js';
import { DisruptionController, PDBS, type PodDisruptionBudget } from './disruption-controller.js';
import { EndpointsController } from './endpoints-controller.js';
import { EventRecorder, noEvents, type EventSink } from './event-recorder.js';
import { JobController } from './job-controller.js';
import { Kubelet } from './kubelet.js';
import { LoadBalancerController } from './load-balancer-controller.js';
import { NodeSimulator, nodeNames } from './node-simulator.js';
import { CONTROLLER_INDEX, controllerUid, NODE_NAME_INDEX } from './object-util.js';
import { PodScheduler } from './pod-scheduler.js';
import { CRON_JOBS, DAEMON_SETS, DEPLOYMENTS, ENDPOINT_SLICES, JOBS, NODES, PODS, REPLICA_SETS, SERVICES, STATEFUL_SETS } from './refs.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { sharedTicker, type SharedTicker } from './shared-ticker.js';
import { StatefulSetController } from './statefulset-controller.js';
import type { CronJob, DaemonSet, Deployment, Job, Node, Pod, ReplicaSet, Service, StatefulSet } from './types.js';

export interface SimulatorOptions {
  readonly client: KubeClient;
  readonly config: SimulatorConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** How the scheduler binds pods; default a merge patch of spec.nodeName (servers without pod update validation). */
  readonly bindPod?: PodBindFunc;
  /** Record core/v1 Events (default true; off saves writes when many members run in one process). */
  readonly events?: boolean;
  /** Default: the process-wide ticker. */
  readonly ticker?: SharedTicker;
}

export interface RunningSimulator {
  readonly informers: SimulatorInformers;
  readonly nodeNames: readonly string[];
  /** One heartbeat round now (tests; normally driven by the ticker). */
  heartbeat(): Promise<void>;
  stop(): Promise<void>;
}

const byController = { [CONTROLLER_INDEX]: (o: KubeObject) => controllerUid(o) };

function informersOf(factory: SharedInformerFactory): SimulatorInformers {
  const pods = factory.informerFor<Pod>(PODS);
  pods.addIndexers({ ...byController, [NODE_NAME_INDEX]: (p: Pod) => [p.spec?.nodeName ?? ''] });
  const replicaSets = factory.informerFor<ReplicaSet>(REPLICA_SETS);
  replicaSets.addIndexers(byController);
  const jobs = factory.informerFor<Job>(JOBS);
  jobs.addIndexers(byController);
  const endpointSlices = factory.informerFor(ENDPOINT_SLICES);
  endpointSlices.addIndexers(byController);
  return {
    pods,
    nodes: factory.informerFor<Node>(NODES),
    services: factory.informerFor<Service>(SERVICES),
    endpointSlices,
    deployments: factory.informerFor<Deployment>(DEPLOYMENTS),
    replicaSets,
    statefulSets: factory.informerFor<StatefulSet>(STATEFUL_SETS),
    daemonSets: factory.informerFor<DaemonSet>(DAEMON_SETS),
    jobs,
    cronJobs: factory.informerFor<CronJob>(CRON_JOBS),
  };
}

/** The logger for controllers: their routine info lines (one per controller and member) go to debug. */
function quiet(logger: Logger): Logger {
  return {
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.debug(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
  };
}

/** Registers the nodes, starts the informers and controllers, and resolves once caches are synced. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = options.clock ?? realClock;
  const factory = new SharedInformerFactory(options.client, { clock, logger: options.logger });
  const informers = informersOf(factory);
  const client = options.client;
  const bindPod: PodBindFunc =
    options.bindPod ??
    (async (pod, node) => {
      await client.patch(PODS, pod.metadata.name ?? '', { spec: { nodeName: node } }, { type: 'merge', namespace: pod.metadata.namespace ?? '' });
    });
  const logger = quiet(options.logger);
  const recorder = options.events === false ? undefined : new EventRecorder(client, clock, logger);
  const events = (component: string): EventSink => recorder?.sink(component) ?? noEvents;
  const ctx: SimulatorContext = { client, bindPod, events, informers, clock, logger, config: options.config };
  const nodes = new NodeSimulator(ctx);
  await nodes.register();
  const controllers: Controller[] = [
    new PodScheduler(ctx).controller,
    new Kubelet(ctx).controller,
    new ReplicaSetController(ctx).controller,
    new DeploymentController(ctx).controller,
    new StatefulSetController(ctx).controller,
    new DaemonSetController(ctx).controller,
    new JobController(ctx).controller,
    new CronJobController(ctx).controller,
    new EndpointsController(ctx).controller,
    new LoadBalancerController(ctx).controller,
    new DisruptionController(ctx, factory.informerFor<PodDisruptionBudget>(PDBS)).controller,
  ];
  const abort = new AbortController();
  setMaxListeners(100, abort.signal); // one listener per controller and informer
  factory.start();
  const runs = controllers.map((c) =>
    c.start(abort.signal).catch((err: unknown) => {
      options.logger.error({ err, controller: c.name }, 'simulator controller failed');
    }),
  );
  await factory.waitForSync(abort.signal);
  nodes.start(options.ticker ?? sharedTicker, abort.signal);
  return {
    informers,
    nodeNames: nodeNames(options.config),
    heartbeat: () => nodes.heartbeat(),
    async stop() {
      abort.abort();
      await Promise.all(runs);
      await factory.stop();
    },
  };
}
