import type { Command } from 'commander';
import { startSimulatedMember } from '../../member/simulated-member.js';
import { createLogger } from '../../util/logger.js';
import { defaultDataDir, expandHome } from '../../util/paths.js';
import { onShutdown } from '../shutdown.js';

interface MemberOptions {
  name: string;
  port: string;
  bind: string;
  dataDir: string;
  nodes: string;
  nodeCpu: string;
  nodeMemory: string;
  nodePods: string;
  region?: string;
  zone?: string;
  provider: string;
  podReadyDelay: string;
}

function integer(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  }
  return n;
}

/** `karmada member`: one standalone simulated member cluster. */
export function registerMemberCommand(program: Command): void {
  program
    .command('member')
    .description('run one simulated member cluster (an API server with simulated nodes and workloads)')
    .requiredOption('--name <name>', 'cluster name (node names and the kubeconfig file derive from it)')
    .option('--port <n>', 'HTTPS port of its API server (0: a free port)', '0')
    .option('--bind <addr>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'directory for <name>.config (kubeconfig) and <name>/pki', defaultDataDir())
    .option('--nodes <n>', 'number of nodes', '3')
    .option('--node-cpu <q>', 'cpu per node', '8')
    .option('--node-memory <q>', 'memory per node', '32Gi')
    .option('--node-pods <n>', 'pods per node', '110')
    .option('--region <region>', 'topology.kubernetes.io/region of the nodes')
    .option('--zone <zone>', 'topology.kubernetes.io/zone of the nodes')
    .option('--provider <provider>', 'provider in the nodes\' providerID', 'simulated')
    .option('--pod-ready-delay <ms>', 'milliseconds from binding to Running and Ready', '500')
    .action(async (options: MemberOptions) => {
      const logger = createLogger('karmada-member');
      const member = await startSimulatedMember({
        name: options.name,
        port: integer(options.port, '--port'),
        bind: options.bind,
        dataDir: expandHome(options.dataDir),
        nodes: integer(options.nodes, '--nodes'),
        nodeCpu: options.nodeCpu,
        nodeMemory: options.nodeMemory,
        nodePods: options.nodePods,
        ...(options.region === undefined ? {} : { region: options.region }),
        ...(options.zone === undefined ? {} : { zone: options.zone }),
        provider: options.provider,
        podReadyDelayMs: integer(options.podReadyDelay, '--pod-ready-delay'),
        logger,
      });
      onShutdown(() => member.stop());
      process.stdout.write(`member ${member.name} ready at ${member.url}; kubeconfig: ${member.kubeconfigPath}\n`);
    });
}
