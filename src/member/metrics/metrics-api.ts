/**
 * metrics.k8s.io/v1beta1 on a simulated member (what metrics-server serves): PodMetrics for
 * running pods and NodeMetrics for nodes, from the simulated usage model, so `kubectl top` and
 * autoscalers reading the resource metrics API work against a member. Read-only (get, list).
 */
import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { ApiServer } from '../../apiserver/api-server.js';
import { sendList, sendObject } from '../../apiserver/handlers/output.js';
import type { ResourceRequest } from '../../apiserver/handlers/request-context.js';
import { methodNotAllowed, notFound } from '../../apiserver/status-error.js';
import type { SimulatorInformers } from '../simulator/context.js';
import { timestamp } from '../simulator/object-util.js';
import type { Node, Pod } from '../simulator/types.js';
import { addUsage, containerUsage, SYSTEM_USAGE, usageQuantities, type Usage } from './usage.js';

const GROUP = 'metrics.k8s.io';
const VERSION = 'v1beta1';
/** metrics-server's scrape resolution; usage is reported over this window. */
const WINDOW_MS = 15_000;

function metricsInfo(kind: string, resource: string, namespaced: boolean): ResourceInfo {
  return { group: GROUP, version: VERSION, kind, resource, singular: '', listKind: `${kind}List`, namespaced, builtin: false, verbs: ['get', 'list'] };
}

/** The metrics.k8s.io resources, for the member's catalog (discovery). */
export const METRICS_RESOURCES: readonly ResourceInfo[] = [metricsInfo('NodeMetrics', 'nodes', false), metricsInfo('PodMetrics', 'pods', true)];

function scrapeTime(now: number): { timestamp: string; window: string; creationTimestamp: string } {
  return { timestamp: timestamp(Math.floor(now / WINDOW_MS) * WINDOW_MS), window: `${WINDOW_MS / 1000}s`, creationTimestamp: timestamp(now) };
}

/** Pods that report metrics: running on a node. */
function measured(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && (pod.spec?.nodeName ?? '') !== '';
}

export function podMetrics(pod: Pod, now: number): KubeObject {
  const t = scrapeTime(now);
  return {
    kind: 'PodMetrics',
    apiVersion: `${GROUP}/${VERSION}`,
    metadata: { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', creationTimestamp: t.creationTimestamp, labels: { ...(pod.metadata.labels ?? {}) } },
    timestamp: t.timestamp,
    window: t.window,
    containers: (pod.spec?.containers ?? []).map((c) => ({ name: c.name, usage: usageQuantities(containerUsage(pod, c)) })),
  };
}

export function nodeMetrics(node: Node, pods: readonly Pod[], now: number): KubeObject {
  const t = scrapeTime(now);
  let usage: Usage = SYSTEM_USAGE;
  for (const pod of pods) {
    if (measured(pod) && pod.spec?.nodeName === node.metadata.name) {
      for (const c of pod.spec?.containers ?? []) {
        usage = addUsage(usage, containerUsage(pod, c));
      }
    }
  }
  return {
    kind: 'NodeMetrics',
    apiVersion: `${GROUP}/${VERSION}`,
    metadata: { name: node.metadata.name ?? '', creationTimestamp: t.creationTimestamp, labels: { ...(node.metadata.labels ?? {}) } },
    timestamp: t.timestamp,
    window: t.window,
    usage: usageQuantities(usage),
  };
}

function selectorOptions(r: ResourceRequest): { labelSelector?: string; fieldSelector?: string } {
  const labelSelector = r.query.get('labelSelector');
  const fieldSelector = r.query.get('fieldSelector');
  return { ...(labelSelector === null ? {} : { labelSelector }), ...(fieldSelector === null ? {} : { fieldSelector }) };
}

function respond(r: ResourceRequest, objects: readonly KubeObject[], notFoundAs: string): void {
  if (r.requestInfo.verb === 'get') {
    const object = objects.find((o) => o.metadata.name === r.requestInfo.name);
    if (object === undefined) {
      throw notFound({ group: GROUP, resource: notFoundAs }, r.requestInfo.name);
    }
    sendObject(r, 200, object);
    return;
  }
  if (r.requestInfo.verb !== 'list') {
    throw methodNotAllowed();
  }
  const filter = r.ops.filter(r.info, selectorOptions(r));
  sendList(r, filter === undefined ? [...objects] : objects.filter(filter), { resourceVersion: '' });
}

/** Serves metrics.k8s.io pods and nodes from the simulator's caches. */
export function registerMetricsApi(server: ApiServer, informers: SimulatorInformers): void {
  server.addSubresourceHandler(GROUP, 'pods', '', async (r) => {
    const now = Date.now();
    const namespace = r.requestInfo.namespace;
    const pods = namespace === '' ? informers.pods.cache.list() : informers.pods.cache.listByNamespace(namespace);
    respond(r, pods.filter(measured).map((p) => podMetrics(p, now)), 'podmetrics');
  });
  server.addSubresourceHandler(GROUP, 'nodes', '', async (r) => {
    const now = Date.now();
    const pods = informers.pods.cache.list();
    respond(r, informers.nodes.cache.list().map((n) => nodeMetrics(n, pods, now)), 'nodemetrics');
  });
}
