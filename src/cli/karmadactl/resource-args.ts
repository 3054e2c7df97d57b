/**
 * kubectl's ways of naming objects on the command line, shared by delete, label, annotate and
 * patch: `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2 NAME`, `TYPE -l SELECTOR`, `TYPE --all`
 * and `-f FILE|DIR|-`. Each resolves to the objects' resources, names and namespaces.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../api/object.js';
import type { KubeClient, ResourceMapping } from '../../client/client.js';
import { NoMatchError } from '../../client/rest-mapper.js';
import { parseManifests } from './apply.js';
import { resourceName } from './get-table.js';

/** One object a command acts on. */
export interface ResourceTarget {
  readonly mapping: ResourceMapping;
  readonly name: string;
  /** undefined for cluster-scoped resources. */
  readonly namespace?: string;
  /** The object from a file, when the target came from `-f`. */
  readonly object?: KubeObject;
}

/** How the arguments name objects. */
export interface ResourceArgsOptions {
  readonly filenames?: readonly string[];
  readonly selector?: string;
  readonly all?: boolean;
  readonly namespace: string;
  readonly allNamespaces?: boolean;
}

/** The `TYPE NAME` part of parsed arguments: types with the names for each. */
export interface TypedNames {
  readonly pairs: readonly { type: string; name: string }[];
  /** Types given without names (for `-l` / `--all`). */
  readonly types: readonly string[];
}

/** Splits `TYPE NAME...`, `TYPE/NAME...` and `TYPE1,TYPE2 NAME` as kubectl's builder does. */
export function splitResourceArgs(args: readonly string[]): TypedNames {
  if (args.length === 0) return { pairs: [], types: [] };
  if (args.every((a) => a.includes('/'))) {
    return {
      pairs: args.map((a) => {
        const slash = a.indexOf('/');
        if (slash <= 0 || slash === a.length - 1) throw new Error(`arguments in resource/name form must have a single resource and name`);
        return { type: a.slice(0, slash), name: a.slice(slash + 1) };
      }),
      types: [],
    };
  }
  if (args.some((a) => a.includes('/'))) {
    throw new Error('there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
  }
  const [first, ...names] = args;
  const types = (first ?? '').split(',').filter((t) => t !== '');
  if (names.length === 0) return { pairs: [], types };
  return { pairs: types.flatMap((type) => names.map((name) => ({ type, name }))), types: [] };
}

/** Objects in the files (`-` is standard input; directories give their .yaml/.yml/.json files). */
export function readManifestFiles(paths: readonly string[]): KubeObject[] {
  return paths.flatMap((path) => {
    if (path === '-') return parseManifests(readFileSync(0, 'utf8'));
    if (statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .flatMap((f) => parseManifests(readFileSync(join(path, f), 'utf8')));
    }
    return parseManifests(readFileSync(path, 'utf8'));
  });
}

async function resolveType(client: KubeClient, type: string): Promise<ResourceMapping> {
  try {
    return await client.mapper.resolveName(type);
  } catch (err) {
    if (err instanceof NoMatchError) throw new Error(`the server doesn't have a resource type "${type}"`);
    throw err;
  }
}

async function fromFiles(client: KubeClient, files: readonly string[], namespace: string): Promise<ResourceTarget[]> {
  const targets: ResourceTarget[] = [];
  for (const object of readManifestFiles(files)) {
    const mapping = await client.mapper.resourceFor(object.apiVersion ?? '', object.kind ?? '');
    const name = object.metadata.name ?? '';
    targets.push({ mapping, name, ...(mapping.namespaced ? { namespace: object.metadata.namespace ?? namespace } : {}), object });
  }
  return targets;
}

async function fromNames(client: KubeClient, pairs: TypedNames['pairs'], namespace: string): Promise<ResourceTarget[]> {
  const targets: ResourceTarget[] = [];
  for (const { type, name } of pairs) {
    const mapping = await resolveType(client, type);
    targets.push({ mapping, name, ...(mapping.namespaced ? { namespace } : {}) });
  }
  return targets;
}

async function fromSelector(client: KubeClient, types: readonly string[], options: ResourceArgsOptions): Promise<ResourceTarget[]> {
  const targets: ResourceTarget[] = [];
  for (const type of types) {
    const mapping = await resolveType(client, type);
    const namespace = mapping.namespaced && options.allNamespaces !== true ? options.namespace : undefined;
    const list = await client.list(mapping, {
      ...(namespace === undefined ? {} : { namespace }),
      ...((options.selector ?? '') === '' ? {} : { labelSelector: options.selector }),
    });
    for (const item of list.items) {
      targets.push({ mapping, name: item.metadata.name ?? '', ...(mapping.namespaced ? { namespace: item.metadata.namespace ?? options.namespace } : {}) });
    }
  }
  return targets;
}

/** The objects the arguments name, in order. */
export async function resolveTargets(client: KubeClient, args: readonly string[], options: ResourceArgsOptions): Promise<ResourceTarget[]> {
  const files = options.filenames ?? [];
  const byName = splitResourceArgs(args);
  const bySelector = (options.selector ?? '') !== '' || options.all === true;
  if (files.length > 0) {
    if (args.length > 0) throw new Error('Can not mix resource arguments with --filename');
    return fromFiles(client, files, options.namespace);
  }
  if (byName.pairs.length === 0 && byName.types.length === 0) throw new Error('You must provide one or more resources by argument or filename.');
  if (byName.pairs.length > 0) {
    if (bySelector) throw new Error('name cannot be provided when a selector is specified');
    return fromNames(client, byName.pairs, options.namespace);
  }
  if (!bySelector) throw new Error(`resource(s) were provided, but no name was specified`);
  return fromSelector(client, byName.types, options);
}

/** `deployment.apps/nginx`. */
export function targetName(t: ResourceTarget): string {
  return resourceName(t.mapping.kind, t.mapping.group, t.name);
}

/** kubectl's `--dry-run` values. */
export type DryRunMode = 'none' | 'client' | 'server';

/** Parses `--dry-run[=none|client|server]` (bare `--dry-run` is client, as in kubectl). */
export function parseDryRun(value: string | boolean | undefined): DryRunMode {
  if (value === undefined || value === false || value === 'none' || value === 'false') return 'none';
  if (value === true || value === '' || value === 'client' || value === 'true') return 'client';
  if (value === 'server') return 'server';
  throw new Error(`Invalid dry-run value (${String(value)}). Must be "none", "server", or "client".`);
}

/** The suffix kubectl adds to its messages in dry-run mode. */
export function dryRunSuffix(mode: DryRunMode): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
}
