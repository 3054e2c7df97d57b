/**
 * `karmadactl apply -f FILE [--all-clusters | --cluster a,b]`: applies the manifests to the
 * control plane and, with `--all-clusters` or `--cluster`, a (Cluster)PropagationPolicy per
 * object propagating it there (Karmada's apply). Objects are written with server-side apply
 * (field manager `karmadactl`, forced), reported as created / configured / unchanged.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceMapping } from '../../client/client.js';
import { NoMatchError } from '../../client/rest-mapper.js';
import { propagationFor } from './apply-policy.js';
import { resourceName } from './get-table.js';
import { commaList, globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';

/** Flags of `karmadactl apply`. */
export interface ApplyFlags {
  readonly filename?: string[];
  readonly namespace?: string;
  readonly allClusters?: boolean;
  readonly cluster?: string[];
}

/** Objects in YAML/JSON text (multi-document; `kind: List` expanded). */
export function parseManifests(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  const add = (v: unknown): void => {
    if (!isPlainObject(v)) return;
    if (typeof v['kind'] === 'string' && v['kind'].endsWith('List') && Array.isArray(v['items'])) {
      v['items'].forEach(add);
      return;
    }
    out.push(v as unknown as KubeObject);
  };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`error parsing manifest: ${doc.errors[0]?.message ?? ''}`);
    add(doc.toJS());
  }
  return out;
}

function readManifests(path: string): KubeObject[] {
  if (path === '-') return parseManifests(readFileSync(0, 'utf8'));
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort()
      .flatMap((f) => parseManifests(readFileSync(join(path, f), 'utf8')));
  }
  return parseManifests(readFileSync(path, 'utf8'));
}

async function mappingFor(client: KubeClient, apiVersion: string, kind: string): Promise<ResourceMapping> {
  // A custom resource may follow its CRD in the same file; discovery needs a moment to serve it.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await client.mapper.resourceFor(apiVersion, kind);
    } catch (err) {
      if (!(err instanceof NoMatchError) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The object without the fields a no-op apply may still touch. */
function comparable(o: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = o.metadata;
  return JSON.stringify({ ...o, metadata: meta });
}

/** Applies one object; answers the kubectl-style line. */
async function applyOne(client: KubeClient, object: KubeObject, defaultNamespace: string): Promise<{ line: string; applied: KubeObject; namespaced: boolean }> {
  const apiVersion = object.apiVersion ?? '';
  const kind = object.kind ?? '';
  const name = object.metadata.name ?? '';
  if (apiVersion === '' || kind === '' || name === '') throw new Error('every object needs apiVersion, kind and metadata.name');
  const mapping = await mappingFor(client, apiVersion, kind);
  const namespace = mapping.namespaced ? (object.metadata.namespace ?? defaultNamespace) : undefined;
  const body: KubeObject = { ...object, metadata: { ...object.metadata, ...(namespace === undefined ? {} : { namespace }) } };
  const opts = namespace === undefined ? {} : { namespace };
  let before: KubeObject | undefined;
  try {
    before = await client.get(mapping, name, opts);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const after = await client.patch(mapping, name, body, { ...opts, type: 'apply', force: true, fieldManager: 'karmadactl' });
  const verb = before === undefined ? 'created' : comparable(before) === comparable(after) ? 'unchanged' : 'configured';
  return { line: `${resourceName(kind, mapping.group, name)} ${verb}`, applied: body, namespaced: mapping.namespaced };
}

/** Runs apply against the control plane; returns the printed lines. */
export async function runApply(client: KubeClient, objects: readonly KubeObject[], flags: ApplyFlags, defaultNamespace: string): Promise<string[]> {
  const clusters = flags.cluster ?? [];
  if (flags.allClusters === true && clusters.length > 0) throw new Error('--all-clusters and --cluster cannot be used together');
  const propagate: readonly string[] | 'all' | undefined = flags.allClusters === true ? 'all' : clusters.length > 0 ? clusters : undefined;
  const lines: string[] = [];
  for (const object of objects) {
    const { line, applied, namespaced } = await applyOne(client, object, defaultNamespace);
    lines.push(line);
    if (propagate !== undefined) {
      lines.push((await applyOne(client, propagationFor(applied, namespaced, propagate), defaultNamespace)).line);
    }
  }
  return lines;
}

/** Registers `apply` on the program. */
export function registerApplyCommand(program: Command): void {
  program
    .command('apply')
    .usage('(-f FILENAME | -k DIRECTORY)')
    .description('Apply a configuration to a resource by file name or stdin and propagate them into member clusters')
    .option('-f, --filename <file>', 'The files that contain the configurations to apply.', commaList)
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('--all-clusters', 'If present, propagates a group of resources to all member clusters.')
    .option('-C, --cluster <names>', 'If present, propagates a group of resources to specified clusters.', commaList)
    .action(async (flags: ApplyFlags, command: Command) => {
      const files = flags.filename ?? [];
      if (files.length === 0) throw new Error('must specify --filename to apply');
      const config = globalFlags(command);
      const objects = files.flatMap(readManifests);
      const client = karmadaClient(config);
      try {
        const lines = await runApply(client, objects, flags, flags.namespace ?? karmadaRestConfig(config).namespace);
        process.stdout.write(lines.map((l) => `${l}\n`).join(''));
      } finally {
        client.close();
      }
    });
}
