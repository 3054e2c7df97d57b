/**
 * `karmadactl patch (TYPE NAME | -f FILE) -p PATCH [--type strategic|merge|json]`: kubectl
 * patch against the control plane (Karmada embeds kubectl's). The patch is JSON or YAML;
 * prints `deployment.apps/nginx patched`, or `patched (no change)` when the object is the same.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml, stringify } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import type { KubeClient, PatchType } from '../../client/client.js';
import { commaList, runOnKarmada } from './karmada-config.js';
import { parseDryRun, resolveTargets, targetName } from './resource-args.js';
import { serverErrorText } from './server-error.js';

/** Flags of `karmadactl patch`. */
export interface PatchFlags {
  readonly namespace?: string;
  readonly filename?: string[];
  readonly patch?: string;
  readonly patchFile?: string;
  readonly type?: string;
  readonly subresource?: string;
  readonly output?: string;
  readonly dryRun?: string | boolean;
}

const TYPES: Readonly<Record<string, PatchType>> = { json: 'json', merge: 'merge', strategic: 'strategic' };

/** The patch document from `-p` / `--patch-file` (YAML accepted, as kubectl converts it to JSON). */
export function parsePatch(text: string, type: PatchType): unknown {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new Error(`unable to parse "${text}": ${err instanceof Error ? err.message : String(err)}`);
  }
  if (type === 'json' ? !Array.isArray(value) : typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(type === 'json' ? 'json patch must be a list of operations' : `unable to parse "${text}": the patch must be an object`);
  }
  return value;
}

/** The object without what every write touches, to tell a real change from none. */
function comparable(o: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = o.metadata;
  return JSON.stringify({ ...o, metadata: meta });
}

/** Patches the named objects; returns the exit code. */
export async function runPatch(
  client: KubeClient,
  args: readonly string[],
  flags: PatchFlags & { namespace: string },
  io: { out: (t: string) => void; err: (t: string) => void },
): Promise<number> {
  const type = TYPES[flags.type ?? 'strategic'];
  if (type === undefined) throw new Error(`--type must be one of [json merge strategic], not "${flags.type ?? ''}"`);
  const text = flags.patchFile !== undefined ? readFileSync(flags.patchFile, 'utf8') : flags.patch;
  if (text === undefined || text.trim() === '') throw new Error('must specify --patch or --patch-file containing the contents of the patch');
  if (flags.patch !== undefined && flags.patchFile !== undefined) throw new Error('cannot specify --patch and --patch-file together');
  const body = parsePatch(text, type);
  const dryRun = parseDryRun(flags.dryRun);
  if (dryRun === 'client') throw new Error('--dry-run=client is not supported by patch here; use --dry-run=server');
  const targets = await resolveTargets(client, args, { ...(flags.filename === undefined ? {} : { filenames: flags.filename }), namespace: flags.namespace });
  let code = 0;
  for (const target of targets) {
    const ns = target.namespace === undefined ? {} : { namespace: target.namespace };
    try {
      const before = await client.get(target.mapping, target.name, ns);
      const after = await client.patch(target.mapping, target.name, body, {
        ...ns,
        type,
        ...(flags.subresource === undefined ? {} : { subresource: flags.subresource }),
        ...(dryRun === 'server' ? { dryRun: true } : {}),
      });
      if (flags.output === 'yaml') io.out(stringify(after).replace(/\n$/, ''));
      else if (flags.output === 'json') io.out(JSON.stringify(after, null, 4));
      else if (flags.output === 'name') io.out(targetName(target));
      else io.out(`${targetName(target)} patched${flags.subresource === undefined && comparable(before) === comparable(after) ? ' (no change)' : ''}`);
    } catch (err) {
      io.err(serverErrorText(err));
      code = 1;
    }
  }
  return code;
}

/** Registers `patch` on the program. */
export function registerPatchCommand(program: Command): void {
  program
    .command('patch')
    .usage('(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]')
    .description('Update fields of a resource')
    .argument('[args...]')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to update', commaList)
    .option('-p, --patch <patch>', 'The patch to be applied to the resource JSON file.')
    .option('--patch-file <file>', 'A file containing a patch to be applied to the resource.')
    .option('--type <type>', 'The type of patch being provided; one of [json merge strategic]', 'strategic')
    .option('--subresource <name>', 'If specified, patch will operate on the subresource of the requested object.')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .action(async (args: string[], flags: PatchFlags, command: Command) => {
      await runOnKarmada(command, flags, (client, withNamespace, io) => runPatch(client, args, withNamespace, io));
    });
}
