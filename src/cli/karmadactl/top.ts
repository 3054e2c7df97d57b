/**
 * `karmadactl top pod|node`: resource usage of member clusters' pods and nodes from each member's
 * metrics.k8s.io API, read through the control plane's cluster proxy (Karmada's
 * `pkg/karmadactl/top`). `-C` picks clusters (default: every cluster); a failing cluster is
 * reported as `cluster(NAME): ...` and the others are still printed.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import { ZERO_QUANTITY, parseQuantity } from '../../interpreter/kube/quantity.js';
import { commaList, globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';
import { scopeTargets } from './operation-scope.js';
import { containerRows, renderNodeTable, renderPodTable, sortUsage, usageOf, type NodeUsage, type UsageRow } from './top-printer.js';

const POD_METRICS = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics' } as const;
const NODE_METRICS = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics' } as const;
const NODE = { apiVersion: 'v1', kind: 'Node' } as const;

interface TopCommonFlags {
  readonly clusters?: string[];
  readonly selector?: string;
  readonly sortBy?: string;
  readonly headers?: boolean;
}

interface TopPodFlags extends TopCommonFlags {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly containers?: boolean;
  readonly sum?: boolean;
  readonly fieldSelector?: string;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs `fn` for each chosen member (all members by default); failures come back as Karmada words them. */
async function perCluster<T>(
  command: Command,
  requested: readonly string[],
  fn: (cluster: string, client: KubeClient) => Promise<T[]>,
): Promise<{ items: T[]; errors: string[] }> {
  const config = globalFlags(command);
  const karmada = karmadaClient(config);
  try {
    const { targets, close } = await scopeTargets(karmada, karmadaRestConfig(config), 'members', requested);
    try {
      const results = await Promise.all(
        targets.map(async (t) => {
          try {
            return { items: await fn(t.cluster, t.client), error: undefined };
          } catch (err) {
            return { items: [] as T[], error: `cluster(${t.cluster}): ${errText(err)}` };
          }
        }),
      );
      return { items: results.flatMap((r) => r.items), errors: results.flatMap((r) => (r.error === undefined ? [] : [r.error])) };
    } finally {
      close();
    }
  } finally {
    karmada.close();
  }
}

function validateSort(sortBy: string | undefined): void {
  if (sortBy !== undefined && sortBy !== '' && sortBy !== 'cpu' && sortBy !== 'memory') throw new Error('--sort-by accepts only cpu or memory');
}

function finish(out: string, errors: readonly string[]): void {
  process.stdout.write(out);
  for (const e of errors) process.stderr.write(`error: ${e}\n`);
  if (errors.length > 0) process.exitCode = 1;
}

async function topPod(name: string | undefined, flags: TopPodFlags, command: Command): Promise<void> {
  validateSort(flags.sortBy);
  if (name !== undefined && ((flags.selector ?? '') !== '' || (flags.fieldSelector ?? '') !== '')) {
    throw new Error('only one of NAME or selector can be provided');
  }
  const namespace = flags.namespace ?? karmadaRestConfig(globalFlags(command)).namespace;
  const allNamespaces = flags.allNamespaces === true;
  const { items, errors } = await perCluster<UsageRow>(command, flags.clusters ?? [], async (cluster, client) => {
    const ns = allNamespaces ? {} : { namespace };
    const metrics =
      name !== undefined
        ? [await client.get(POD_METRICS, name, ns)]
        : (
            await client.list(POD_METRICS, {
              ...ns,
              ...(flags.selector === undefined ? {} : { labelSelector: flags.selector }),
              ...(flags.fieldSelector === undefined ? {} : { fieldSelector: flags.fieldSelector }),
            })
          ).items;
    return metrics.flatMap((m) => {
      const podNamespace = m.metadata.namespace ?? '';
      const podName = m.metadata.name ?? '';
      if (flags.containers === true) return sortUsage(containerRows(m, cluster, podNamespace, podName), flags.sortBy, false);
      return [{ cluster, namespace: podNamespace, name: podName, ...usageOf(m) }];
    });
  });
  if (items.length === 0 && errors.length === 0) {
    process.stderr.write(allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  }
  // Per-container rows keep their pod's grouping; pods are ordered as Karmada's pod sorter orders them.
  const rows = flags.containers === true ? items : sortUsage(items, flags.sortBy, allNamespaces);
  finish(
    renderPodTable(rows, { withNamespace: allNamespaces, containers: flags.containers === true, noHeaders: flags.headers === false, sum: flags.sum === true }),
    errors,
  );
}

function allocatableOf(node: KubeObject): { cpu: ReturnType<typeof parseQuantity>; memory: ReturnType<typeof parseQuantity> } | undefined {
  const status = node['status'];
  const alloc = isPlainObject(status) ? status['allocatable'] : undefined;
  if (!isPlainObject(alloc)) return undefined;
  const q = (k: string): ReturnType<typeof parseQuantity> => (typeof alloc[k] === 'string' ? parseQuantity(alloc[k]) : ZERO_QUANTITY);
  return { cpu: q('cpu'), memory: q('memory') };
}

async function topNode(name: string | undefined, flags: TopCommonFlags, command: Command): Promise<void> {
  validateSort(flags.sortBy);
  if (name !== undefined && (flags.selector ?? '') !== '') throw new Error('only one of NAME or selector can be provided');
  const { items, errors } = await perCluster<NodeUsage>(command, flags.clusters ?? [], async (cluster, client) => {
    const selector = flags.selector === undefined ? {} : { labelSelector: flags.selector };
    const metrics = name !== undefined ? [await client.get(NODE_METRICS, name)] : (await client.list(NODE_METRICS, selector)).items;
    const nodes = name !== undefined ? [await client.get(NODE, name)] : (await client.list(NODE, selector)).items;
    const usage = new Map(metrics.map((m) => [m.metadata.name ?? '', usageOf(m)]));
    return nodes.map((n) => {
      const nodeName = n.metadata.name ?? '';
      const u = usage.get(nodeName);
      const alloc = allocatableOf(n);
      return { cluster, name: nodeName, ...(u === undefined ? {} : { usage: u }), ...(alloc === undefined ? {} : { allocatable: alloc }) };
    });
  });
  if (items.length === 0 && errors.length === 0) errors.push('metrics not available yet');
  finish(renderNodeTable(items, { noHeaders: flags.headers === false, ...(flags.sortBy === undefined ? {} : { sortBy: flags.sortBy }) }), errors);
}

/** Registers `top pod` and `top node` on the program. */
export function registerTopCommand(program: Command): void {
  const top = program.command('top').description('Display resource (CPU/memory) usage of member clusters');
  top
    .command('pod')
    .aliases(['pods', 'po'])
    .description('Display resource (CPU/memory) usage of pods of member clusters')
    .argument('[name]')
    .option('-C, --clusters <names>', '-C=member1,member2', commaList)
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on.')
    .option('--sort-by <field>', "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.")
    .option('--containers', 'If present, print usage of containers within a pod.')
    .option('--no-headers', 'If present, print output without headers.')
    .option('--sum', 'Print the sum of the resource usage')
    .action((name: string | undefined, flags: TopPodFlags, command: Command) => topPod(name, flags, command));
  top
    .command('node')
    .aliases(['nodes', 'no'])
    .description('Display resource (CPU/memory) usage of nodes of member clusters')
    .argument('[name]')
    .option('-C, --clusters <names>', '-C=member1,member2', commaList)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--sort-by <field>', "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.")
    .option('--no-headers', 'If present, print output without headers.')
    .action((name: string | undefined, flags: TopCommonFlags, command: Command) => topNode(name, flags, command));
}
