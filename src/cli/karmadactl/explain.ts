/**
 * `karmadactl explain TYPE[.FIELD...]`: kubectl explain against the control plane's (or, with
 * `--operation-scope members --cluster NAME`, a member's) OpenAPI v3 documents, rendered as
 * kubectl's plaintext output (see explain-render.ts). `--api-version` picks another version.
 */
import type { Command } from 'commander';
import { isPlainObject } from '../../api/object.js';
import type { KubeClient, ResourceMapping } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import { NoMatchError } from '../../client/rest-mapper.js';
import { renderExplain, type Schema } from './explain-render.js';
import { globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';
import { clusterProxyConfig, parseOperationScope } from './operation-scope.js';
import { rawResponseError } from './server-error.js';

async function getJson(client: KubeClient, path: string): Promise<Record<string, unknown>> {
  const res = await client.getRaw(path);
  if (res.statusCode < 200 || res.statusCode >= 300) throw rawResponseError(res.statusCode, res.body);
  const parsed: unknown = JSON.parse(res.body);
  if (!isPlainObject(parsed)) throw new Error(`${path}: not a JSON object`);
  return parsed;
}

/** The OpenAPI v3 schema of a kind, with its document's components. */
async function kindSchema(client: KubeClient, mapping: ResourceMapping): Promise<{ root: Schema; components: Record<string, Schema> }> {
  const index = await getJson(client, '/openapi/v3');
  const key = mapping.group === '' ? `api/${mapping.version}` : `apis/${mapping.group}/${mapping.version}`;
  const paths = isPlainObject(index['paths']) ? index['paths'] : {};
  const entry = paths[key];
  const url = isPlainObject(entry) && typeof entry['serverRelativeURL'] === 'string' ? entry['serverRelativeURL'] : `/openapi/v3/${key}`;
  const doc = await getJson(client, url);
  const comps = isPlainObject(doc['components']) && isPlainObject(doc['components']['schemas']) ? doc['components']['schemas'] : {};
  const components: Record<string, Schema> = {};
  for (const [name, s] of Object.entries(comps)) if (isPlainObject(s)) components[name] = s;
  const root = Object.values(components).find((s) => {
    const gvks = s['x-kubernetes-group-version-kind'];
    return (
      Array.isArray(gvks) &&
      gvks.some((g) => isPlainObject(g) && g['group'] === mapping.group && g['version'] === mapping.version && g['kind'] === mapping.kind)
    );
  });
  if (root === undefined) {
    throw new Error(`couldn't find resource for "${mapping.group === '' ? '' : `${mapping.group}/`}${mapping.version}, Kind=${mapping.kind}"`);
  }
  return { root, components };
}

/** kubectl-style name, or a kind's name in any case (`work`, `Work`) as kubectl's mapper accepts. */
async function resolveResource(client: KubeClient, resource: string): Promise<ResourceMapping> {
  try {
    return await client.mapper.resolveName(resource);
  } catch (err) {
    if (!(err instanceof NoMatchError)) throw err;
    const byKind = (await client.mapper.mappings()).filter((m) => m.kind.toLowerCase() === resource.toLowerCase() && !m.resource.includes('/'));
    const found = byKind.find((m) => m.preferred) ?? byKind[0];
    if (found === undefined) throw err;
    return found;
  }
}

/** Runs explain; returns the text. */
export async function runExplain(client: KubeClient, arg: string, apiVersion: string | undefined): Promise<string> {
  const [resource = '', ...path] = arg.split('.');
  let mapping: ResourceMapping;
  try {
    mapping = await resolveResource(client, resource);
    if (apiVersion !== undefined && apiVersion !== '') mapping = await client.mapper.resourceFor(apiVersion, mapping.kind);
  } catch (err) {
    if (err instanceof NoMatchError) throw new Error(`the server doesn't have a resource type "${resource}"`);
    throw err;
  }
  const { root, components } = await kindSchema(client, mapping);
  return renderExplain({ group: mapping.group, version: mapping.version, kind: mapping.kind }, root, path, components);
}

/** Registers `explain` on the program. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .usage('TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [--output=plaintext]')
    .description('Get documentation for a resource')
    .argument('[resource]')
    .option('--api-version <version>', 'Use given api-version (group/version) of the resource.')
    .option(
      '-s, --operation-scope <scope>',
      'Used to control the operation scope of the command. The optional values are karmada and members. Defaults to karmada.',
      'karmada',
    )
    .option(
      '--cluster <name>',
      "Used to specify a target member cluster and only takes effect when the command's operation scope is members, for example: --operation-scope=members --cluster=member1",
    )
    .option('-o, --output <format>', 'Format in which to render the schema. Valid values are: (plaintext).', 'plaintext')
    .action(
      async (resource: string | undefined, flags: { apiVersion?: string; operationScope?: string; cluster?: string; output?: string }, command: Command) => {
        if (resource === undefined || resource === '') {
          throw new Error('You must specify the type of resource to explain. Use "karmadactl api-resources" for a complete list of supported resources.');
        }
        if (flags.output !== 'plaintext') throw new Error(`unsupported output format: ${flags.output ?? ''}`);
        const scope = parseOperationScope(flags.operationScope, ['karmada', 'members']);
        if (scope === 'members' && (flags.cluster ?? '') === '') throw new Error('must specify a member cluster');
        const config = globalFlags(command);
        const client =
          scope === 'members'
            ? createHttpClient(clusterProxyConfig(karmadaRestConfig(config), flags.cluster ?? ''), { userAgent: 'karmadactl', maxRetries: 0 })
            : karmadaClient(config);
        try {
          process.stdout.write(await runExplain(client, resource, flags.apiVersion));
        } finally {
          client.close();
        }
      },
    );
}
