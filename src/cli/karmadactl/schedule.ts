/**
 * `karmadactl schedule --dry-run` (beyond Karmada): where replicas would land, and why, without
 * creating anything. Either `-f` files holding templates and the (Cluster)PropagationPolicies
 * that claim them (the binding is built as the detector would: replicas and requirements from
 * the interpreter, placement from the policy), or `binding NAME -n NS` for an existing
 * ResourceBinding (`clusterbinding NAME` for a ClusterResourceBinding). The Clusters come from
 * the control plane; the scheduler runs with the explanation on.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import type { Cluster } from '../../api/cluster/cluster.js';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { ClusterPropagationPolicy, PropagationPolicy } from '../../api/policy/propagation-policy.js';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import { buildBinding, type BindingWorkloadInfo } from '../../controllers/detector/build-binding.js';
import type { Claim } from '../../controllers/detector/claim.js';
import { highestPriorityPolicy } from '../../controllers/detector/policy-match.js';
import { CLUSTER_REF, CRB_REF, RB_REF, type AnyBinding } from '../../controllers/shared/binding-types.js';
import { createResourceInterpreter } from '../../interpreter/default-interpreter.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { formatExplanation } from '../../scheduler/core/explanation.js';
import { syncedAccurateEstimator } from '../../estimator/synced-estimator.js';
import { Scheduler, type ScheduleOutcome } from '../../scheduler/core/scheduler.js';
import { GeneralEstimator } from '../../scheduler/estimator/general-estimator.js';
import { commaList, globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';
import { clusterProxyConfig } from './operation-scope.js';

/** Flags of `karmadactl schedule`. */
export interface ScheduleFlags {
  readonly dryRun?: boolean;
  readonly filename?: string[];
  readonly namespace?: string;
  readonly output?: string;
  readonly plugins?: string[];
}

/** One dry-run result, as `-o json` prints it. */
export interface DryRunResult {
  /** `ResourceBinding NS/NAME` (the binding the detector would create or the one named). */
  readonly binding: string;
  /** The template, `apiVersion/kind NS/NAME` (empty for a named binding without resource). */
  readonly resource: string;
  /** The claiming policy, `PropagationPolicy NS/NAME` (undefined for a named binding). */
  readonly policy?: string;
  readonly scheduled: boolean;
  /** What `spec.clusters` would become. */
  readonly clusters: { name: string; replicas?: number }[];
  readonly outcome: ScheduleOutcome;
}

/** The objects of YAML/JSON documents (`List` items flattened). */
export function parseObjects(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  const push = (value: unknown): void => {
    if (!isPlainObject(value)) return;
    if (typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items'])) {
      for (const item of value['items']) push(item);
      return;
    }
    if (typeof value['kind'] !== 'string' || !isPlainObject(value['metadata'])) return;
    out.push(value as unknown as KubeObject);
  };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`error parsing YAML: ${doc.errors[0]?.message ?? ''}`);
    push(doc.toJS());
  }
  return out;
}

function readSource(path: string): string {
  return readFileSync(path === '-' ? 0 : path, 'utf8');
}

async function namespacedKind(client: KubeClient, obj: KubeObject): Promise<boolean> {
  try {
    return (await client.mapper.resourceFor(obj.apiVersion ?? '', obj.kind ?? '')).namespaced;
  } catch {
    // Unknown to the control plane: trust the object.
    return (obj.metadata.namespace ?? '') !== '';
  }
}

function describeObject(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return `${obj.apiVersion ?? ''}/${obj.kind ?? ''} ${ns ? `${ns}/` : ''}${obj.metadata.name ?? ''}`;
}

async function workloadInfo(interpreter: ResourceInterpreter, template: KubeObject): Promise<BindingWorkloadInfo> {
  const type = { apiVersion: template.apiVersion ?? '', kind: template.kind ?? '' };
  if (!interpreter.hookEnabled(type, 'InterpretReplica')) return {};
  const r = await interpreter.getReplicas(template);
  return { replicas: r.replicas, ...(r.requirements === undefined ? {} : { replicaRequirements: r.requirements }) };
}

