/**
 * `karmadactl logs (POD | TYPE/NAME) [CONTAINER] -C CLUSTER`: kubectl logs against one member,
 * through the control plane's cluster proxy (Karmada's `pkg/karmadactl/logs`). Supports
 * `-c`, `--all-containers`, `-l` (every matching pod, 10 lines each unless `--tail`), `--tail`,
 * `--since`, `--since-time`, `--timestamps`, `--previous`, `--limit-bytes`, `--prefix` and `-f`.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import { globalFlags, karmadaRestConfig } from './karmada-config.js';
import { clusterProxyConfig } from './operation-scope.js';
import { rawResponseError, serverErrorText } from './server-error.js';
import { streamGet } from './stream-get.js';

/** Flags of `karmadactl logs`. */
export interface LogsFlags {
  readonly cluster?: string;
  readonly namespace?: string;
  readonly container?: string;
  readonly allContainers?: boolean;
  readonly selector?: string;
  readonly follow?: boolean;
  readonly previous?: boolean;
  readonly tail?: string;
  readonly since?: string;
  readonly sinceTime?: string;
  readonly timestamps?: boolean;
  readonly limitBytes?: string;
  readonly prefix?: boolean;
}

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] (-C CLUSTER)'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** Go's `time.ParseDuration` for the units kubectl users write (h, m, s, ms), in whole seconds rounded up. */
export function parseSince(value: string): number {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : n / 1000;
    consumed = re.lastIndex;
  }
  if (value === '' || consumed !== value.length) throw new Error(`invalid argument "${value}" for "--since" flag: time: invalid duration "${value}"`);
  return Math.ceil(total);
}

/** The query string of one `pods/NAME/log` request. */
export function logQuery(flags: LogsFlags, container: string, tailDefault?: number): string {
  const q = new URLSearchParams();
  if (container !== '') q.set('container', container);
  if (flags.follow === true) q.set('follow', 'true');
  if (flags.previous === true) q.set('previous', 'true');
  if (flags.timestamps === true) q.set('timestamps', 'true');
  const tail = flags.tail === undefined ? tailDefault : Number(flags.tail);
  if (tail !== undefined && Number.isFinite(tail) && tail >= 0) q.set('tailLines', String(tail));
  if (flags.since !== undefined) q.set('sinceSeconds', String(parseSince(flags.since)));
  if (flags.sinceTime !== undefined) q.set('sinceTime', flags.sinceTime);
  if (flags.limitBytes !== undefined) q.set('limitBytes', flags.limitBytes);
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.flatMap((c) => (isPlainObject(c) && typeof c['name'] === 'string' ? [c['name']] : [])) : [];
}

/** The containers of a pod in kubectl's order: init, regular, ephemeral. */
export function podContainers(pod: KubeObject): { init: string[]; regular: string[]; ephemeral: string[] } {
  const spec = isPlainObject(pod['spec']) ? pod['spec'] : {};
  return { init: names(spec['initContainers']), regular: names(spec['containers']), ephemeral: names(spec['ephemeralContainers']) };
}

/** kubectl's container choice when none is named: the default-container annotation, else the first (with a notice when there were others). */
export function defaultContainer(pod: KubeObject): { name: string; notice?: string } {
  const { init, regular, ephemeral } = podContainers(pod);
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated !== undefined && [...init, ...regular, ...ephemeral].includes(annotated)) return { name: annotated };
  const first = regular[0] ?? '';
  if (regular.length + init.length + ephemeral.length <= 1) return { name: first };
  const all = [...regular, ...ephemeral.map((c) => `${c} (ephem)`), ...init.map((c) => `${c} (init)`)];
  return { name: first, notice: `Defaulted container "${first}" out of: ${all.join(', ')}` };
}

/** The label selector of a workload, for TYPE/NAME arguments. */
function selectorOf(object: KubeObject): string {
  const spec = isPlainObject(object['spec']) ? object['spec'] : {};
  const selector = spec['selector'];
  const labels = isPlainObject(selector) ? (isPlainObject(selector['matchLabels']) ? selector['matchLabels'] : selector) : {};
  return Object.entries(labels)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Picks the pods the arguments name. */
async function targetPods(member: KubeClient, args: readonly string[], flags: LogsFlags, namespace: string, warn: (t: string) => void): Promise<KubeObject[]> {
  if (flags.selector !== undefined && flags.selector !== '') {
    return (await member.list(POD, { namespace, labelSelector: flags.selector })).items;
  }
  const first = args[0] ?? '';
  const slash = first.indexOf('/');
  const type = slash > 0 ? first.slice(0, slash) : 'pod';
  const name = slash > 0 ? first.slice(slash + 1) : first;
  const mapping = await member.mapper.resolveName(type);
  if (mapping.group === '' && mapping.resource === 'pods') return [await member.get(POD, name, { namespace })];
  const owner = await member.get(mapping, name, { namespace });
  const selector = selectorOf(owner);
  const pods = (await member.list(POD, { namespace, ...(selector === '' ? {} : { labelSelector: selector }) })).items
    .filter((p) => selector !== '' || p.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid) === true)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const running = pods.find((p) => isPlainObject(p['status']) && p['status']['phase'] === 'Running') ?? pods[0];
  if (running === undefined) throw new Error(`timed out waiting for the condition`);
  if (pods.length > 1) warn(`Found ${pods.length} pods, using pod/${running.metadata.name ?? ''}`);
  return [running];
}

