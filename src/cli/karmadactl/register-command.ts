/** `karmadactl register [karmada-apiserver-endpoint]` (pull mode). */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { isPlainObject } from '../../api/object.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { expandHome } from '../../util/paths.js';
import { commaList } from './karmada-config.js';
import { registerCluster } from './register.js';

interface RegisterFlags {
  kubeconfig?: string;
  context?: string;
  namespace: string;
  clusterName?: string;
  clusterProvider?: string;
  clusterRegion?: string;
  clusterZones?: string[];
  token?: string;
  discoveryTokenCaCertHash?: string[];
  discoveryTokenUnsafeSkipCaVerification?: boolean;
  agentKubeconfig?: string;
}

/** The member kubeconfig (`apiclient.KubeConfigPath`): the flag, KUBECONFIG, then ~/.kube/config. */
function memberKubeconfigPath(flag: string | undefined): string {
  if (flag !== undefined && flag !== '') return expandHome(flag);
  const fromEnv = (process.env['KUBECONFIG'] ?? '').split(delimiter).find((p) => p !== '');
  return fromEnv ?? join(homedir(), '.kube', 'config');
}

/** The cluster of the kubeconfig's current context (register's default cluster name). */
function currentContextCluster(path: string, context: string | undefined): string | undefined {
  const doc = parse(readFileSync(path, 'utf8')) as unknown;
  if (!isPlainObject(doc)) return undefined;
  const name = context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : undefined);
  const contexts = Array.isArray(doc['contexts']) ? doc['contexts'] : [];
  const entry = contexts.find((c) => isPlainObject(c) && c['name'] === name);
  const ctx = isPlainObject(entry) && isPlainObject(entry['context']) ? entry['context'] : undefined;
  return typeof ctx?.['cluster'] === 'string' ? ctx['cluster'] : undefined;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function registerRegisterCommand(program: Command): void {
  program
    .command('register')
    .usage('[karmada-apiserver-endpoint]')
    .description('Register a cluster to Karmada control plane with Pull mode')
    .argument('<karmada-apiserver-endpoint>')
    .option('--kubeconfig <path>', 'Path to the kubeconfig file of member cluster.')
    .option('--context <name>', 'Name of the cluster context in kubeconfig file.')
    .option('-n, --namespace <ns>', 'Namespace the karmada-agent component deployed.', 'karmada-system')
    .option('--cluster-name <name>', 'The name of member cluster in the control plane, if not specified, the cluster of current-context is used by default.')
    .option('--cluster-provider <provider>', 'Provider of the joining cluster.')
    .option('--cluster-region <region>', 'The region of the joining cluster.')
    .option('--cluster-zones <zones>', 'The zones of the joining cluster.', commaList)
    .option('--token <token>', 'For token-based discovery, the token used to validate cluster information fetched from the API server.')
    .option('--discovery-token-ca-cert-hash <hash>', 'For token-based discovery, validate that the root CA public key matches this hash (format: "<type>:<value>").', commaList)
    .option('--discovery-token-unsafe-skip-ca-verification', 'For token-based discovery, allow joining without --discovery-token-ca-cert-hash pinning.')
    .option('--agent-kubeconfig <path>', "Where to write the agent's kubeconfig for the control plane (default: beside the member kubeconfig).")
    .action(async (endpoint: string, flags: RegisterFlags) => {
      const memberPath = memberKubeconfigPath(flags.kubeconfig);
      const memberConfig = loadKubeconfig(memberPath, flags.context);
      const clusterName = flags.clusterName ?? currentContextCluster(memberPath, flags.context) ?? '';
      if (flags.token === undefined || flags.token === '') {
        throw new Error('token is required');
      }
      const agentKubeconfigPath = resolve(flags.agentKubeconfig ?? join(dirname(memberPath), `karmada-agent-${clusterName}.config`));
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      await registerCluster({
        endpoint,
        token: flags.token,
        caCertHashes: flags.discoveryTokenCaCertHash ?? [],
        unsafeSkipCaVerification: flags.discoveryTokenUnsafeSkipCaVerification === true,
        clusterName,
        memberConfig,
        namespace: flags.namespace,
        agentKubeconfigPath,
        out,
      });
      const args = [
        'karmada', 'agent',
        '--cluster-name', clusterName,
        '--karmada-kubeconfig', agentKubeconfigPath,
        '--cluster-kubeconfig', resolve(memberPath),
        ...(flags.context === undefined ? [] : ['--cluster-context', flags.context]),
        ...(flags.clusterProvider === undefined ? [] : ['--cluster-provider', flags.clusterProvider]),
        ...(flags.clusterRegion === undefined ? [] : ['--cluster-region', flags.clusterRegion]),
        ...(flags.clusterZones === undefined || flags.clusterZones.length === 0 ? [] : ['--cluster-zones', flags.clusterZones.join(',')]),
      ];
      out(`[karmada-agent-start] The karmada-agent kubeconfig is written to ${agentKubeconfigPath}`);
      out('[karmada-agent-start] Start the agent for this cluster with:');
      out(`  ${args.map(shellQuote).join(' ')}`);
      out(`\ncluster(${clusterName}) is joined successfully`);
    });
}
