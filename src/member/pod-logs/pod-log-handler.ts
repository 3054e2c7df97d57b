/**
 * `GET pods/{name}/log` on a simulated member: the container's simulated log lines (see
 * log-lines.ts), with kube-apiserver's and the kubelet's answers for the usual options
 * (container, follow, previous, sinceSeconds, sinceTime, timestamps, tailLines, limitBytes)
 * and their error messages (no container named, unknown container, waiting to start).
 */
import type { ApiServer } from '../../apiserver/api-server.js';
import type { ResourceRequest } from '../../apiserver/handlers/request-context.js';
import { sendText } from '../../apiserver/http-util.js';
import { badRequest, methodNotAllowed } from '../../apiserver/status-error.js';
import { parseTime } from '../simulator/object-util.js';
import { normalizeImage } from '../simulator/pod-status.js';
import type { ContainerStatus, Pod } from '../simulator/types.js';
import { formatLine, LOG_PERIOD_MS, logLines, periodicLine, renderLog, type ContainerRun } from './log-lines.js';

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    throw badRequest(`invalid value for ${name}: ${raw}`);
  }
  return n;
}

function boolParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  return raw === 'true' || raw === '1';
}

/** validateContainer: the named container, or the only one; else the upstream 400. */
export function chooseContainer(pod: Pod, requested: string): string {
  const name = pod.metadata.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const inits = (pod.spec?.initContainers ?? []).map((c) => c.name);
  if (requested === '') {
    if (containers.length === 1 && containers[0] !== undefined) {
      return containers[0];
    }
    const initText = inits.length > 0 ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initText}`);
  }
  if (!containers.includes(requested) && !inits.includes(requested)) {
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

/** The container's run from its status, or the kubelet's error when it has not started. */
export function containerRun(pod: Pod, container: string): ContainerRun {
  const statuses: ContainerStatus[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s) => s.name === container);
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container);
  const podName = pod.metadata.name ?? '';
  const running = status?.state?.['running'];
  const terminated = status?.state?.['terminated'];
  const image = normalizeImage(spec?.image ?? status?.image);
  if (running !== undefined) {
    return { pod: podName, container, image, startedAt: parseTime(running['startedAt']) ?? Date.now() };
  }
  if (terminated !== undefined) {
    const startedAt = parseTime(terminated['startedAt']) ?? Date.now();
    const exitCode = typeof terminated['exitCode'] === 'number' ? terminated['exitCode'] : 0;
    return { pod: podName, container, image, startedAt, finishedAt: parseTime(terminated['finishedAt']) ?? startedAt, exitCode };
  }
  const waiting = status?.state?.['waiting'];
  const reason = typeof waiting?.['reason'] === 'string' ? waiting['reason'] : 'ContainerCreating';
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
}

async function handlePodLog(r: ResourceRequest): Promise<void> {
  if (r.requestInfo.verb !== 'get') {
    throw methodNotAllowed();
  }
  const pod = (await r.ops.get(r.info, r.requestInfo.namespace, r.requestInfo.name)) as Pod;
  const container = chooseContainer(pod, r.query.get('container') ?? '');
  if (boolParam(r.query, 'previous')) {
    throw badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name ?? ''}" not found`);
  }
  if ((pod.spec?.nodeName ?? '') === '') {
    sendText(r.res, 200, ''); // not scheduled: kube-apiserver answers an empty stream
    return;
  }
  const run = containerRun(pod, container);
  const sinceSeconds = intParam(r.query, 'sinceSeconds');
  const sinceTime = parseTime(r.query.get('sinceTime') ?? undefined);
  const tailLines = intParam(r.query, 'tailLines');
  const limitBytes = intParam(r.query, 'limitBytes');
  const timestamps = boolParam(r.query, 'timestamps');
  const now = Date.now();
  const selection = {
    ...(sinceSeconds !== undefined ? { sinceMs: now - sinceSeconds * 1000 } : sinceTime !== undefined ? { sinceMs: sinceTime } : {}),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(limitBytes === undefined ? {} : { limitBytes }),
    timestamps,
  };
  const text = renderLog(logLines(run, now), selection);
  if (!boolParam(r.query, 'follow') || run.finishedAt !== undefined) {
    sendText(r.res, 200, text);
    return;
  }
  // Follow: keep the stream open and write each new line as its time comes.
  r.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Transfer-Encoding': 'chunked' });
  r.res.write(text);
  let next = Math.floor((now - run.startedAt) / LOG_PERIOD_MS) + 1;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const line = periodicLine(run, next);
      if (line.time <= Date.now()) {
        r.res.write(formatLine(line, timestamps));
        next++;
      }
    }, 1000);
    const done = (): void => {
      clearInterval(timer);
      r.res.end();
      resolve();
    };
    if (r.signal.aborted) {
      done();
    } else {
      r.signal.addEventListener('abort', done, { once: true });
    }
  });
}

/** Serves `pods/log` on the member's API server. */
export function registerPodLogs(server: ApiServer): void {
  server.addSubresourceHandler('', 'pods', 'log', handlePodLog);
}
