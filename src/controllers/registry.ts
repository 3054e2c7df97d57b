/**
 * The controller registry: every controller of the control plane by its Karmada name, and the
 * functions that run them (`karmada up`, `karmada controller-manager --controllers=*,-name`,
 * `karmada scheduler`). Named controllers obey the `--controllers` list; the detector and the
 * dependencies distributor always run (as in Karmada); the scheduler runs inside `karmada up` or
 * on its own.
 *
 * Other controllers are added by appending to CONTROLLERS.
 */
import { setMaxListeners } from 'node:events';
import type { Registry } from 'prom-client';
import type { ResourceCatalog } from '../api/catalog/catalog.js';
import type { KubeClient } from '../client/client.js';
import type { Clock } from '../client/clock.js';
import type { Logger } from '../client/logger.js';
import type { ResourceInterpreter } from '../interpreter/interpreter.js';
import { LayeredInterpreter } from '../interpreter/interpreter.js';
import { NativeInterpreter } from '../interpreter/native/native-interpreter.js';
import { AccurateEstimator } from '../estimator/accurate-estimator.js';
import type { SchedulerOptions } from '../scheduler/core/scheduler.js';
import { GeneralEstimator } from '../scheduler/estimator/general-estimator.js';
import { BindingController } from './binding/binding-controller.js';
import { clusterControllerRegistration, clusterStatusControllerRegistration } from './cluster/registrations.js';
import { DEFAULT_CLUSTER_LIFECYCLE_OPTIONS, type ClusterLifecycleOptions } from './cluster/lifecycle-options.js';
import { clientSource, informerSource, sharedMemberClients } from './member-clients.js';
import { DependenciesDistributor } from './dependencies/dependencies-distributor.js';
import { ResourceDetector } from './detector/detector.js';
import { catalogResourceSource, discoveryResourceSource } from './detector/resource-source.js';
import { ExecutionController } from './execution/execution-controller.js';
import { VersionRecord } from './execution/version-record.js';
import { NamespaceSyncController } from './namespace/namespace-sync-controller.js';
import type { Runnable } from './runtime/controller.js';
import { ControllerManager, type ControllerContext as RuntimeContext, type ControllerManagerOptions } from './runtime/controller-manager.js';
import { WorkloadRebalancerController } from './rebalancer/workload-rebalancer-controller.js';
import { SchedulerController } from './scheduler/scheduler-controller.js';
import { ClientEventRecorder, type EventRecorder } from './shared/event-recorder.js';
import type { MemberClientSource } from './shared/member-client-source.js';
import { BindingStatusController } from './status/binding-status-controller.js';
import { WorkStatusController } from './status/work-status-controller.js';

/** What every controller may use. */
export interface ControllerContext {
  /** The control plane (the in-process client inside `karmada up`). */
  readonly client: KubeClient;
  /** The served resources, when running beside the apiserver (CRDs are seen at once); else discovery. */
  readonly catalog?: ResourceCatalog;
  /** Default: the native interpreter alone. */
  readonly interpreter?: ResourceInterpreter;
  /** Clients of member clusters (push mode); default: built from each Cluster and its Secret. */
  readonly memberClients?: MemberClientSource;
  /** Options of the cluster lifecycle controllers (`cluster`, `clusterStatus`). */
  readonly clusterLifecycle?: Partial<ClusterLifecycleOptions>;
  readonly logger: Logger;
  /** Stops everything when aborted. */
  readonly signal: AbortSignal;
  readonly clock?: Clock;
  readonly registry?: Registry;
  /** Default: Events written through `client`, one recorder per component. */
  readonly recorder?: EventRecorder;
  /** Namespaces (regular expressions) the detector skips besides the reserved ones. */
  readonly skippedNamespaces?: readonly RegExp[];
  /** Options of the scheduler (plugins, estimators). */
  readonly scheduler?: SchedulerOptions;
  /**
   * Karmada's `--enable-scheduler-estimator`: the scheduler also asks the accurate estimator,
   * which watches the nodes and pods of every push member (default true; see schedulerRunnable).
   */
  readonly schedulerEstimator?: boolean;
  /** Run only while holding this lease (controller-manager and scheduler in HA). */
  readonly leaderElection?: ControllerManagerOptions['leaderElection'];
}

