/**
 * `karmadactl get RESOURCE [NAME...]`: kubectl get across the control plane and member
 * clusters (`--operation-scope karmada|members|all`, `--clusters`), printing a CLUSTER column
 * when members are in scope, as Karmada's multi-cluster get does.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { isNotFound } from '../../client/api-error.js';
import type { ResourceMapping } from '../../client/client.js';
import { NoMatchError } from '../../client/rest-mapper.js';
import { karmadaRestConfig, commaList, globalFlags, karmadaClient } from './karmada-config.js';
import { scopeTargets, parseOperationScope, type ScopeTarget } from './operation-scope.js';
import { choosePrinter } from './printer-choice.js';
import { renderTable, resourceName, type ClusterRow } from './get-table.js';

/** Flags of `karmadactl get`. */
export interface GetFlags {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly output?: string;
  readonly operationScope?: string;
  readonly clusters?: string[];
  readonly selector?: string;
  readonly ignoreNotFound?: boolean;
  readonly noHeaders?: boolean;
}

const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name'] as const;

interface Found {
  readonly target: ScopeTarget;
  readonly mapping: ResourceMapping;
  readonly objects: KubeObject[];
}

/** Splits `deploy/nginx` or `deploy nginx a b` into a resource and names. */
export function parseGetArgs(args: readonly string[]): { resource: string; names: string[] } {
  const [first, ...rest] = args;
  if (first === undefined || first === '') {
    throw new Error('You must specify the type of resource to get.');
  }
  const slash = first.indexOf('/');
  if (slash > 0) {
    return { resource: first.slice(0, slash), names: [first.slice(slash + 1), ...rest.map((r) => r.slice(r.indexOf('/') + 1))] };
  }
  return { resource: first, names: rest };
}

async function fetchFrom(
  target: ScopeTarget,
  resource: string,
  names: readonly string[],
  namespace: string | undefined,
  flags: GetFlags,
  errors: string[],
): Promise<Found | undefined> {
  let mapping: ResourceMapping;
  try {
    mapping = await target.client.mapper.resolveName(resource);
  } catch (err) {
    // A member that does not serve the kind (e.g. a CRD not propagated there) has nothing to show.
    if (err instanceof NoMatchError && target.member) return undefined;
    if (err instanceof NoMatchError) throw new Error(`the server doesn't have a resource type "${resource}"`);
    throw err;
  }
  const ns = mapping.namespaced ? namespace : undefined;
  const objects: KubeObject[] = [];
  if (names.length === 0) {
    const list = await target.client.list(mapping, {
      ...(ns === undefined ? {} : { namespace: ns }),
      ...(flags.selector === undefined ? {} : { labelSelector: flags.selector }),
    });
    objects.push(...list.items);
  } else {
    for (const name of names) {
      try {
        objects.push(await target.client.get(mapping, name, ns === undefined ? {} : { namespace: ns }));
      } catch (err) {
        if (!isNotFound(err)) throw err;
        if (flags.ignoreNotFound !== true) {
          const what = `${mapping.resource}${mapping.group === '' ? '' : `.${mapping.group}`}`;
          errors.push(`Error from server (NotFound): ${what} "${name}" not found${target.member ? ` in cluster(${target.cluster})` : ''}`);
        }
      }
    }
  }
  return { target, mapping, objects };
}

/** kubectl names rows `kind.group/name` when several types are printed. */
function kindPrefixed(cells: readonly unknown[], mapping: ResourceMapping | undefined): unknown[] {
  if (mapping === undefined) return [...cells];
  const [name, ...rest] = cells;
  return [resourceName(mapping.kind, mapping.group, String(name)), ...rest];
}

function listOf(objects: readonly KubeObject[]): unknown {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects };
}

