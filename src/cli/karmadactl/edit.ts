/**
 * `karmadactl edit (TYPE NAME | TYPE/NAME | -f FILE)`: kubectl edit against the control plane
 * (Karmada embeds kubectl's). Each object is written as YAML (or JSON with `-o json`) to a
 * temporary file under kubectl's header, opened in `KUBE_EDITOR`, `EDITOR` or `vi`, and what
 * changed is sent as a JSON merge patch (with the read resourceVersion, so a concurrent change
 * is refused rather than overwritten). An unchanged or emptied file cancels the edit. On a
 * failure the edited copy is kept and its path printed (kubectl re-opens the editor instead).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml, stringify } from 'yaml';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import { commaList, runOnKarmada } from './karmada-config.js';
import { resolveTargets, targetName } from './resource-args.js';
import { serverErrorText } from './server-error.js';

/** Flags of `karmadactl edit`. */
export interface EditFlags {
  readonly namespace?: string;
  readonly filename?: string[];
  readonly output?: string;
}

const HEADER = [
  "# Please edit the object below. Lines beginning with a '#' will be ignored,",
  '# and an empty file will abort the edit. If an error occurs while saving this file will be',
  '# reopened with the relevant failures.',
  '#',
].join('\n');

/** The RFC 7386 merge patch turning `from` into `to` (null removes; arrays and scalars are replaced). */
export function createMergePatch(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to)) return to;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const old = from[key];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    patch[key] = isPlainObject(old) && isPlainObject(value) ? createMergePatch(old, value) : value;
  }
  return patch;
}

/** The edited text without comment lines, parsed; undefined when nothing is left. */
export function parseEdited(text: string): unknown {
  const body = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
  if (body.trim() === '') return undefined;
  return parseYaml(body);
}

/** The editor command line: KUBE_EDITOR, then EDITOR, then vi. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env['KUBE_EDITOR'] ?? env['EDITOR'] ?? 'vi';
}

function render(object: KubeObject, output: string): string {
  return `${HEADER}\n${output === 'json' ? `${JSON.stringify(object, null, 4)}\n` : stringify(object)}`;
}

/** Edits the named objects one after the other; returns the exit code. */
export async function runEdit(
  client: KubeClient,
  args: readonly string[],
  flags: EditFlags & { namespace: string },
  io: { out: (t: string) => void; err: (t: string) => void },
  edit: (path: string) => void = (path) => {
    const r = spawnSync('sh', ['-c', `${editorCommand()} "$0"`, path], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`there was a problem with the editor "${editorCommand()}"`);
  },
): Promise<number> {
  const output = flags.output ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') throw new Error(`the edit mode doesn't support output the format "${output}"`);
  const targets = await resolveTargets(client, args, { ...(flags.filename === undefined ? {} : { filenames: flags.filename }), namespace: flags.namespace });
  let code = 0;
  for (const target of targets) {
    const ns = target.namespace === undefined ? {} : { namespace: target.namespace };
    const dir = mkdtempSync(join(tmpdir(), 'karmadactl-edit-'));
    const file = join(dir, `${target.name}.${output === 'json' ? 'json' : 'yaml'}`);
    let keep = false;
    try {
      const original = await client.get(target.mapping, target.name, ns);
      const { managedFields: _mf, ...metadata } = original.metadata;
      const shown: KubeObject = { ...original, metadata };
      writeFileSync(file, render(shown, output));
      edit(file);
      const edited = parseEdited(readFileSync(file, 'utf8'));
      if (edited === undefined) {
        io.err('Edit cancelled, saved file was empty.');
        continue;
      }
      const patch = createMergePatch(shown, edited);
      if (isPlainObject(patch) && Object.keys(patch).length === 0) {
        io.err('Edit cancelled, no changes made.');
        continue;
      }
      const changedIdentity = isPlainObject(edited) && (edited['kind'] !== original.kind || edited['apiVersion'] !== original.apiVersion);
      if (changedIdentity) throw new Error('At least one of apiVersion, kind and name was changed');
      const guarded = isPlainObject(patch)
        ? { ...patch, metadata: { ...(isPlainObject(patch['metadata']) ? patch['metadata'] : {}), resourceVersion: original.metadata.resourceVersion } }
        : patch;
      try {
        await client.patch(target.mapping, target.name, guarded, { ...ns, type: 'merge' });
      } catch (err) {
        keep = true;
        io.err(`error: ${targetName(target)} could not be patched`);
        io.err(`A copy of your changes has been stored to "${file}"`);
        throw err;
      }
      io.out(`${targetName(target)} edited`);
    } catch (err) {
      io.err(serverErrorText(err));
      code = 1;
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  }
  return code;
}

/** Registers `edit` on the program. */
export function registerEditCommand(program: Command): void {
  program
    .command('edit')
    .usage('(RESOURCE/NAME | -f FILENAME)')
    .description('Edit a resource on the server')
    .argument('[args...]')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to edit the resource', commaList)
    .option('-o, --output <format>', 'Output format. One of: (json, yaml).')
    .action(async (args: string[], flags: EditFlags, command: Command) => {
      await runOnKarmada(command, flags, (client, withNamespace, io) => runEdit(client, args, withNamespace, io));
    });
}