/** The bindings the detector would build for the templates in objs, with their policy names. */
export async function bindingsFromObjects(
  client: KubeClient,
  objs: readonly KubeObject[],
  defaultNamespace: string,
  interpreter: ResourceInterpreter,
): Promise<{ binding: AnyBinding; template: KubeObject; policy: string }[]> {
  const pps: PropagationPolicy[] = [];
  const cpps: ClusterPropagationPolicy[] = [];
  const templates: KubeObject[] = [];
  for (const raw of objs) {
    const obj = structuredClone(raw);
    if (obj.kind === 'PropagationPolicy') {
      obj.metadata.namespace = obj.metadata.namespace || defaultNamespace;
      pps.push(obj as unknown as PropagationPolicy);
    } else if (obj.kind === 'ClusterPropagationPolicy') {
      cpps.push(obj as unknown as ClusterPropagationPolicy);
    } else {
      if (await namespacedKind(client, obj)) obj.metadata.namespace = obj.metadata.namespace || defaultNamespace;
      else delete obj.metadata.namespace;
      templates.push(obj);
    }
  }
  if (pps.length + cpps.length === 0) throw new Error('no PropagationPolicy or ClusterPropagationPolicy in the files');
  const out: { binding: AnyBinding; template: KubeObject; policy: string }[] = [];
  for (const template of templates) {
    const ns = template.metadata.namespace ?? '';
    // A PropagationPolicy (same namespace) wins over any ClusterPropagationPolicy, as in the detector.
    const pp =
      ns === ''
        ? undefined
        : highestPriorityPolicy(
            pps.filter((p) => p.metadata.namespace === ns),
            template,
          );
    const cpp = pp === undefined ? highestPriorityPolicy(cpps, template) : undefined;
    const policy = pp ?? cpp;
    if (policy === undefined) continue;
    const claim: Claim =
      pp !== undefined
        ? { kind: 'PropagationPolicy', namespace: ns, name: pp.metadata.name ?? '', id: 'dry-run' }
        : { kind: 'ClusterPropagationPolicy', name: policy.metadata.name ?? '', id: 'dry-run' };
    const binding = buildBinding(template, claim, policy.spec, await workloadInfo(interpreter, template));
    const policyName = pp !== undefined ? `PropagationPolicy ${ns}/${pp.metadata.name ?? ''}` : `ClusterPropagationPolicy ${policy.metadata.name ?? ''}`;
    out.push({ binding, template, policy: policyName });
  }
  if (out.length === 0) throw new Error('no resource in the files is selected by a policy in the files');
  return out;
}

function bindingName(b: AnyBinding): string {
  const ns = b.metadata.namespace;
  return `${b.kind ?? (ns ? 'ResourceBinding' : 'ClusterResourceBinding')} ${ns ? `${ns}/` : ''}${b.metadata.name ?? ''}`;
}

function dryRunResult(scheduler: Scheduler, clusters: readonly Cluster[], binding: AnyBinding, resource: string, policy: string | undefined): DryRunResult {
  const outcome = scheduler.schedule({ binding, clusters, explain: true, dryRun: true });
  return {
    binding: bindingName(binding),
    resource,
    ...(policy === undefined ? {} : { policy }),
    scheduled: outcome.scheduled,
    clusters: outcome.clusters.map((t) => ({ name: t.name, ...(t.replicas === undefined ? {} : { replicas: t.replicas }) })),
    outcome,
  };
}

/** The text of one result: the target clusters, then the explanation. */
export function formatDryRun(r: DryRunResult): string {
  const lines: string[] = [`${r.binding} (${r.resource || 'no resource'}${r.policy ? `, ${r.policy}` : ''})`];
  if (r.scheduled) {
    lines.push('TARGET CLUSTERS:');
    if (r.clusters.length === 0) lines.push('  (none)');
    for (const c of r.clusters) lines.push(`  ${c.name}\t${c.replicas ?? 0}`);
  } else {
    lines.push(`NOT SCHEDULED: ${r.outcome.condition.reason ?? ''}: ${r.outcome.condition.message ?? ''}`);
  }
  if (r.outcome.affinityName !== undefined) lines.push(`AFFINITY TERM: ${r.outcome.affinityName}`);
  if (r.outcome.explanation !== undefined) lines.push(formatExplanation(r.outcome.explanation));
  return lines.join('\n');
}

/**
 * Runs the dry run and returns the results (no output). With `karmadaConfig`, members' nodes and
 * pods are read through the cluster proxy for the accurate estimate, as the scheduler uses them.
 */
