/**
 * `karmadactl api-resources`: kubectl's api-resources (NAME SHORTNAMES APIVERSION NAMESPACED
 * KIND; VERBS and CATEGORIES with `-o wide`; `-o name`) for the control plane or, with
 * `--operation-scope members --cluster NAME`, one member through the cluster proxy.
 */
import type { Command } from 'commander';
import type { ResourceMapping } from '../../client/client.js';
import { apiVersionOf } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import { alignColumns } from './get-table.js';
import { commaList, globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';
import { clusterProxyConfig, parseOperationScope } from './operation-scope.js';

/** Flags of `karmadactl api-resources`. */
export interface ApiResourcesFlags {
  readonly output?: string;
  readonly noHeaders?: boolean;
  readonly apiGroup?: string;
  /** undefined: both scopes (the flag was not given). */
  readonly namespaced?: boolean;
  readonly verbs?: readonly string[];
  readonly sortBy?: string;
  readonly categories?: readonly string[];
}

/** The resources kubectl lists: preferred versions only, filtered by the flags, sorted as kubectl sorts. */
export function selectResources(mappings: readonly ResourceMapping[], flags: ApiResourcesFlags): ResourceMapping[] {
  const verbs = flags.verbs ?? [];
  const categories = flags.categories ?? [];
  // Discovery's preferred resources: each group's preferred version, plus resources only other versions serve.
  const byResource = new Map<string, ResourceMapping>();
  for (const m of mappings) {
    if (m.resource.includes('/')) continue;
    const key = `${m.group}/${m.resource}`;
    const seen = byResource.get(key);
    if (seen === undefined || (m.preferred && !seen.preferred)) byResource.set(key, m);
  }
  const chosen = [...byResource.values()].filter(
    (m) =>
      (flags.apiGroup === undefined || m.group === flags.apiGroup) &&
      (flags.namespaced === undefined || m.namespaced === flags.namespaced) &&
      verbs.every((v) => m.verbs.includes(v)) &&
      categories.every((c) => m.categories.includes(c)),
  );
  const key = (m: ResourceMapping): string => (flags.sortBy === 'name' ? m.resource : flags.sortBy === 'kind' ? m.kind : m.group);
  return chosen.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
  });
}

/** The printed table (or names). */
export function renderApiResources(resources: readonly ResourceMapping[], flags: ApiResourcesFlags): string {
  if (flags.output === 'name') {
    return resources.map((r) => `${r.resource}${r.group === '' ? '' : `.${r.group}`}\n`).join('');
  }
  const wide = flags.output === 'wide';
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  const rows = resources.map((r) => [
    r.resource,
    r.shortNames.join(','),
    apiVersionOf(r),
    String(r.namespaced),
    r.kind,
    ...(wide ? [r.verbs.join(','), r.categories.join(',')] : []),
  ]);
  if (rows.length === 0) return '';
  return alignColumns(flags.noHeaders === true ? rows : [header, ...rows]);
}

function parseBool(value: string | undefined): boolean {
  return value === undefined || value === '' || value === 'true' || value === '1';
}

/** Registers `api-resources` on the program. */
export function registerApiResourcesCommand(program: Command): void {
  program
    .command('api-resources')
    .description('Print the supported API resources on the server')
    .option(
      '-s, --operation-scope <scope>',
      'Used to control the operation scope of the command. The optional values are karmada and members. Defaults to karmada.',
      'karmada',
    )
    .option(
      '--cluster <name>',
      "Used to specify a target member cluster and only takes effect when the command's operation scope is members, for example: --operation-scope=members --cluster=member1",
    )
    .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
    .option('-o, --output <format>', 'Output format. One of: (wide, name).')
    .option('--api-group <group>', 'Limit to resources in the specified API group.')
    .option('--namespaced [bool]', 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.', parseBool)
    .option('--verbs <verbs>', 'Limit to resources that support the specified verbs.', commaList)
    .option('--sort-by <field>', "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.")
    .option('--cached', 'Use the cached list of resources if available.')
    .option('--categories <names>', 'Limit to resources that belong to the specified categories.', commaList)
    .action(async (opts: ApiResourcesFlags & { operationScope?: string; cluster?: string; headers?: boolean }, command: Command) => {
      const scope = parseOperationScope(opts.operationScope, ['karmada', 'members']);
      if (scope === 'members' && (opts.cluster ?? '') === '') throw new Error('must specify a member cluster');
      const output = opts.output ?? '';
      if (output !== '' && output !== 'wide' && output !== 'name') throw new Error(`--output ${output} is not available`);
      if (opts.sortBy !== undefined && opts.sortBy !== 'name' && opts.sortBy !== 'kind') {
        throw new Error(`--sort-by accepts only name or kind`);
      }
      const config = globalFlags(command);
      const client =
        scope === 'members'
          ? createHttpClient(clusterProxyConfig(karmadaRestConfig(config), opts.cluster ?? ''), { userAgent: 'karmadactl', maxRetries: 0 })
          : karmadaClient(config);
      try {
        const flags: ApiResourcesFlags = { ...opts, noHeaders: opts.headers === false };
        process.stdout.write(renderApiResources(selectResources(await client.mapper.mappings(), flags), flags));
      } finally {
        client.close();
      }
    });
}
