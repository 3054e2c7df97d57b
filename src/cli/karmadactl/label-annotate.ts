/**
 * `karmadactl label` and `karmadactl annotate`: kubectl's label/annotate against the control
 * plane (Karmada embeds kubectl's). `KEY=VALUE` sets, `KEY-` removes; changing an existing
 * value needs `--overwrite`. Objects are named as kubectl names them (see resource-args.ts);
 * the change is a JSON merge patch of metadata (with `--resource-version` as a precondition).
 */
import type { Command } from 'commander';
import type { KubeClient } from '../../client/client.js';
import { commaList, runOnKarmada } from './karmada-config.js';
import { dryRunSuffix, parseDryRun, resolveTargets, targetName, type DryRunMode } from './resource-args.js';
import { serverErrorText } from './server-error.js';

/** Which metadata map the command edits. */
export type MetadataField = 'labels' | 'annotations';

/** Flags of label/annotate. */
export interface LabelFlags {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly filename?: string[];
  readonly selector?: string;
  readonly all?: boolean;
  readonly overwrite?: boolean;
  readonly resourceVersion?: string;
  readonly list?: boolean;
  readonly dryRun?: string | boolean;
}

/** The requested changes: values to set and keys to remove. */
export interface MetadataChanges {
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

/** Splits the arguments into resource arguments and `KEY=VALUE` / `KEY-` changes (kubectl's order: resources first). */
export function splitChanges(args: readonly string[]): { resources: string[]; changes: MetadataChanges } {
  const first = args.findIndex((a) => a.includes('=') || a.endsWith('-'));
  const resources = first < 0 ? [...args] : args.slice(0, first);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const arg of first < 0 ? [] : args.slice(first)) {
    const eq = arg.indexOf('=');
    if (eq > 0) {
      set[arg.slice(0, eq)] = arg.slice(eq + 1);
    } else if (arg.endsWith('-') && arg.length > 1) {
      remove.push(arg.slice(0, -1));
    } else {
      throw new Error(`invalid label spec: ${arg}`);
    }
  }
  for (const key of remove) if (key in set) throw new Error(`can not both modify and remove the following label(s) in the same command: ${key}`);
  return { resources, changes: { set, remove } };
}

/** The value conflicts `--overwrite` would be needed for. */
export function conflicts(current: Readonly<Record<string, string>>, changes: MetadataChanges): string[] {
  return Object.entries(changes.set)
    .filter(([k, v]) => current[k] !== undefined && current[k] !== v)
    .map(([k]) => `'${k}' already has a value (${current[k] ?? ''})`);
}

/** The merged map after the changes, and whether anything changed. */
export function applyChanges(
  current: Readonly<Record<string, string>>,
  changes: MetadataChanges,
): { next: Record<string, string>; changed: boolean; missing: string[] } {
  const next = { ...current, ...changes.set };
  const missing = changes.remove.filter((k) => !(k in next));
  for (const k of changes.remove) delete next[k];
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  const changed = [...keys].some((k) => current[k] !== next[k]);
  return { next, changed, missing };
}

function mergePatch(field: MetadataField, changes: MetadataChanges, resourceVersion: string | undefined): unknown {
  const values: Record<string, string | null> = { ...changes.set };
  for (const k of changes.remove) values[k] = null;
  return { metadata: { [field]: values, ...(resourceVersion === undefined ? {} : { resourceVersion }) } };
}

function overwriteError(field: MetadataField, found: readonly string[]): Error {
  return new Error(
    field === 'labels'
      ? `${found.join(', ')}, and --overwrite is false`
      : `--overwrite is false but found the following declared annotation(s): ${found.join('; ')}`,
  );
}

/** Runs label or annotate; returns the exit code. */
export async function runLabel(
  client: KubeClient,
  field: MetadataField,
  args: readonly string[],
  flags: LabelFlags & { namespace: string },
  io: { out: (t: string) => void; err: (t: string) => void },
): Promise<number> {
  const { resources, changes } = splitChanges(args);
  const what = field === 'labels' ? 'label' : 'annotation';
  if (flags.list !== true && Object.keys(changes.set).length === 0 && changes.remove.length === 0) throw new Error(`at least one ${what} update is required`);
  const dryRun: DryRunMode = parseDryRun(flags.dryRun);
  const targets = await resolveTargets(client, resources, {
    ...(flags.filename === undefined ? {} : { filenames: flags.filename }),
    ...(flags.selector === undefined ? {} : { selector: flags.selector }),
    ...(flags.all === undefined ? {} : { all: flags.all }),
    ...(flags.allNamespaces === undefined ? {} : { allNamespaces: flags.allNamespaces }),
    namespace: flags.namespace,
  });
  const verb = field === 'labels' ? 'labeled' : 'annotated';
  let code = 0;
  for (const target of targets) {
    const ns = target.namespace === undefined ? {} : { namespace: target.namespace };
    try {
      const current = await client.get(target.mapping, target.name, ns);
      const map = (field === 'labels' ? current.metadata.labels : current.metadata.annotations) ?? {};
      const found = conflicts(map, changes);
      if (found.length > 0 && flags.overwrite !== true) throw overwriteError(field, found);
      const { next, changed, missing } = applyChanges(map, changes);
      if (field === 'labels') for (const key of missing) io.out(`label "${key}" not found.`);
      if (flags.list === true) {
        for (const [k, v] of Object.entries(next)) io.out(`${k}=${v}`);
        continue;
      }
      if (dryRun !== 'client') {
        await client.patch(target.mapping, target.name, mergePatch(field, changes, flags.resourceVersion), {
          ...ns,
          type: 'merge',
          ...(dryRun === 'server' ? { dryRun: true } : {}),
        });
      }
      // kubectl says "not labeled" when the labels did not change; annotate always says annotated.
      io.out(`${targetName(target)} ${field === 'labels' && !changed ? 'not labeled' : verb}${dryRunSuffix(dryRun)}`);
    } catch (err) {
      io.err(serverErrorText(err));
      code = 1;
    }
  }
  return code;
}

function register(program: Command, field: MetadataField): void {
  const name = field === 'labels' ? 'label' : 'annotate';
  const what = field === 'labels' ? 'labels' : 'annotations';
  program
    .command(name)
    .usage(`[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]`)
    .description(field === 'labels' ? 'Update the labels on a resource' : 'Update the annotations on a resource')
    .argument('[args...]')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.')
    .option('-f, --filename <file>', `Filename, directory, or URL to files identifying the resource to update the ${what}`, commaList)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('--overwrite', `If true, allow ${what} to be overwritten, otherwise reject ${what} updates that overwrite existing ${what}.`)
    .option('--resource-version <version>', `If non-empty, the ${what} update will only succeed if this is the current resource-version for the object.`)
    .option('--list', `If true, display the ${what} for a given resource.`)
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .action(async (args: string[], flags: LabelFlags, command: Command) => {
      await runOnKarmada(command, flags, (client, withNamespace, io) => runLabel(client, field, args, withNamespace, io));
    });
}

/** Registers `label` and `annotate` on the program. */
export function registerLabelAnnotateCommands(program: Command): void {
  register(program, 'labels');
  register(program, 'annotations');
}