/** The context a controller's setup receives: ours plus the runtime's (shared informers). */
export interface SetupContext extends Omit<ControllerContext, 'interpreter' | 'recorder' | 'memberClients'> {
  readonly interpreter: ResourceInterpreter;
  readonly memberClients: MemberClientSource;
  readonly runtime: RuntimeContext;
  /** Shared by the execution and work status controllers. */
  readonly versions: VersionRecord;
  /** An event recorder reporting as `component`. */
  recorder(component: string): EventRecorder;
}

/** How a controller is made. */
export interface ControllerStarter {
  /** Not enabled by `*` (Karmada's hpaScaleTargetMarker, deploymentReplicasSyncer). */
  readonly disabledByDefault?: boolean;
  setup(ctx: SetupContext): Runnable | Promise<Runnable>;
}

/** Named controllers, selectable with `--controllers`. Append new controllers here. */
export const CONTROLLERS: Record<string, ControllerStarter> = {
  cluster: {
    setup: (ctx) => clusterControllerRegistration({ ...DEFAULT_CLUSTER_LIFECYCLE_OPTIONS, ...ctx.clusterLifecycle }).setup(ctx.runtime),
  },
  clusterStatus: {
    setup: (ctx) => clusterStatusControllerRegistration({ ...DEFAULT_CLUSTER_LIFECYCLE_OPTIONS, ...ctx.clusterLifecycle }).setup(ctx.runtime),
  },
  binding: {
    setup: (ctx) => new BindingController({ ...common(ctx), interpreter: ctx.interpreter, recorder: ctx.recorder('binding-controller') }),
  },
  bindingStatus: {
    setup: (ctx) => new BindingStatusController({ ...common(ctx), interpreter: ctx.interpreter, recorder: ctx.recorder('resource-binding-status-controller') }),
  },
  execution: {
    setup: (ctx) =>
      new ExecutionController({
        ...common(ctx),
        interpreter: ctx.interpreter,
        memberClients: ctx.memberClients,
        versions: ctx.versions,
        recorder: ctx.recorder('execution-controller'),
      }),
  },
  workStatus: {
    setup: (ctx) =>
      new WorkStatusController({
        ...common(ctx),
        interpreter: ctx.interpreter,
        memberClients: ctx.memberClients,
        versions: ctx.versions,
        recorder: ctx.recorder('work-status-controller'),
      }),
  },
  namespace: {
    setup: (ctx) => new NamespaceSyncController(common(ctx)),
  },
  workloadRebalancer: {
    setup: (ctx) => new WorkloadRebalancerController(common(ctx)),
  },
};

/** Runnables that always run in the controller manager (not in the `--controllers` list). */
export const ALWAYS_ON: Record<string, (ctx: SetupContext) => Runnable | Promise<Runnable>> = {
  'resource-detector': (ctx) =>
    new ResourceDetector({
      ...common(ctx),
      resources: ctx.catalog !== undefined ? catalogResourceSource(ctx.catalog) : discoveryOnce(ctx),
      interpreter: ctx.interpreter,
      recorder: ctx.recorder('resource-detector'),
      ...(ctx.skippedNamespaces === undefined ? {} : { skippedNamespaces: ctx.skippedNamespaces }),
    }),
  'dependencies-distributor': (ctx) =>
    new DependenciesDistributor({ ...common(ctx), interpreter: ctx.interpreter, recorder: ctx.recorder('dependencies-distributor') }),
};

/** The scheduler as a runnable (the `karmada scheduler` component, also inside `karmada up`). */
export function schedulerRunnable(ctx: SetupContext): Runnable {
  // On by default, unlike Karmada: there it costs one estimator deployment per member, here one
  // node watch and one pod watch per push member in this process, and without it Divided
  // replicas are promised to clusters whose free capacity is split across nodes too small for them.
  const accurate =
    ctx.schedulerEstimator === false
      ? undefined
      : new AccurateEstimator({ memberClients: ctx.memberClients, logger: ctx.logger, ...(ctx.clock === undefined ? {} : { clock: ctx.clock }) });
  const scheduler: SchedulerOptions | undefined =
    accurate === undefined ? ctx.scheduler : { ...ctx.scheduler, estimators: [...(ctx.scheduler?.estimators ?? [new GeneralEstimator()]), accurate] };
  return new SchedulerController({
    ...common(ctx),
    recorder: ctx.recorder('default-scheduler'),
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(accurate === undefined ? {} : { accurateEstimator: accurate }),
  });
}

