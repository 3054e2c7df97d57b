/** `karmadactl join` and `karmadactl unjoin`. */
import type { Command } from 'commander';
import { createHttpClient } from '../../client/http-client.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { KARMADA_CLUSTER_NAMESPACE, KARMADA_SYSTEM_NAMESPACE } from '../../controllers/cluster/constants.js';
import { parseGoDurationMs } from '../../controllers/cluster/lifecycle-options.js';
import { expandHome } from '../../util/paths.js';
import { commaList, globalFlags, karmadaClient } from './karmada-config.js';
import { joinCluster } from './join.js';
import { unjoinCluster } from './unjoin.js';

interface JoinFlags {
  clusterKubeconfig?: string;
  clusterContext?: string;
  clusterNamespace: string;
  clusterProvider?: string;
  clusterRegion?: string;
  clusterZones?: string[];
  dryRun?: boolean;
}

interface UnjoinFlags {
  clusterKubeconfig?: string;
  clusterContext?: string;
  clusterNamespace: string;
  force?: boolean;
  wait: string;
  dryRun?: boolean;
}

function warnReservedNamespace(namespace: string): void {
  if (namespace === KARMADA_SYSTEM_NAMESPACE) {
    process.stderr.write(
      'karmada-system is always reserved for Karmada control plane. We do not recommend using karmada-system to store secrets of member clusters. It may cause mistaken cleanup of resources.\n',
    );
  }
}

export function registerJoinCommands(program: Command): void {
  program
    .command('join')
    .usage('CLUSTER_NAME --cluster-kubeconfig=<KUBECONFIG>')
    .description('Register a cluster to Karmada control plane with Push mode')
    .argument('[CLUSTER_NAME]')
    .option('--cluster-kubeconfig <path>', "Path of the cluster's kubeconfig.")
    .option('--cluster-context <name>', 'Name of cluster context in kubeconfig. The current context is used by default.')
    .option('--cluster-namespace <ns>', 'Namespace in the control plane where member cluster secrets are stored.', KARMADA_CLUSTER_NAMESPACE)
    .option('--cluster-provider <provider>', 'Provider of the joining cluster. The Karmada scheduler can use this information to spread workloads across providers for higher availability.')
    .option('--cluster-region <region>', 'The region of the joining cluster. The Karmada scheduler can use this information to spread workloads across regions for higher availability.')
    .option('--cluster-zones <zones>', 'The zones of the joining cluster. The Karmada scheduler can use this information to spread workloads across zones for higher availability.', commaList)
    .option('--dry-run', 'Run the command in dry-run mode, without making any server requests.')
    .action(async (name: string | undefined, flags: JoinFlags, command: Command) => {
      if (name === undefined || name === '') {
        throw new Error('cluster name is required');
      }
      if (command.args.length > 1) {
        throw new Error('only the cluster name is allowed as an argument');
      }
      warnReservedNamespace(flags.clusterNamespace);
      if (flags.clusterKubeconfig === undefined) {
        throw new Error('failed to get joining cluster config. error: --cluster-kubeconfig is required');
      }
      let clusterConfig;
      try {
        clusterConfig = loadKubeconfig(expandHome(flags.clusterKubeconfig), flags.clusterContext);
      } catch (err) {
        throw new Error(`failed to get joining cluster config. error: ${(err as Error).message}`);
      }
      const controlPlane = karmadaClient(globalFlags(command));
      try {
        await joinCluster({
          clusterName: name,
          controlPlane,
          clusterConfig,
          clusterNamespace: flags.clusterNamespace,
          ...(flags.clusterProvider === undefined ? {} : { provider: flags.clusterProvider }),
          ...(flags.clusterRegion === undefined ? {} : { region: flags.clusterRegion }),
          ...(flags.clusterZones === undefined ? {} : { zones: flags.clusterZones }),
          ...(flags.dryRun === true ? { dryRun: true } : {}),
        });
      } finally {
        controlPlane.close();
      }
      if (flags.dryRun !== true) {
        process.stdout.write(`cluster(${name}) is joined successfully\n`);
      }
    });

  program
    .command('unjoin')
    .usage('CLUSTER_NAME --cluster-kubeconfig=<KUBECONFIG>')
    .description('Remove a cluster from Karmada control plane')
    .argument('[CLUSTER_NAME]')
    .option('--cluster-kubeconfig <path>', "Path of the cluster's kubeconfig.")
    .option('--cluster-context <name>', 'Context name of cluster in kubeconfig. Only works when there are multiple contexts in the kubeconfig.')
    .option('--cluster-namespace <ns>', 'Namespace in the control plane where member cluster secrets are stored.', KARMADA_CLUSTER_NAMESPACE)
    .option('--force', 'Delete cluster and secret resources even if resources in the cluster targeted for unjoin are not removed successfully.')
    .option('--wait <duration>', 'wait for the unjoin command execution process(default 60s), if there is no success after this time, timeout will be returned.', '60s')
    .option('--dry-run', 'Run the command in dry-run mode, without making any server requests.')
    .action(async (name: string | undefined, flags: UnjoinFlags, command: Command) => {
      if (command.args.length > 1) {
        throw new Error('only the cluster name is allowed as an argument');
      }
      if (name === undefined || name === '') {
        throw new Error('cluster name is required');
      }
      const waitMs = parseGoDurationMs(flags.wait);
      if (waitMs <= 0) {
        throw new Error(` --wait ${flags.wait}  must be a positive duration, e.g. 1m0s `);
      }
      const controlPlane = karmadaClient(globalFlags(command));
      // As Karmada: without --cluster-context, the cluster name is tried as the context, then the current one.
      const member =
        flags.clusterKubeconfig === undefined
          ? undefined
          : createHttpClient(loadMemberConfig(expandHome(flags.clusterKubeconfig), flags.clusterContext, name), { userAgent: 'karmadactl' });
      try {
        await unjoinCluster({
          clusterName: name,
          controlPlane,
          ...(member === undefined ? {} : { member }),
          clusterNamespace: flags.clusterNamespace,
          waitMs,
          force: flags.force === true,
          dryRun: flags.dryRun === true,
          log: (message) => process.stderr.write(`${message}\n`),
        });
      } finally {
        controlPlane.close();
        member?.close();
      }
      if (flags.dryRun !== true) {
        process.stdout.write(`cluster(${name}) is unjoined successfully\n`);
      }
    });
}

function loadMemberConfig(path: string, context: string | undefined, clusterName: string): ReturnType<typeof loadKubeconfig> {
  if (context !== undefined) {
    return loadKubeconfig(path, context);
  }
  try {
    return loadKubeconfig(path, clusterName);
  } catch {
    return loadKubeconfig(path);
  }
}
