/**
 * `karmada controller-manager` and `karmada scheduler`: one component each against a running
 * control plane (`karmada apiserver`, typically on etcd), for scale-out and HA. Several replicas
 * may run: only the holder of the component's Lease in `karmada-system` works (Karmada's
 * `--leader-elect` flags and Lease names); a replica that loses its lease exits, as Karmada's do,
 * and its supervisor restarts it. Metrics and health are served over plain HTTP.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import { loadKubeconfig, type RestConfig } from '../../client/kubeconfig.js';
import {
  addClusterLifecycleFlags,
  clusterLifecycleOptionsFromFlags,
  parseGoDurationMs,
  type ClusterLifecycleFlagValues,
} from '../../controllers/cluster/lifecycle-options.js';
import { startControllers, startScheduler, type ControllerContext } from '../../controllers/registry.js';
import { startMetricsServer } from '../../controllers/runtime/metrics-server.js';
import { createResourceInterpreter } from '../../interpreter/default-interpreter.js';
import { LiveInterpreterConfig, serviceLookup } from '../../interpreter/live-customizations.js';
import { createLogger } from '../../util/logger.js';
import { defaultDataDir, expandHome } from '../../util/paths.js';
import { onShutdown } from '../shutdown.js';

interface ComponentFlags {
  dataDir: string;
  kubeconfig?: string;
  karmadaContext?: string;
  leaderElect: string;
  leaderElectResourceNamespace: string;
  leaderElectLeaseDuration: string;
  leaderElectRenewDeadline: string;
  leaderElectRetryPeriod: string;
  metricsBindAddress: string;
}

interface ControllerManagerFlags extends ComponentFlags, ClusterLifecycleFlagValues {
  controllers: string;
}

interface SchedulerFlags extends ComponentFlags {
  plugins?: string;
  enableSchedulerEstimator: string;
}

function addComponentFlags(command: Command, metricsAddress: string): Command {
  return command
    .option('--data-dir <dir>', 'data directory of the control plane (where its admin kubeconfig is)', defaultDataDir())
    .option('--kubeconfig <path>', 'kubeconfig of the karmada control plane (default: <data-dir>/karmada-apiserver.config)')
    .option('--karmada-context <name>', 'context in the kubeconfig')
    .option('--leader-elect <bool>', 'run only while holding the leader Lease (several replicas for HA)', 'true')
    .option('--leader-elect-resource-namespace <ns>', 'namespace of the leader Lease', 'karmada-system')
    .option('--leader-elect-lease-duration <duration>', 'how long non-leaders wait before taking over an unrenewed lease', '15s')
    .option('--leader-elect-renew-deadline <duration>', 'how long the leader retries renewing before giving up', '10s')
    .option('--leader-elect-retry-period <duration>', 'how often candidates retry', '2s')
    .option('--metrics-bind-address <host:port>', 'address of /metrics, /healthz and /readyz (0 to disable)', metricsAddress);
}

/** `host:port`, `:port` or `0` (off). */
export function parseBindAddress(text: string): { host: string; port: number } | undefined {
  if (text === '0') return undefined;
  const at = text.lastIndexOf(':');
  const port = Number(at < 0 ? text : text.slice(at + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid bind address "${text}"`);
  const host = at <= 0 ? '0.0.0.0' : text.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

interface Component {
  readonly logger: Logger;
  readonly config: RestConfig;
  readonly kubeconfig: string;
  readonly client: KubeClient;
  readonly registry: Registry;
  readonly context: Omit<ControllerContext, 'signal'>;
}

/** What both components share: the client, leader election settings and the metrics registry. */
function component(name: string, flags: ComponentFlags): Component {
  const logger = createLogger(name);
  const kubeconfig = expandHome(flags.kubeconfig ?? join(expandHome(flags.dataDir), 'karmada-apiserver.config'));
  const config = loadKubeconfig(kubeconfig, flags.karmadaContext);
  const client = createHttpClient(config, { userAgent: name, logger });
  const registry = new Registry();
  const leaderElect = flags.leaderElect !== 'false';
  return {
    logger,
    config,
    kubeconfig,
    client,
    registry,
    context: {
      client,
      logger,
      registry,
      ...(leaderElect
        ? {
            leaderElection: {
              namespace: flags.leaderElectResourceNamespace,
              name,
              identity: `${hostname()}_${randomUUID()}`,
              leaseDurationMs: parseGoDurationMs(flags.leaderElectLeaseDuration),
              renewDeadlineMs: parseGoDurationMs(flags.leaderElectRenewDeadline),
              retryPeriodMs: parseGoDurationMs(flags.leaderElectRetryPeriod),
            },
          }
        : {}),
    },
  };
}

/** Runs `start` until SIGINT/SIGTERM; a lost lease or a failure ends the process with code 1. */
async function runComponent(
  name: string,
  c: Component,
  flags: ComponentFlags,
  start: (signal: AbortSignal) => Promise<void>,
  cleanup: () => Promise<void>,
): Promise<void> {
  const abort = new AbortController();
  const address = parseBindAddress(flags.metricsBindAddress);
  const metrics = address === undefined ? undefined : await startMetricsServer(c.registry, { port: address.port, host: address.host });
  const running = start(abort.signal);
  const stop = async (): Promise<void> => {
    abort.abort();
    await running.catch(() => undefined);
    await cleanup();
    metrics?.close();
    c.client.close();
  };
  onShutdown(stop);
  const identity = c.context.leaderElection === undefined ? '' : `; leader election as ${c.context.leaderElection.identity}`;
  const where = `${metrics === undefined ? '' : `; metrics at ${String((metrics.address() as { port: number }).port)}`}${identity}`;
  // Worded like the apiserver's line: tools wait for "ready at URL; kubeconfig: PATH".
  process.stdout.write(`karmada ${name} ready at ${c.config.server}; kubeconfig: ${c.kubeconfig}${where}\n`);
  try {
    await running;
  } catch (error) {
    c.logger.error({ err: error }, `${name} stopped`);
    process.stderr.write(`${name} stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop().catch(() => undefined);
    process.exit(1);
  }
}

/** `karmada controller-manager`: every controller (`--controllers`), without the scheduler. */
export function registerControllerManagerCommand(program: Command): void {
  const command = program
    .command('controller-manager')
    .description('run the controllers (detector, binding, execution, status, cluster lifecycle, ...) against a running control plane')
    .option('--controllers <list>', 'controllers to run (* for all, -name to disable, e.g. *,-namespace)', '*');
  addClusterLifecycleFlags(addComponentFlags(command, '127.0.0.1:8080')).action(async (flags: ControllerManagerFlags) => {
    const c = component('karmada-controller-manager', flags);
    const { interpreter, customizations, webhooks } = createResourceInterpreter({ webhook: { services: serviceLookup(c.client) } });
    const interpreterConfig = new LiveInterpreterConfig({ client: c.client, customizations, webhooks, logger: c.logger });
    interpreterConfig.start();
    const controllers = flags.controllers.split(',').map((s) => s.trim());
    await runComponent(
      'controller-manager',
      c,
      flags,
      (signal) => startControllers({ ...c.context, interpreter, clusterLifecycle: clusterLifecycleOptionsFromFlags(flags), signal }, controllers),
      async () => {
        await interpreterConfig.stop();
        webhooks.close();
      },
    );
  });
}

/** `karmada scheduler`: the scheduler alone. */
export function registerSchedulerCommand(program: Command): void {
  const command = program
    .command('scheduler')
    .description('run the scheduler against a running control plane')
    .option('--plugins <list>', 'scheduler plugins (* for all in-tree, -Name to disable, e.g. *,-TaintToleration)')
    .option('--enable-scheduler-estimator <bool>', "also estimate from members' nodes and pods (push members)", 'true');
  addComponentFlags(command, '127.0.0.1:10351').action(async (flags: SchedulerFlags) => {
    const c = component('karmada-scheduler', flags);
    const plugins = flags.plugins?.split(',').map((s) => s.trim());
    await runComponent(
      'scheduler',
      c,
      flags,
      (signal) =>
        startScheduler({
          ...c.context,
          ...(plugins === undefined ? {} : { scheduler: { plugins } }),
          schedulerEstimator: flags.enableSchedulerEstimator !== 'false',
          signal,
        }),
      async () => undefined,
    );
  });
}
