/**
 * `karmadactl promote TYPE NAME -n NS -C CLUSTER`: takes over a workload that already runs in a
 * member without Karmada (Karmada's `pkg/karmadactl/promote`). The object is read from the member
 * (through the control plane's cluster proxy, or `--cluster-kubeconfig`), created in the control
 * plane as a resource template, and a (Cluster)PropagationPolicy with `conflictResolution:
 * Overwrite` places it on that cluster only, so the member's copy is adopted in place (same
 * uid, no restart) rather than duplicated. `--dependencies` promotes what the resource
 * interpreter says the object depends on (ConfigMaps, Secrets, ...) first and sets
 * `propagateDeps`. `-o yaml|json` prints the template and policy without writing them.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import type { KubeObject } from '../../api/object.js';
import { isNotFound } from '../../client/api-error.js';
import { apiVersionOf, type KubeClient, type ResourceMapping } from '../../client/client.js';
import { createHttpClient, loadKubeconfig } from '../../client/http-client.js';
import { NoMatchError } from '../../client/rest-mapper.js';
import { CLUSTERS } from '../../controllers/cluster/constants.js';
import { globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';
import { clusterProxyConfig } from './operation-scope.js';
import { gvrString, promotedTemplate, promotePolicy, promotePolicyName, type PromotedRef } from './promote-objects.js';

/** Flags of `karmadactl promote`. */
export interface PromoteFlags {
  readonly namespace?: string;
  readonly cluster?: string;
  readonly clusterKubeconfig?: string;
  readonly clusterContext?: string;
  readonly output?: string;
  readonly dryRun?: boolean;
  readonly autoCreatePolicy?: boolean;
  readonly policyName?: string;
  readonly dependencies?: boolean;
}

/** Where promote writes: stdout lines and warnings (stderr). */
export interface PromoteIo {
  readonly out: (text: string) => void;
  readonly warn: (text: string) => void;
}

/** Checks the arguments and flags as Karmada's Complete/Validate do. */
export function validatePromote(args: readonly string[], flags: PromoteFlags): { type: string; name: string } {
  const [type, name] = args;
  if (args.length !== 2 || type === undefined || name === undefined) throw new Error('incorrect command format, please use correct command format');
  if ((flags.cluster ?? '') === '') throw new Error('the cluster cannot be empty');
  const output = flags.output ?? '';
  if (output !== '' && output !== 'yaml' && output !== 'json') throw new Error('invalid output format: supported formats are json and yaml');
  return { type, name };
}

/** kubectl's JSON/YAML printers for a sequence of objects. */
export function printObjects(objects: readonly KubeObject[], output: 'yaml' | 'json'): string {
  if (output === 'json') return objects.map((o) => `${JSON.stringify(o, null, 4)}\n`).join('');
  return objects.map((o, i) => `${i === 0 ? '' : '---\n'}${stringify(o)}`).join('');
}

function refOf(object: KubeObject, namespaced: boolean): PromotedRef {
  return {
    apiVersion: object.apiVersion ?? '',
    kind: object.kind ?? '',
    name: object.metadata.name ?? '',
    namespace: namespaced ? (object.metadata.namespace ?? '') : '',
  };
}

function where(ref: PromotedRef): string {
  return ref.namespace === '' ? ref.name : `${ref.namespace}/${ref.name}`;
}