async function render(
  found: readonly Found[],
  flags: GetFlags,
  single: boolean,
  withCluster: boolean,
  withAdoption: boolean,
  withKind = false,
): Promise<string> {
  const objects = found.flatMap((f) => f.objects);
  const output = flags.output ?? '';
  if (output === 'json' || output === 'yaml') {
    const value = single && objects.length === 1 ? objects[0] : listOf(objects);
    return output === 'json' ? `${JSON.stringify(value, null, 4)}\n` : stringify(value);
  }
  if (output === 'name') {
    return found.flatMap((f) => f.objects.map((o) => `${resourceName(f.mapping.kind, f.mapping.group, o.metadata.name ?? '')}\n`)).join('');
  }
  const first = found.find((f) => f.objects.length > 0);
  if (first === undefined) return '';
  const printer = await choosePrinter(first.target.client, first.mapping);
  const now = new Date();
  const rows: ClusterRow[] = found.flatMap((f) =>
    f.objects.map((object) => ({
      cluster: f.target.cluster,
      member: f.target.member,
      object,
      cells: kindPrefixed(printer.row(object, now).cells, withKind ? f.mapping : undefined),
    })),
  );
  return renderTable(printer.columns, rows, {
    wide: output === 'wide',
    withNamespace: flags.allNamespaces === true && first.mapping.namespaced,
    withCluster,
    withAdoption,
    noHeaders: flags.noHeaders === true,
  });
}

/** Runs `karmadactl get`; returns the text for stdout and the error lines for stderr. */
export async function runGet(args: readonly string[], flags: GetFlags, command: Command): Promise<{ out: string; errors: string[] }> {
  if (!(OUTPUTS as readonly string[]).includes(flags.output ?? '')) {
    throw new Error(`unable to match a printer suitable for the output format "${flags.output ?? ''}", allowed formats are: json,name,wide,yaml`);
  }
  const scope = parseOperationScope(flags.operationScope);
  const { resource, names } = parseGetArgs(args);
  const config = globalFlags(command);
  const namespace = flags.allNamespaces === true ? undefined : (flags.namespace ?? karmadaRestConfig(config).namespace);
  const karmada = karmadaClient(config);
  const errors: string[] = [];
  const { targets, close } = await scopeTargets(karmada, karmadaRestConfig(config), scope, flags.clusters ?? []);
  try {
    // `deploy,cm`: one table per type (a blank line between), one List for json/yaml.
    const types = resource.split(',').filter((t) => t !== '');
    const perType: Found[][] = [];
    for (const type of types) {
      const found: Found[] = [];
      for (const target of targets) {
        try {
          const f = await fetchFrom(target, type, names, namespace, flags, errors);
          if (f !== undefined) found.push(f);
        } catch (err) {
          // One unreachable member does not spoil the answer of the others.
          if (!target.member) throw err;
          errors.push(`W: cluster(${target.cluster}) is inaccessible: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      perType.push(found);
    }
    const single = names.length === 1 && targets.length === 1 && types.length === 1;
    const multi = scope !== 'karmada';
    const structured = flags.output === 'json' || flags.output === 'yaml';
    const out = structured
      ? await render(perType.flat(), flags, single, multi, multi)
      : (await Promise.all(perType.map((found) => render(found, flags, single, multi, multi, types.length > 1))))
          .filter((t) => t !== '')
          .join(flags.output === 'name' ? '' : '\n');
    if (out === '' && names.length === 0 && (flags.output ?? '') !== 'json' && (flags.output ?? '') !== 'yaml') {
      errors.push(namespace === undefined ? 'No resources found' : `No resources found in ${namespace} namespace.`);
    }
    return { out, errors };
  } finally {
    close();
    karmada.close();
  }
}

/** Registers `get` on the program. */
export function registerGetCommand(program: Command): void {
  program
    .command('get')
    .usage('[NAME | -l label | -n namespace]')
    .description('Display one or many resources in Karmada control plane and member clusters.')
    .argument('<args...>')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('-o, --output <format>', 'Output format. One of: json|yaml|name|wide.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--operation-scope <scope>', 'Used to control the operation scope of the command. The optional values are karmada, members, and all.', 'karmada')
    .option('-C, --clusters <names>', 'Used to specify target member clusters, e.g. -C=member1,member2', commaList)
    .option('--ignore-not-found', 'If the requested object does not exist the command will return exit code 0.')
    .option('--no-headers', "When using the default output format, don't print headers.")
    .action(async (args: string[], flags: GetFlags & { headers?: boolean }, command: Command) => {
      const { out, errors } = await runGet(args, { ...flags, noHeaders: flags.headers === false }, command);
      process.stdout.write(out);
      for (const e of errors) process.stderr.write(`${e}\n`);
      if (errors.some((e) => e.startsWith('Error'))) process.exitCode = 1;
    });
}
