import type { Command } from 'commander';
import { parseEventTtl } from '../../apiserver/builtin/event-ttl.js';
import { addClusterLifecycleFlags, clusterLifecycleOptionsFromFlags, type ClusterLifecycleFlagValues } from '../../controllers/cluster/lifecycle-options.js';
import { runDemo } from '../../controlplane/demo.js';
import { runKarmadaUp } from '../../controlplane/karmada-up.js';
import { memberPlacement } from '../../controlplane/member-layout.js';
import { createLogger } from '../../util/logger.js';
import { defaultDataDir, expandHome } from '../../util/paths.js';
import { onShutdown } from '../shutdown.js';

export interface UpOptions extends ClusterLifecycleFlagValues {
  dataDir: string;
  port: string;
  bind: string;
  storage?: string;
  tokenAuthFile?: string;
  eventTtl: string;
  members: string;
  memberNodes: string;
  memberNodeCpu: string;
  memberNodeMemory: string;
  memberNodePods: string;
  controllers: string;
  enableSchedulerEstimator: string;
  demo?: boolean;
}

/** `karmada up`: the whole control plane in one process, with simulated members. */
export function registerUpCommand(program: Command): void {
  const command = program
    .command('up')
    .description('run the whole control plane in one process, with simulated member clusters')
    .option('--data-dir <dir>', 'data directory (kubeconfig, pki, database)', defaultDataDir())
    .option('--port <n>', 'HTTPS port of the API server (0: any free port)', '5443')
    .option('--bind <addr>', 'address to listen on', '127.0.0.1')
    .option('--token-auth-file <file>', 'static bearer tokens: CSV lines of token,user,uid,"group1,group2"')
    .option('--event-ttl <duration>', 'how long events are kept', '1h0m0s')
    .option('--storage <url>', 'storage URL: sqlite:<file> (default sqlite:<data-dir>/karmada.db), memory:, etcd://host:port')
    .option('--members <n>', 'number of simulated member clusters', '3')
    .option('--member-nodes <n>', 'nodes per simulated member', '3')
    .option('--member-node-cpu <q>', 'cpu per node', '8')
    .option('--member-node-memory <q>', 'memory per node', '32Gi')
    .option('--member-node-pods <n>', 'pods per node', '110')
    .option('--controllers <list>', 'controllers to run (* for all, -name to disable)', '*')
    .option('--enable-scheduler-estimator <bool>', "the scheduler also estimates from members' nodes and pods (push members)", 'true')
    .option('--demo', 'apply a demo application and policy and print where its replicas landed');
  addClusterLifecycleFlags(command).action(async (options: UpOptions) => {
    // `karmada up` talks to a person at a terminal: warnings and errors only unless KARMADA_LOG_LEVEL says otherwise
    const logger = createLogger('karmada', 'warn');
    const dataDir = expandHome(options.dataDir);
    const running = await runKarmadaUp(
      {
        dataDir,
        port: Number(options.port),
        bind: options.bind,
        ...(options.storage === undefined ? {} : { storage: options.storage }),
        ...(options.tokenAuthFile === undefined ? {} : { tokenAuthFile: expandHome(options.tokenAuthFile) }),
        eventTtlMs: parseEventTtl(options.eventTtl),
        logger,
        members: Number(options.members),
        memberNodes: Number(options.memberNodes),
        memberNodeCpu: options.memberNodeCpu,
        memberNodeMemory: options.memberNodeMemory,
        memberNodePods: options.memberNodePods,
        clusterLifecycle: clusterLifecycleOptionsFromFlags(options),
        controllers: options.controllers.split(',').map((c) => c.trim()),
        schedulerEstimator: options.enableSchedulerEstimator !== 'false',
      },
      logger,
    );
    onShutdown(() => running.stop());
    const { plane, members } = running;
    process.stdout.write(`karmada-ts control plane ready at ${plane.url}; kubeconfig: ${plane.kubeconfigPath} (${members.length} member(s) Ready)\n`);
    if (options.demo === true && members.length > 0) {
      const regions = new Map(members.map((m, i) => [m.name, memberPlacement(i + 1).region]));
      const table = await runDemo(plane.apiserver.client, members, regions, logger);
      process.stdout.write(`\nDemo: deployment default/demo-web (6 replicas, weights 1:1:2, image registry overridden in region-2)\n${table}\n\n`);
      process.stdout.write(`Try: export KUBECONFIG=${plane.kubeconfigPath}; kubectl get clusters; kubectl get deploy demo-web\n`);
      process.stdout.write(`Members: kubectl --kubeconfig ${running.membersDir}/member1.config get pods -o wide\nPress Ctrl-C to stop.\n`);
    }
  });
}
