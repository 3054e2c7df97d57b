import type { Command } from 'commander';
import { ClusterAgent } from '../../agent/agent.js';
import { agentKubeconfigFromMember } from '../../agent/agent-kubeconfig.js';
import { createHttpClient } from '../../client/http-client.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import type { ClusterLifecycleFlagValues } from '../../controllers/cluster/lifecycle-options.js';
import { addClusterLifecycleFlags, clusterLifecycleOptionsFromFlags } from '../../controllers/cluster/lifecycle-options.js';
import { createLogger } from '../../util/logger.js';
import { expandHome } from '../../util/paths.js';
import { onShutdown } from '../shutdown.js';

interface AgentFlags extends ClusterLifecycleFlagValues {
  clusterName: string;
  karmadaKubeconfig?: string;
  karmadaContext?: string;
  clusterKubeconfig: string;
  clusterContext?: string;
  clusterApiEndpoint?: string;
  clusterProvider?: string;
  clusterRegion?: string;
  clusterZones?: string;
}

/**
 * `karmada agent`: the pull-mode agent for one member (karmada-agent). Without
 * `--karmada-kubeconfig` it reads the kubeconfig `karmadactl register` stored in the member.
 */
export function registerAgentCommand(program: Command): void {
  const command = program
    .command('agent')
    .description('run the pull-mode agent of one member cluster (registers it and reports its status)')
    .requiredOption('--cluster-name <name>', 'name of the member cluster in the control plane')
    .option('--karmada-kubeconfig <path>', 'kubeconfig of the karmada control plane (default: the one karmadactl register stored in the member)')
    .option('--karmada-context <name>', 'context in the karmada kubeconfig')
    .requiredOption('--cluster-kubeconfig <path>', 'kubeconfig of the member cluster')
    .option('--cluster-context <name>', 'context in the member kubeconfig')
    .option('--cluster-api-endpoint <url>', "the member's API endpoint as recorded in the Cluster (default: the member kubeconfig's server)")
    .option('--cluster-provider <provider>', 'provider of the member cluster')
    .option('--cluster-region <region>', 'region of the member cluster')
    .option('--cluster-zones <zones>', 'zones of the member cluster (comma-separated)');
  addClusterLifecycleFlags(command).action(async (flags: AgentFlags) => {
    const logger = createLogger('karmada-agent');
    const memberConfig = loadKubeconfig(expandHome(flags.clusterKubeconfig), flags.clusterContext);
    const member = createHttpClient(memberConfig, { userAgent: 'karmada-agent', logger });
    let karmadaSource = flags.karmadaKubeconfig === undefined ? undefined : expandHome(flags.karmadaKubeconfig);
    if (karmadaSource === undefined) {
      karmadaSource = await agentKubeconfigFromMember(member);
      if (karmadaSource === undefined) {
        throw new Error('no --karmada-kubeconfig given and no karmada-system/karmada-kubeconfig Secret in the member (run karmadactl register first)');
      }
    }
    const karmadaConfig = loadKubeconfig(karmadaSource, flags.karmadaContext);
    const karmada = createHttpClient(karmadaConfig, { userAgent: 'karmada-agent', logger });
    const zones = (flags.clusterZones ?? '').split(',').map((z) => z.trim()).filter((z) => z !== '');
    const agent = new ClusterAgent({
      clusterName: flags.clusterName,
      karmada,
      member,
      apiEndpoint: flags.clusterApiEndpoint ?? memberConfig.server,
      ...(flags.clusterProvider === undefined ? {} : { provider: flags.clusterProvider }),
      ...(flags.clusterRegion === undefined ? {} : { region: flags.clusterRegion }),
      ...(zones.length === 0 ? {} : { zones }),
      lifecycle: clusterLifecycleOptionsFromFlags(flags),
      logger,
    });
    const abort = new AbortController();
    const running = agent.run(abort.signal);
    onShutdown(async () => {
      abort.abort();
      await running.catch(() => undefined);
      karmada.close();
      member.close();
    });
    process.stdout.write(`karmada agent for cluster ${flags.clusterName} started; control plane ${karmadaConfig.server}\n`);
    await running;
  });
}
