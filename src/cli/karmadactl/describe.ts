/**
 * `karmadactl describe RESOURCE NAME`: the object on the control plane (`--operation-scope
 * karmada`, default) or in one member cluster (`--operation-scope members --cluster NAME`),
 * described with kubectl's generic describer and the Events that involve it.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { timestampSince } from '../../apiserver/table/human-duration.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import { NoMatchError } from '../../client/rest-mapper.js';
import { describeObject, type DescribedEvent } from './describe-text.js';
import { globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';
import { parseOperationScope, scopeTargets } from './operation-scope.js';
import { parseGetArgs } from './get.js';

/** Flags of `karmadactl describe`. */
export interface DescribeFlags {
  readonly namespace?: string;
  readonly operationScope?: string;
  readonly cluster?: string;
}

const EVENTS: ResourceRef = { group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' };

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}

async function eventsFor(client: KubeClient, object: KubeObject): Promise<DescribedEvent[]> {
  const now = new Date();
  try {
    const list = await client.list(EVENTS, { namespace: object.metadata.namespace ?? 'default' });
    return list.items
      .filter((e) => {
        const inv = e['involvedObject'];
        return isPlainObject(inv) && (inv['uid'] === object.metadata.uid || (inv['name'] === object.metadata.name && inv['kind'] === object.kind));
      })
      .map((e) => {
        const src = e['source'];
        const from = str(e, 'reportingComponent') || (isPlainObject(src) ? str(src, 'component') : '');
        const last = e['lastTimestamp'] ?? e['eventTime'] ?? e.metadata.creationTimestamp;
        return { type: str(e, 'type'), reason: str(e, 'reason'), age: timestampSince(last, now), from, message: str(e, 'message') };
      });
  } catch {
    // Events are a courtesy; a member without them still describes the object.
    return [];
  }
}

/** Runs describe against one API server; returns the text. */
export async function describeOn(client: KubeClient, resource: string, names: readonly string[], namespace: string, cluster?: string): Promise<string> {
  let mapping;
  try {
    mapping = await client.mapper.resolveName(resource);
  } catch (err) {
    if (err instanceof NoMatchError) throw new Error(`the server doesn't have a resource type "${resource}"`);
    throw err;
  }
  const opts = mapping.namespaced ? { namespace } : {};
  const objects = names.length > 0 ? await Promise.all(names.map((n) => client.get(mapping, n, opts))) : (await client.list(mapping, opts)).items;
  const texts: string[] = [];
  for (const o of objects) {
    texts.push(
      describeObject(
        { ...o, apiVersion: o.apiVersion ?? `${mapping.group === '' ? '' : `${mapping.group}/`}${mapping.version}`, kind: o.kind ?? mapping.kind },
        await eventsFor(client, o),
        cluster,
      ),
    );
  }
  return texts.join('\n\n');
}

/** Registers `describe` on the program. */
export function registerDescribeCommand(program: Command): void {
  program
    .command('describe')
    .usage('(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)')
    .description('Show details of a specific resource or group of resources in Karmada control plane or a member cluster.')
    .argument('<args...>')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('--operation-scope <scope>', 'Used to control the operation scope of the command. The optional values are karmada and members.', 'karmada')
    .option('-C, --cluster <name>', "Used to specify a target member cluster and only takes effect when the command's operation scope is members.")
    .action(async (args: string[], flags: DescribeFlags, command: Command) => {
      const scope = parseOperationScope(flags.operationScope, ['karmada', 'members']);
      const { resource, names } = parseGetArgs(args);
      const config = globalFlags(command);
      const namespace = flags.namespace ?? karmadaRestConfig(config).namespace;
      const karmada = karmadaClient(config);
      try {
        if (scope === 'karmada') {
          process.stdout.write(await describeOn(karmada, resource, names, namespace));
          return;
        }
        if (flags.cluster === undefined || flags.cluster === '') {
          throw new Error('must specify a member cluster with --cluster when operation scope is members');
        }
        const { targets, close } = await scopeTargets(karmada, karmadaRestConfig(config), 'members', [flags.cluster]);
        try {
          const target = targets[0];
          if (target === undefined) throw new Error(`cluster(${flags.cluster}) does not exist`);
          process.stdout.write(await describeOn(target.client, resource, names, namespace, target.cluster));
        } finally {
          close();
        }
      } catch (err) {
        if (isNotFound(err)) throw new Error(`Error from server (NotFound): ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      } finally {
        karmada.close();
      }
    });
}