/** Runs logs; returns the exit code. */
export async function runLogs(
  memberConfig: RestConfig,
  member: KubeClient,
  args: readonly string[],
  flags: LogsFlags & { namespace: string },
  io: { out: (t: string) => void; err: (t: string) => void },
): Promise<number> {
  const pods = await targetPods(member, args, flags, flags.namespace, io.err);
  const many = flags.selector !== undefined && flags.selector !== '';
  const tailDefault = many ? 10 : undefined;
  const requests: { pod: string; container: string }[] = [];
  for (const pod of pods) {
    const podName = pod.metadata.name ?? '';
    const named = flags.container ?? args[1];
    if (flags.allContainers === true) {
      const { init, regular, ephemeral } = podContainers(pod);
      for (const c of [...init, ...regular, ...ephemeral]) requests.push({ pod: podName, container: c });
    } else if (named !== undefined && named !== '') {
      requests.push({ pod: podName, container: named });
    } else {
      const chosen = defaultContainer(pod);
      if (chosen.notice !== undefined) io.err(chosen.notice);
      requests.push({ pod: podName, container: chosen.name });
    }
  }
  const withPrefix = flags.prefix === true;
  let code = 0;
  const fetchOne = async (r: { pod: string; container: string }): Promise<void> => {
    const path = `/api/v1/namespaces/${encodeURIComponent(flags.namespace)}/pods/${encodeURIComponent(r.pod)}/log${logQuery(flags, r.container, tailDefault)}`;
    const prefix = withPrefix ? `[pod/${r.pod}/${r.container}] ` : '';
    const emit = (text: string): void => io.out(prefix === '' ? text : text.replace(/^(?=.)/gm, prefix));
    if (flags.follow === true) {
      await streamGet(memberConfig, path, emit);
      return;
    }
    const res = await member.getRaw(path);
    if (res.statusCode < 200 || res.statusCode >= 300) throw rawResponseError(res.statusCode, res.body);
    emit(res.body);
  };
  if (flags.follow === true) {
    // Followed streams run side by side, as kubectl's parallel consumer does.
    await Promise.all(requests.map((r) => fetchOne(r)));
    return code;
  }
  for (const r of requests) {
    try {
      await fetchOne(r);
    } catch (err) {
      io.err(serverErrorText(err));
      code = 1;
    }
  }
  return code;
}

/** Registers `logs` on the program. */
export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .usage('[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] (-C CLUSTER)')
    .description('Print the logs for a container in a pod in a cluster')
    .argument('[args...]')
    .option('-C, --cluster <name>', 'Specify a member cluster')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('--all-containers', 'Get all containers logs in the pod(s).')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
    .option('-f, --follow', 'Specify if the logs should be streamed.')
    .option('-p, --previous', 'If true, print the logs for the previous instance of the container in a pod if it exists.')
    .option(
      '--tail <lines>',
      'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.',
    )
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h.')
    .option('--since-time <time>', 'Only return logs after a specific date (RFC3339).')
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .option('--limit-bytes <n>', 'Maximum bytes of logs to return. Defaults to no limit.')
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
    .action(async (args: string[], flags: LogsFlags, command: Command) => {
      if ((flags.cluster ?? '') === '') throw new Error('must specify a cluster');
      const hasSelector = (flags.selector ?? '') !== '';
      if (args.length === 0 && !hasSelector) throw new Error(USAGE);
      if (args.length === 1 && hasSelector) throw new Error('only a selector (-l) or a POD name is allowed');
      if (args.length > 2) throw new Error(USAGE);
      if (flags.since !== undefined && flags.sinceTime !== undefined) throw new Error('at most one of `sinceTime` or `sinceSeconds` may be specified');
      const config = globalFlags(command);
      const karmadaConfig = karmadaRestConfig(config);
      const memberConfig = clusterProxyConfig(karmadaConfig, flags.cluster ?? '');
      const member = createHttpClient(memberConfig, { userAgent: 'karmadactl', maxRetries: 0 });
      try {
        const code = await runLogs(
          memberConfig,
          member,
          args,
          { ...flags, namespace: flags.namespace ?? karmadaConfig.namespace },
          {
            out: (t) => void process.stdout.write(t),
            err: (t) => void process.stderr.write(`${t}\n`),
          },
        );
        if (code !== 0) process.exitCode = code;
      } catch (err) {
        process.stderr.write(`${serverErrorText(err)}\n`);
        process.exitCode = 1;
      } finally {
        member.close();
      }
    });
}