export async function runScheduleDryRun(
  client: KubeClient,
  args: readonly string[],
  flags: ScheduleFlags,
  karmadaConfig?: RestConfig,
): Promise<DryRunResult[]> {
  const files = flags.filename ?? [];
  const namespace = flags.namespace ?? 'default';
  if (files.length > 0 && args.length > 0) throw new Error('give either -f files or a binding name, not both');
  const clusters = (await client.list<Cluster>(CLUSTER_REF)).items;
  const memberClients: KubeClient[] = [];
  const accurate =
    karmadaConfig === undefined
      ? undefined
      : await syncedAccurateEstimator(clusters, {
          get: async (name) => {
            const member = createHttpClient(clusterProxyConfig(karmadaConfig, name), { userAgent: 'karmadactl', maxRetries: 0 });
            memberClients.push(member);
            return member;
          },
        });
  try {
    const scheduler = new Scheduler({
      ...(flags.plugins === undefined || flags.plugins.length === 0 ? {} : { plugins: flags.plugins }),
      ...(accurate === undefined ? {} : { estimators: [new GeneralEstimator(), accurate] }),
    });
    return await dryRunAll(client, args, flags, namespace, files, clusters, scheduler);
  } finally {
    await accurate?.stop();
    for (const member of memberClients) member.close();
  }
}

async function dryRunAll(
  client: KubeClient,
  args: readonly string[],
  flags: ScheduleFlags,
  namespace: string,
  files: readonly string[],
  clusters: readonly Cluster[],
  scheduler: Scheduler,
): Promise<DryRunResult[]> {
  if (files.length > 0) {
    const objs = files.flatMap((f) => parseObjects(readSource(f)));
    // Native and bundled third-party rules only: live customizations are not loaded for a dry run.
    const { interpreter } = createResourceInterpreter();
    const built = await bindingsFromObjects(client, objs, namespace, interpreter);
    return built.map((b) => dryRunResult(scheduler, clusters, b.binding, describeObject(b.template), b.policy));
  }
  const [type, name] = args;
  if (type === undefined || name === undefined) throw new Error('give -f FILE (templates and policies) or binding NAME');
  const cluster = ['clusterbinding', 'clusterresourcebinding', 'clusterresourcebindings', 'crb'].includes(type);
  if (!cluster && !['binding', 'resourcebinding', 'resourcebindings', 'rb'].includes(type)) {
    throw new Error(`unknown type ${type}: use binding or clusterbinding`);
  }
  const binding = cluster ? await client.get<AnyBinding>(CRB_REF, name) : await client.get<AnyBinding>(RB_REF, name, { namespace });
  const res = binding.spec.resource;
  const resource = `${res.apiVersion}/${res.kind} ${res.namespace ? `${res.namespace}/` : ''}${res.name}`;
  return [dryRunResult(scheduler, clusters, binding, resource, undefined)];
}

/** Registers `karmadactl schedule`. */
export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .usage('--dry-run (-f FILENAME... | binding NAME [-n NAMESPACE])')
    .description('Show where the scheduler would place a workload, and why, without changing anything')
    .argument('[args...]')
    .option('--dry-run', 'Only compute the placement (required: the command never writes).')
    .option(
      '-f, --filename <file>',
      'Files with the resource templates and the policies that claim them (- for stdin).',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('-n, --namespace <ns>', 'Namespace of namespaced templates without one, and of the named binding.', 'default')
    .option('-o, --output <format>', 'Output format: text (default), json or yaml.')
    .option('--plugins <list>', 'Scheduler plugins, as the scheduler flag (e.g. *,-TaintToleration).', commaList)
    .action(async (args: string[], flags: ScheduleFlags, command: Command) => {
      if (flags.dryRun !== true) throw new Error('schedule only supports --dry-run');
      const client = karmadaClient(globalFlags(command));
      try {
        const results = await runScheduleDryRun(client, args, flags, karmadaRestConfig(globalFlags(command)));
        if (flags.output === 'json') {
          process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
        } else if (flags.output === 'yaml') {
          const { stringify } = await import('yaml');
          process.stdout.write(stringify(results.length === 1 ? results[0] : results));
        } else if (flags.output === undefined || flags.output === 'text') {
          process.stdout.write(`${results.map(formatDryRun).join('\n\n')}\n`);
        } else {
          throw new Error(`unknown output format ${flags.output}`);
        }
      } finally {
        client.close();
      }
    });
}