/** Reads one object from the member, with apiVersion and kind filled in. */
async function memberObject(member: KubeClient, mapping: ResourceMapping, name: string, namespace: string): Promise<KubeObject | undefined> {
  try {
    const object = await member.get(mapping, name, mapping.namespaced ? { namespace } : {});
    return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(mapping), kind: object.kind ?? mapping.kind };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function existsIn(client: KubeClient, mapping: ResourceMapping, ref: PromotedRef): Promise<boolean> {
  try {
    await client.get(mapping, ref.name, ref.namespace === '' ? {} : { namespace: ref.namespace });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** The dependencies of `object` as the control plane's interpreter (customizations included) sees them. */
async function dependenciesOf(karmada: KubeClient, object: KubeObject): Promise<{ apiVersion: string; kind: string; name: string; namespace: string }[]> {
  // Loaded on demand: the interpreter brings the Lua runtime, which other commands do not need.
  const { createResourceInterpreter } = await import('../../interpreter/default-interpreter.js');
  const assembled = createResourceInterpreter();
  try {
    const list = await karmada.list<ResourceInterpreterCustomization & KubeObject>({
      apiVersion: 'config.karmada.io/v1alpha1',
      kind: 'ResourceInterpreterCustomization',
    });
    assembled.customizations.load(list.items);
  } catch {
    // Without customizations the bundled and native rules still answer.
  }
  const deps = await assembled.interpreter.getDependencies(object);
  return deps
    .filter((d) => (d.name ?? '') !== '')
    .map((d) => ({ apiVersion: d.apiVersion, kind: d.kind, name: d.name ?? '', namespace: d.namespace ?? object.metadata.namespace ?? '' }));
}

/** Promotes what `object` depends on; a dependency already in the control plane is left as it is. */
async function promoteDependencies(karmada: KubeClient, member: KubeClient, object: KubeObject, cluster: string, io: PromoteIo): Promise<void> {
  for (const dep of await dependenciesOf(karmada, object)) {
    const memberMapping = await member.mapper.resourceFor(dep.apiVersion, dep.kind);
    const found = await memberObject(member, memberMapping, dep.name, dep.namespace);
    const label = `${dep.kind}(${memberMapping.namespaced ? `${dep.namespace}/` : ''}${dep.name})`;
    if (found === undefined) throw new Error(`failed to get dependency ${label} in cluster(${cluster})`);
    const mapping = await karmada.mapper.resourceFor(dep.apiVersion, dep.kind);
    const ref = refOf(found, mapping.namespaced);
    const gvr = JSON.stringify(gvrString(mapping.group, mapping.version, mapping.resource));
    if (await existsIn(karmada, mapping, ref)) {
      io.warn(
        `Dependency resource ${gvr}(${where(ref)}) already exist in karmada control plane, you can edit PropagationPolicy and OverridePolicy to propagate it`,
      );
      continue;
    }
    await karmada.create(mapping, promotedTemplate(found), ref.namespace === '' ? {} : { namespace: ref.namespace });
    io.out(`Dependency resource ${gvr}(${where(ref)}) is promoted successfully`);
  }
}

/** Creates the promote policy unless one of that name exists (then it is the user's to edit). */
async function createPolicy(karmada: KubeClient, policy: KubeObject, ref: PromotedRef, io: PromoteIo): Promise<void> {
  const policyName = policy.metadata.name ?? promotePolicyName(ref);
  const policyKind = policy.kind ?? '';
  const policyWhere = ref.namespace === '' ? policyName : `${ref.namespace}/${policyName}`;
  const policyRef = { apiVersion: 'policy.karmada.io/v1alpha1', kind: policyKind };
  let exists = true;
  try {
    await karmada.get(policyRef, policyName, ref.namespace === '' ? {} : { namespace: ref.namespace });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    exists = false;
  }
  if (exists) throw new Error(`the ${policyKind}(${policyWhere}) already exist, please edit it to propagate resource`);
  await karmada.create(policyRef, policy);
  io.out(`${policyKind} (${policyWhere}) is created successfully`);
}

/** Runs promote with a client of the control plane and one of the member. */
export async function runPromote(
  karmada: KubeClient,
  member: KubeClient,
  args: readonly string[],
  flags: PromoteFlags & { namespace: string },
  io: PromoteIo,
): Promise<void> {
  const { type, name } = validatePromote(args, flags);
  const cluster = flags.cluster ?? '';
  let memberMapping: ResourceMapping;
  try {
    memberMapping = await member.mapper.resolveName(type);
  } catch (err) {
    if (err instanceof NoMatchError) throw new Error(`failed to get resource in cluster(${cluster}). err: the server doesn't have a resource type "${type}"`);
    throw err;
  }
  const object = await memberObject(member, memberMapping, name, flags.namespace);
  if (object === undefined) throw new Error(`failed to get resource in cluster(${cluster}). err: the ${type} or ${name} don't exist in cluster(${cluster})`);
  const gvk = `${object.apiVersion ?? ''}, Kind=${object.kind ?? ''}`;
  let mapping: ResourceMapping;
  try {
    mapping = await karmada.mapper.resourceFor(object.apiVersion ?? '', object.kind ?? '');
  } catch (err) {
    throw new Error(`failed to get gvr from ${JSON.stringify(gvk)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ref = refOf(object, mapping.namespaced);
  const gvr = JSON.stringify(gvrString(mapping.group, mapping.version, mapping.resource));
  const autoPolicy = flags.autoCreatePolicy !== false;
  const policyOptions = { ...(flags.policyName === undefined ? {} : { policyName: flags.policyName }), dependencies: flags.dependencies === true };
  const template = promotedTemplate(object);
  const policy = promotePolicy(ref, cluster, policyOptions);

  if (flags.output === 'yaml' || flags.output === 'json') {
    io.out(printObjects(autoPolicy ? [template, policy] : [template], flags.output).replace(/\n$/, ''));
    return;
  }
  if (flags.dryRun === true) return;

  if (flags.dependencies === true) {
    try {
      await promoteDependencies(karmada, member, object, cluster, io);
    } catch (err) {
      throw new Error(`failed to promote dependencies of resource ${gvr}(${where(ref)}) automatically: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (await existsIn(karmada, mapping, ref)) {
    io.warn(`Resource ${gvr}(${where(ref)}) already exist in karmada control plane, you can edit PropagationPolicy and OverridePolicy to propagate it`);
    return;
  }
  try {
    await karmada.create(mapping, template, ref.namespace === '' ? {} : { namespace: ref.namespace });
  } catch (err) {
    throw new Error(`failed to create resource ${gvr}(${where(ref)}) in control plane: ${err instanceof Error ? err.message : String(err)}`);
  }
  io.out(`ResourceTemplate (${where(ref)}) is created successfully`);
  if (autoPolicy) await createPolicy(karmada, policy, ref, io);
  io.out(`Resource ${gvr}(${where(ref)}) is promoted successfully`);
}

/** A client of the member: its own kubeconfig when given, else the control plane's cluster proxy. */
async function memberClient(karmada: KubeClient, command: Command, flags: PromoteFlags): Promise<KubeClient> {
  const cluster = flags.cluster ?? '';
  if ((flags.clusterKubeconfig ?? '') !== '') {
    const context = (flags.clusterContext ?? '') === '' ? undefined : flags.clusterContext;
    return createHttpClient(loadKubeconfig(flags.clusterKubeconfig ?? '', context), { userAgent: 'karmadactl' });
  }
  try {
    await karmada.get<Cluster & KubeObject>(CLUSTERS, cluster);
  } catch (err) {
    if (isNotFound(err)) throw new Error(`failed to get Factory of the member cluster. err: cluster(${cluster}) does not exist`);
    throw err;
  }
  return createHttpClient(clusterProxyConfig(karmadaRestConfig(globalFlags(command)), cluster), { userAgent: 'karmadactl', maxRetries: 0 });
}

function parseBool(value: string | undefined): boolean {
  return value === undefined || value === '' || value === 'true' || value === '1';
}

/** Registers `promote` on the program. */
export function registerPromoteCommand(program: Command): void {
  program
    .command('promote')
    .usage('<RESOURCE_TYPE> <RESOURCE_NAME> -n <NAME_SPACE> -C <CLUSTER_NAME>')
    .description('Promote resources from legacy clusters to Karmada control plane')
    .argument('[args...]')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-C, --cluster <name>', 'the name of legacy cluster (eg -C=member1)')
    .option('--cluster-kubeconfig <path>', "Path of the legacy cluster's kubeconfig.")
    .option('--cluster-context <name>', 'Context name of legacy cluster in kubeconfig. Only works when there are multiple contexts in the kubeconfig.')
    .option('-o, --output <format>', 'Output format. One of: json|yaml')
    .option('--dry-run', 'Run the command in dry-run mode, without making any server requests.')
    .option(
      '--auto-create-policy [bool]',
      'Automatically create a PropagationPolicy for namespace-scoped resources or create a ClusterPropagationPolicy for cluster-scoped resources.',
      parseBool,
      true,
    )
    .option('--policy-name <name>', 'The name of the PropagationPolicy(or ClusterPropagationPolicy) that is automatically created after promotion.')
    .option('-d, --dependencies', 'Promote resource with its dependencies automatically, default to false')
    .action(async (args: string[], flags: PromoteFlags, command: Command) => {
      validatePromote(args, flags);
      const config = globalFlags(command);
      const namespace = flags.namespace ?? karmadaRestConfig(config).namespace;
      const karmada = karmadaClient(config);
      let member: KubeClient | undefined;
      try {
        member = await memberClient(karmada, command, flags);
        await runPromote(
          karmada,
          member,
          args,
          { ...flags, namespace },
          {
            out: (text) => void process.stdout.write(`${text}\n`),
            warn: (text) => void process.stderr.write(`${text}\n`),
          },
        );
      } finally {
        member?.close();
        karmada.close();
      }
    });
}
