/**
 * `karmadactl interpret`: validate and test ResourceInterpreterCustomizations locally before
 * applying them (`pkg/karmadactl/interpret`):
 *
 *   karmadactl interpret -f customization.yaml --check
 *   karmadactl interpret -f customization.yaml --operation interpretReplica --observed-file observed.yaml
 *   karmadactl interpret -f customization.yaml --operation aggregateStatus --observed-file obj.yaml --status-file status.yaml
 *
 * `-f`, `--desired-file`, `--observed-file` and `--status-file` take files, directories, URLs or
 * `-` (standard input). Karmada's `--edit` (editing scripts in an editor) is not offered.
 */
import type { Command } from 'commander';
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { AggregatedStatusItem } from '../../interpreter/types.js';
import { checkCustomizations, type SourcedObject } from '../../interpreter/tooling/check-customizations.js';
import { executeRule } from '../../interpreter/tooling/execute-rule.js';
import { INTERPRET_RULES, ruleByOperation } from '../../interpreter/tooling/interpret-rules.js';
import { readSources, type ReadSourcesOptions } from '../../interpreter/tooling/read-sources.js';

/** Where the command reads and writes (the process's streams by default; tests replace them). */
export interface InterpretIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => Promise<string>;
  /** Called when `--check` found problems (default: exit code 1, as Karmada's ErrExit). */
  readonly failed: () => void;
  readonly fetchText?: ReadSourcesOptions['fetchText'];
}

interface InterpretFlags {
  filename?: string[];
  recursive?: boolean;
  check?: boolean;
  operation?: string;
  desiredFile?: string;
  observedFile?: string;
  statusFile?: string;
  desiredReplica?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const DEFAULT_IO: InterpretIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdin: readStdin,
  failed: () => {
    process.exitCode = 1;
  },
};

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').filter((v) => v !== '')];
}

function notCustomization(object: unknown): string {
  const record = isPlainObject(object) ? object : {};
  const apiVersion = typeof record['apiVersion'] === 'string' ? record['apiVersion'] : '';
  const slash = apiVersion.indexOf('/');
  const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
  return `not a ResourceInterpreterCustomization, got ${gv}, Kind=${typeof record['kind'] === 'string' ? record['kind'] : ''}`;
}

/** The one object of a `--desired-file`/`--observed-file`, if given. */
async function singleObject(file: string | undefined, what: string, read: ReadSourcesOptions): Promise<KubeObject | undefined> {
  if (file === undefined || file === '') return undefined;
  const objects = await readSources([file], read);
  if (objects.length > 1) throw new Error(`fail to get ${what} object: get ${objects.length} objects, expect one at most`);
  const object = objects[0]?.object;
  if (!isPlainObject(object)) throw new Error(`fail to get ${what} object: no object in ${file}`);
  return { ...object, metadata: isPlainObject(object['metadata']) ? object['metadata'] : {} } as KubeObject;
}

/** The AggregatedStatusItems of a `--status-file` (one per document, or lists of them). */
async function statusItems(file: string | undefined, read: ReadSourcesOptions): Promise<AggregatedStatusItem[] | undefined> {
  if (file === undefined || file === '') return undefined;
  const items: AggregatedStatusItem[] = [];
  for (const { object } of await readSources([file], read)) {
    for (const item of Array.isArray(object) ? object : [object]) {
      if (!isPlainObject(item) || typeof item['clusterName'] !== 'string')
        {throw new Error(`fail to get status items: not an AggregatedStatusItem: ${JSON.stringify(item)}`);}
      items.push(item as unknown as AggregatedStatusItem);
    }
  }
  return items;
}

async function run(flags: InterpretFlags, io: InterpretIo): Promise<void> {
  if (flags.operation !== undefined && flags.operation !== '' && ruleByOperation(flags.operation) === undefined) {
    throw new Error(`operation ${flags.operation} is not supported. Use one of: ${INTERPRET_RULES.map((r) => r.name).join(', ')}`);
  }
  const filenames = flags.filename ?? [];
  if (filenames.length === 0) throw new Error('You must provide one or more resources by argument or filename.');
  const read: ReadSourcesOptions = { recursive: flags.recursive === true, stdin: io.stdin, ...(io.fetchText === undefined ? {} : { fetchText: io.fetchText }) };
  const sources: SourcedObject[] = await readSources(filenames, read);
  if (flags.check === true) {
    const report = checkCustomizations(sources);
    io.stdout(report.output);
    if (report.failed) io.failed();
    return;
  }
  if (flags.operation === undefined || flags.operation === '') throw new Error('operation is not set for executing');
  const rule = ruleByOperation(flags.operation);
  if (rule === undefined) throw new Error(`operation ${flags.operation} is not supported`);
  const customizations: ResourceInterpreterCustomization[] = sources.map(({ object }) => {
    if (!isPlainObject(object) || object['apiVersion'] !== 'config.karmada.io/v1alpha1' || object['kind'] !== 'ResourceInterpreterCustomization') {
      throw new Error(`fail to get customization object: ${notCustomization(object)}`);
    }
    return object as unknown as ResourceInterpreterCustomization;
  });
  const desired = await singleObject(flags.desiredFile, 'desired', read);
  const observed = await singleObject(flags.observedFile, 'observed', read);
  const status = await statusItems(flags.statusFile, read);
  const replica = Number(flags.desiredReplica ?? '0');
  if (!Number.isInteger(replica) || replica < -(2 ** 31) || replica >= 2 ** 31)
    {throw new Error(`invalid argument "${flags.desiredReplica ?? ''}" for "--desired-replica" flag`);}
  const report = executeRule(customizations, rule, {
    ...(desired === undefined ? {} : { desired }),
    ...(observed === undefined ? {} : { observed }),
    ...(status === undefined ? {} : { status }),
    replica,
  });
  if (report.stdout !== '') io.stdout(report.stdout);
  // As Karmada: a rule that fails is reported, not turned into an exit status.
  if (report.stderr !== '') io.stderr(report.stderr);
}

/** Adds `interpret` to the karmadactl program. */
export function registerInterpretCommand(program: Command, io: Partial<InterpretIo> = {}): void {
  const streams: InterpretIo = { ...DEFAULT_IO, ...io };
  program
    .command('interpret')
    .description('Validate, test and edit interpreter customization before applying it to the control plane')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files containing the customizations', collect)
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('--check', 'Validates the given ResourceInterpreterCustomization configuration(s)')
    .option('--operation <operation>', `The interpret operation to use. One of: (${INTERPRET_RULES.map((r) => r.name).join(',')})`)
    .option('--desired-file <file>', 'Filename, directory, or URL to files identifying the resource to use as desiredObj argument in rule script.')
    .option('--observed-file <file>', 'Filename, directory, or URL to files identifying the resource to use as observedObj argument in rule script.')
    .option('--status-file <file>', 'Filename, directory, or URL to files identifying the resource to use as statusItems argument in rule script.')
    .option('--desired-replica <n>', 'The desiredReplica argument in rule script.', '0')
    .action((flags: InterpretFlags) => run(flags, streams));
}