function common(ctx: SetupContext): { client: KubeClient; informers: RuntimeContext['informers']; logger: Logger; clock?: Clock; registry?: Registry } {
  return {
    client: ctx.client,
    informers: ctx.runtime.informers,
    logger: ctx.logger,
    ...(ctx.clock === undefined ? {} : { clock: ctx.clock }),
    ...(ctx.registry === undefined ? {} : { registry: ctx.registry }),
  };
}

function discoveryOnce(ctx: SetupContext): ReturnType<typeof discoveryResourceSource> {
  const source = discoveryResourceSource(ctx.client, 30_000, ctx.logger);
  void source.refresh();
  return source;
}

/** The default interpreter when none is given. */
export function defaultInterpreter(): ResourceInterpreter {
  return new LayeredInterpreter({ native: new NativeInterpreter() });
}

interface RunOptions {
  /** Named controllers to consider (default: all of CONTROLLERS). */
  readonly enable: readonly string[];
  /** Also run the always-on runnables. */
  readonly alwaysOn: boolean;
  /** Also run the scheduler. */
  readonly scheduler: boolean;
}

function run(ctx: ControllerContext, options: RunOptions): Promise<void> {
  const interpreter = ctx.interpreter ?? defaultInterpreter();
  const ownMemberClients = ctx.memberClients === undefined ? sharedMemberClients(ctx.client, { logger: ctx.logger }) : undefined;
  const memberClients = ctx.memberClients ?? ownMemberClients ?? sharedMemberClients(ctx.client);
  const versions = new VersionRecord();
  const recorders = new Map<string, EventRecorder>();
  const sourced = new WeakSet<RuntimeContext>();
  const setupContext = (runtime: RuntimeContext): SetupContext => {
    // Every controller and informer listens on the manager's signal.
    setMaxListeners(0, runtime.signal);
    if (ownMemberClients !== undefined && !sourced.has(runtime)) {
      // Member clients read Clusters and Secrets from this manager's caches while it runs (not a GET per call).
      sourced.add(runtime);
      const release = ownMemberClients.useSource(informerSource(runtime.informers, clientSource(ctx.client)));
      runtime.signal.addEventListener('abort', release, { once: true });
    }
    return {
      ...ctx,
      interpreter,
      memberClients,
      runtime,
      versions,
      recorder(component) {
        if (ctx.recorder !== undefined) return ctx.recorder;
        let r = recorders.get(component);
        if (r === undefined) {
          r = new ClientEventRecorder(ctx.client, component, ctx.clock, ctx.logger);
          recorders.set(component, r);
        }
        return r;
      },
    };
  };
  const manager = new ControllerManager({
    client: ctx.client,
    logger: ctx.logger,
    controllers: options.enable,
    ...(ctx.clock === undefined ? {} : { clock: ctx.clock }),
    ...(ctx.registry === undefined ? {} : { registry: ctx.registry }),
    ...(ctx.leaderElection === undefined ? {} : { leaderElection: ctx.leaderElection }),
  });
  if (options.alwaysOn) {
    for (const [name, setup] of Object.entries(ALWAYS_ON)) manager.addRunnable(name, (rt) => setup(setupContext(rt)));
  }
  if (options.scheduler) manager.addRunnable('scheduler', (rt) => schedulerRunnable(setupContext(rt)));
  for (const [name, starter] of Object.entries(CONTROLLERS)) {
    manager.register({
      name,
      ...(starter.disabledByDefault === true ? { disabledByDefault: true } : {}),
      setup: (rt) => starter.setup(setupContext(rt)),
    });
  }
  return manager.start(ctx.signal);
}

/**
 * The controller manager (`karmada controller-manager`): the always-on runnables plus the named
 * controllers the list enables (`['*']`, `['*', '-namespace']`, ...). Resolves when ctx.signal
 * aborts; rejects on unknown names or a lost lease.
 */
export function startControllers(ctx: ControllerContext, enable: readonly string[] = ['*']): Promise<void> {
  return run(ctx, { enable, alwaysOn: true, scheduler: false });
}

/** The scheduler alone (`karmada scheduler`). */
export function startScheduler(ctx: ControllerContext): Promise<void> {
  return run(ctx, { enable: [], alwaysOn: false, scheduler: true });
}

/**
 * Everything that moves templates to members, for `karmada up`: detector, scheduler, binding,
 * execution, status and namespace controllers, dependencies distributor (and whatever else is
 * registered in CONTROLLERS). Resolves when ctx.signal aborts.
 */
export function startPropagationControllers(ctx: ControllerContext, enable: readonly string[] = ['*']): Promise<void> {
  return run(ctx, { enable, alwaysOn: true, scheduler: true });
}
