import type { Command } from 'commander';
import { startControlPlane } from '../../controlplane/control-plane.js';
import { createLogger } from '../../util/logger.js';
import { defaultDataDir, expandHome } from '../../util/paths.js';
import { onShutdown } from '../shutdown.js';
import { parseEventTtl } from '../../apiserver/builtin/event-ttl.js';

export interface UpOptions {
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
  demo?: boolean;
}

/** `karmada up`: the whole control plane in one process, with simulated members. */
export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('run the whole control plane in one process, with simulated member clusters')
    .option('--data-dir <dir>', 'data directory (kubeconfig, pki, database)', defaultDataDir())
    .option('--port <n>', 'HTTPS port of the API server', '5443')
    .option('--bind <addr>', 'address to listen on', '127.0.0.1')
    .option('--token-auth-file <file>', 'static bearer tokens: CSV lines of token,user,uid,"group1,group2"')
    .option('--event-ttl <duration>', 'how long events are kept', '1h0m0s')
    .option('--storage <url>', 'storage URL: sqlite:<file> (default sqlite:<data-dir>/karmada.db), memory:, etcd://host:port')
    .option('--members <n>', 'number of simulated member clusters', '3')
    .option('--member-nodes <n>', 'nodes per simulated member', '3')
    .option('--member-node-cpu <q>', 'cpu per node', '8')
    .option('--member-node-memory <q>', 'memory per node', '32Gi')
    .option('--member-node-pods <n>', 'pods per node', '110')
    .option('--demo', 'apply a demo application and policy and print where its replicas landed')
    .action(async (options: UpOptions) => {
      const logger = createLogger('karmada');
      const dataDir = expandHome(options.dataDir);
      const plane = await startControlPlane({
        dataDir,
        port: Number(options.port),
        bind: options.bind,
        ...(options.storage === undefined ? {} : { storage: options.storage }),
        ...(options.tokenAuthFile === undefined ? {} : { tokenAuthFile: expandHome(options.tokenAuthFile) }),
        eventTtlMs: parseEventTtl(options.eventTtl),
        logger,
      });
      onShutdown(async () => {
        await plane.stop();
      });
      const members = Number(options.members);
      if (members > 0) {
        logger.warn({ members }, 'simulated members are not available yet; starting the control plane alone');
      }
      process.stdout.write(`karmada-ts control plane ready at ${plane.url}; kubeconfig: ${plane.kubeconfigPath}\n`);
    });
}
