/**
 * `karmadactl create -f FILE`: kubectl create against the control plane (Karmada embeds
 * kubectl's): each object in the files is created, `kind.group/name created` is printed, and a
 * failure (e.g. AlreadyExists) is reported while the other objects are still created.
 */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import { resourceName } from './get-table.js';
import { commaList, runOnKarmada } from './karmada-config.js';
import { dryRunSuffix, parseDryRun, readManifestFiles } from './resource-args.js';
import { serverErrorText } from './server-error.js';

/** Flags of `karmadactl create`. */
export interface CreateFlags {
  readonly filename?: string[];
  readonly namespace?: string;
  readonly output?: string;
  readonly dryRun?: string | boolean;
  /** `-n` was given (a file's own namespace must then match it). */
  readonly namespaceGiven?: boolean;
}

/** What kubectl prints for an object under `-o` (the plain line when no format is given). */
export function printed(output: string, object: KubeObject, line: string, name: string): string {
  if (output === 'name') return name;
  if (output === 'yaml') return stringify(object).replace(/\n$/, '');
  if (output === 'json') return JSON.stringify(object, null, 4);
  return line;
}

/** Creates the objects of the files; returns the exit code. */
export async function runCreate(
  client: KubeClient,
  flags: CreateFlags & { namespace: string },
  io: { out: (t: string) => void; err: (t: string) => void },
): Promise<number> {
  const files = flags.filename ?? [];
  if (files.length === 0) throw new Error('must specify one of -f and -k');
  const output = flags.output ?? '';
  if (!['', 'name', 'yaml', 'json'].includes(output)) {
    throw new Error(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const dryRun = parseDryRun(flags.dryRun);
  let code = 0;
  for (const object of readManifestFiles(files)) {
    try {
      const mapping = await client.mapper.resourceFor(object.apiVersion ?? '', object.kind ?? '');
      const namespace = mapping.namespaced ? (object.metadata.namespace ?? flags.namespace) : undefined;
      if (
        namespace !== undefined &&
        object.metadata.namespace !== undefined &&
        object.metadata.namespace !== flags.namespace &&
        flags.namespace !== '' &&
        flags.namespaceGiven === true
      ) {
        throw new Error(
          `the namespace from the provided object "${object.metadata.namespace}" does not match the namespace "${flags.namespace}". You must pass '--namespace=${object.metadata.namespace}' to perform this operation.`,
        );
      }
      const body = { ...object, metadata: { ...object.metadata, ...(namespace === undefined ? {} : { namespace }) } };
      const created =
        dryRun === 'client'
          ? body
          : await client.create(mapping, body, { ...(namespace === undefined ? {} : { namespace }), ...(dryRun === 'server' ? { dryRun: true } : {}) });
      const name = resourceName(mapping.kind, mapping.group, created.metadata.name ?? object.metadata.name ?? '');
      io.out(printed(output, created, `${name} created${dryRunSuffix(dryRun)}`, name));
    } catch (err) {
      io.err(serverErrorText(err));
      code = 1;
    }
  }
  return code;
}

/** Registers `create` on the program. */
export function registerCreateCommand(program: Command): void {
  program
    .command('create')
    .usage('-f FILENAME')
    .description('Create a resource from a file or from stdin')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to create the resource', commaList)
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .action(async (flags: CreateFlags, command: Command) => {
      await runOnKarmada(command, flags, (client, withNamespace, io) =>
        runCreate(client, { ...withNamespace, namespaceGiven: flags.namespace !== undefined }, io),
      );
    });
}
