/**
 * `karmadactl delete (TYPE NAME | TYPE/NAME | TYPE -l SEL | TYPE --all | -f FILE)`: kubectl
 * delete against the control plane (Karmada embeds kubectl's). Prints `deployment.apps "nginx"
 * deleted`; `--wait` (default) waits until the objects are gone (finalizers done); `--cascade`,
 * `--grace-period`, `--now`, `--force`, `--ignore-not-found` and `--dry-run` as in kubectl.
 */
import type { Command } from 'commander';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, PropagationPolicy } from '../../client/client.js';
import { commaList, runOnKarmada } from './karmada-config.js';
import { dryRunSuffix, parseDryRun, resolveTargets, type ResourceTarget } from './resource-args.js';
import { serverErrorText } from './server-error.js';

/** Flags of `karmadactl delete`. */
export interface DeleteFlags {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly filename?: string[];
  readonly selector?: string;
  readonly all?: boolean;
  readonly ignoreNotFound?: boolean;
  readonly wait?: boolean;
  readonly timeout?: string;
  readonly cascade?: string | boolean;
  readonly gracePeriod?: string;
  readonly now?: boolean;
  readonly force?: boolean;
  readonly dryRun?: string | boolean;
  readonly output?: string;
}

/** kubectl's `--cascade` values as a propagation policy. */
export function parseCascade(value: string | boolean | undefined): PropagationPolicy {
  if (value === undefined || value === true || value === '' || value === 'background' || value === 'true') return 'Background';
  if (value === 'orphan' || value === false || value === 'false') return 'Orphan';
  if (value === 'foreground') return 'Foreground';
  throw new Error(`invalid cascade value (${String(value)}). Must be "background", "foreground", or "orphan"`);
}

/** kubectl's grace period from `--grace-period`, `--now` and `--force`. */
export function gracePeriod(flags: Pick<DeleteFlags, 'gracePeriod' | 'now' | 'force'>): number | undefined {
  if (flags.now === true) {
    if (flags.gracePeriod !== undefined && Number(flags.gracePeriod) >= 0) throw new Error('--now and --grace-period cannot be specified together');
    return 1;
  }
  const given = flags.gracePeriod === undefined ? -1 : Number(flags.gracePeriod);
  if (!Number.isInteger(given)) throw new Error(`invalid argument "${flags.gracePeriod ?? ''}" for "--grace-period" flag`);
  if (flags.force === true) return given > 0 ? given : 0;
  return given >= 0 ? given : undefined;
}

/** kubectl's `deployment.apps "nginx"` (the lower-cased kind, then the group). */
export function deletedName(t: ResourceTarget): string {
  return `${t.mapping.kind.toLowerCase()}${t.mapping.group === '' ? '' : `.${t.mapping.group}`} "${t.name}"`;
}

/** Go-style durations for `--timeout` (`30s`, `2m`, `1h`); 0 means a week, as in kubectl. */
function timeoutMs(value: string | undefined): number {
  if (value === undefined || value === '' || value === '0' || value === '0s') return 7 * 24 * 3600 * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (m === null) throw new Error(`invalid argument "${value}" for "--timeout" flag`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
}

async function waitGone(client: KubeClient, t: ResourceTarget, uid: string | undefined, deadline: number): Promise<void> {
  for (;;) {
    try {
      const o = await client.get(t.mapping, t.name, t.namespace === undefined ? {} : { namespace: t.namespace });
      // A new object of the same name is not the one deleted.
      if (uid !== undefined && o.metadata.uid !== uid) return;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the condition on ${t.mapping.resource}/${t.name}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Deletes the named objects; returns the exit code. */
export async function runDelete(
  client: KubeClient,
  args: readonly string[],
  flags: DeleteFlags & { namespace: string },
  io: { out: (t: string) => void; err: (t: string) => void },
): Promise<number> {
  const dryRun = parseDryRun(flags.dryRun);
  const propagationPolicy = parseCascade(flags.cascade);
  const grace = gracePeriod(flags);
  const bySelector = (flags.selector ?? '') !== '' || flags.all === true;
  const targets = await resolveTargets(client, args, {
    ...(flags.filename === undefined ? {} : { filenames: flags.filename }),
    ...(flags.selector === undefined ? {} : { selector: flags.selector }),
    ...(flags.all === undefined ? {} : { all: flags.all }),
    ...(flags.allNamespaces === undefined ? {} : { allNamespaces: flags.allNamespaces }),
    namespace: flags.namespace,
  });
  if (targets.length === 0 && bySelector) {
    io.err('No resources found');
    return 0;
  }
  // Objects named by selector were just listed: one already gone is not an error (as kubectl).
  const ignoreNotFound = flags.ignoreNotFound === true || bySelector;
  const deadline = Date.now() + timeoutMs(flags.timeout);
  const deleted: { target: ResourceTarget; uid: string | undefined }[] = [];
  let code = 0;
  for (const target of targets) {
    try {
      const ns = target.namespace === undefined ? {} : { namespace: target.namespace };
      let uid: string | undefined;
      if (dryRun !== 'client') {
        const answer = await client.delete(target.mapping, target.name, {
          ...ns,
          propagationPolicy,
          ...(grace === undefined ? {} : { gracePeriodSeconds: grace }),
          ...(dryRun === 'server' ? { dryRun: true } : {}),
        });
        uid = answer.kind === 'Status' ? undefined : answer.metadata.uid;
      }
      io.out(
        flags.output === 'name'
          ? `${target.mapping.kind.toLowerCase()}${target.mapping.group === '' ? '' : `.${target.mapping.group}`}/${target.name}`
          : `${deletedName(target)} deleted${dryRunSuffix(dryRun)}`,
      );
      deleted.push({ target, uid });
    } catch (err) {
      if (isNotFound(err) && ignoreNotFound) continue;
      io.err(serverErrorText(err));
      code = 1;
    }
  }
  if (flags.wait !== false && dryRun === 'none') {
    for (const d of deleted) {
      try {
        await waitGone(client, d.target, d.uid, deadline);
      } catch (err) {
        io.err(serverErrorText(err));
        code = 1;
      }
    }
  }
  return code;
}

function parseBool(value: string | undefined): boolean {
  return value === undefined || value === '' || value === 'true' || value === '1';
}

/** Registers `delete` on the program. */
export function registerDeleteCommand(program: Command): void {
  program
    .command('delete')
    .usage('([-f FILENAME] | TYPE [(NAME | -l label | --all)])')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .argument('[args...]')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('-f, --filename <file>', 'containing the resource to delete.', commaList)
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('--all', 'Delete all resources, in the namespace of the specified resource types.')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete.')
    .option('--wait [bool]', 'If true, wait for resources to be gone before returning. This waits for finalizers.', parseBool, true)
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object')
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground".')
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully.')
    .option('--now', 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .option('-o, --output <format>', 'Output mode. Use "-o name" for shorter output (resource/name).')
    .action(async (args: string[], flags: DeleteFlags, command: Command) => {
      await runOnKarmada(command, flags, (client, withNamespace, io) => runDelete(client, args, withNamespace, io));
    });
}
