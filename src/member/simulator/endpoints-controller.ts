/**
 * The endpoints and endpointslice controllers: for each Service with a selector, the pods it
 * selects that have an IP become its Endpoints (ready ones in `addresses`, others in
 * `notReadyAddresses`) and one EndpointSlice (conditions ready/serving/terminating), with
 * target ports resolved by number or container port name. Services without a selector are
 * left to their owners; Endpoints of deleted Services are removed.
 */
import type { KubeObject } from '../../api/object.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { objectKey } from '../../client/object-key.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import { canonicalJson, controllerReference, copy, timestamp } from './object-util.js';
import { isPodReady, isPodTerminal } from './pod-util.js';
import { ENDPOINTS, ENDPOINT_SLICES, SERVICES } from './refs.js';
import { safeEncode } from './template-hash.js';
import { fnv1a32 } from '../../scheduler/util/fnv.js';
import type { Pod, Service, ServicePort } from './types.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';

interface ResolvedPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  readonly appProtocol?: string;
}

/** The pod's port for a service port: a number, or a container port found by name (else none). */
export function resolveTargetPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') {
    return target;
  }
  if (/^\d+$/.test(target)) {
    return Number(target);
  }
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')) {
        return p.containerPort;
      }
    }
  }
  return undefined;
}

function selects(selector: Readonly<Record<string, string>>, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The pods behind a Service: selected, with an IP, not finished or being deleted. */
export function servicePods(service: Service, pods: readonly Pod[]): Pod[] {
  const selector = service.spec?.selector ?? {};
  return pods.filter((p) => selects(selector, p) && (p.status?.podIP ?? '') !== '' && !isPodTerminal(p) && p.metadata.deletionTimestamp === undefined);
}

function podPorts(service: Service, pod: Pod): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of service.spec?.ports ?? []) {
    const port = resolveTargetPort(pod, sp);
    if (port !== undefined) {
      out.push({ ...(sp.name === undefined || sp.name === '' ? {} : { name: sp.name }), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }) });
    }
  }
  return out;
}

function address(pod: Pod): Record<string, unknown> {
  return {
    ip: pod.status?.podIP ?? '',
    ...((pod.spec?.nodeName ?? '') === '' ? {} : { nodeName: pod.spec?.nodeName }),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
  };
}

/** Endpoints subsets grouped by resolved port set, as RepackSubsets leaves them. */
export function endpointSubsets(service: Service, pods: readonly Pod[]): Record<string, unknown>[] {
  const groups = new Map<string, { ports: ResolvedPort[]; ready: Pod[]; notReady: Pod[] }>();
  const tolerateUnready = service.spec?.publishNotReadyAddresses === true;
  for (const pod of pods) {
    const ports = podPorts(service, pod);
    const key = canonicalJson(ports);
    let group = groups.get(key);
    if (group === undefined) {
      group = { ports, ready: [], notReady: [] };
      groups.set(key, group);
    }
    (isPodReady(pod) || tolerateUnready ? group.ready : group.notReady).push(pod);
  }
  const byIp = (a: Pod, b: Pod): number => ((a.status?.podIP ?? '') < (b.status?.podIP ?? '') ? -1 : 1);
  return [...groups.values()].map((g) => ({
    ...(g.ready.length > 0 ? { addresses: g.ready.sort(byIp).map(address) } : {}),
    ...(g.notReady.length > 0 ? { notReadyAddresses: g.notReady.sort(byIp).map(address) } : {}),
    ...(g.ports.length > 0 ? { ports: g.ports } : {}),
  }));
}

/** A stable generated-looking name for the Service's slice: `<service>-<5 chars>`. */
export function sliceName(service: Service): string {
  const base = (service.metadata.name ?? '').slice(0, 57);
  return `${base}-${safeEncode(String(fnv1a32(service.metadata.uid ?? ''))).slice(0, 5)}`;
}

export class EndpointsController {
  readonly controller: Controller;

  constructor(private readonly ctx: SimulatorContext) {
    this.controller = new Controller({ name: 'endpoints', reconciler: this, clock: ctx.clock, logger: ctx.logger, workers: 2 });
    const { services, pods } = ctx.informers;
    this.controller.watch(services);
    this.controller.watch(pods, {
      map: (e) => {
        // Only changes that matter to endpoints: labels, IP, readiness, phase, existence.
        if (e.type === 'update' && e.oldObject !== undefined) {
          const before = e.oldObject;
          const after = e.object;
          const same =
            canonicalJson(before.metadata.labels) === canonicalJson(after.metadata.labels) &&
            before.status?.podIP === after.status?.podIP &&
            isPodReady(before) === isPodReady(after) &&
            before.status?.phase === after.status?.phase &&
            before.metadata.deletionTimestamp === after.metadata.deletionTimestamp;
          if (same) {
            return [];
          }
        }
        const namespace = e.object.metadata.namespace ?? '';
        const labelsNow = e.object.metadata.labels ?? {};
        const labelsBefore = e.oldObject?.metadata.labels ?? {};
        return services.cache
          .listByNamespace(namespace)
          .filter((s) => s.spec?.selector !== undefined && (selects(s.spec.selector, { metadata: { labels: labelsNow } }) || selects(s.spec.selector, { metadata: { labels: labelsBefore } })))
          .map(objectKey);
      },
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const [namespace = '', name = ''] = key.split('/');
    const service = this.ctx.informers.services.cache.get(key);
    try {
      if (service === undefined) {
        await this.deleteEndpoints(namespace, name);
        return;
      }
      const selector = service.spec?.selector;
      if (selector === undefined || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') {
        return;
      }
      const pods = servicePods(service, this.ctx.informers.pods.cache.listByNamespace(namespace));
      await this.syncEndpoints(service, pods);
      await this.syncSlice(service, pods);
    } catch (err) {
      if (isConflict(err)) {
        return { requeue: true };
      }
      throw err;
    }
  }

  private async syncEndpoints(service: Service, pods: readonly Pod[]): Promise<void> {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const subsets = endpointSubsets(service, pods);
    const labels = { ...(service.metadata.labels ?? {}) };
    let current: KubeObject | undefined;
    try {
      current = await this.ctx.client.get(ENDPOINTS, name, { namespace });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
    const now = timestamp(this.ctx.clock.now());
    if (current === undefined) {
      const endpoints: KubeObject = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': now } },
        ...(subsets.length > 0 ? { subsets } : {}),
      };
      try {
        await this.ctx.client.create(ENDPOINTS, endpoints, { namespace });
        return;
      } catch (err) {
        if (!isAlreadyExists(err)) {
          throw err;
        }
        current = await this.ctx.client.get(ENDPOINTS, name, { namespace });
      }
    }
    if (canonicalJson(current['subsets'] ?? []) === canonicalJson(subsets) && canonicalJson(current.metadata.labels ?? {}) === canonicalJson(labels)) {
      return;
    }
    const next = copy(current);
    next.metadata.labels = labels;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': now };
    if (subsets.length > 0) {
      next['subsets'] = subsets;
    } else {
      delete next['subsets'];
    }
    await this.ctx.client.update(ENDPOINTS, next);
  }

  private async syncSlice(service: Service, pods: readonly Pod[]): Promise<void> {
    const namespace = service.metadata.namespace ?? '';
    const name = sliceName(service);
    const ports = new Map<string, ResolvedPort>();
    for (const pod of pods) {
      for (const p of podPorts(service, pod)) {
        ports.set(p.name ?? '', ports.get(p.name ?? '') ?? p);
      }
    }
    const endpoints = [...pods]
      .sort((a, b) => ((a.status?.podIP ?? '') < (b.status?.podIP ?? '') ? -1 : 1))
      .map((pod) => {
        const ready = isPodReady(pod);
        return {
          addresses: [pod.status?.podIP ?? ''],
          conditions: { ready: ready || service.spec?.publishNotReadyAddresses === true, serving: ready, terminating: false },
          ...((pod.spec?.nodeName ?? '') === '' ? {} : { nodeName: pod.spec?.nodeName }),
          targetRef: { kind: 'Pod', namespace, name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
        };
      });
    const desired = {
      addressType: 'IPv4',
      endpoints,
      ports: [...ports.values()].map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol, ...(p.appProtocol === undefined ? {} : { appProtocol: p.appProtocol }) })),
    };
    const labels = { ...(service.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: service.metadata.name ?? '', [MANAGED_BY_LABEL]: MANAGED_BY };
    const cached = this.ctx.informers.endpointSlices.cache.get(`${namespace}/${name}`);
    if (cached === undefined) {
      const slice: KubeObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name, namespace, labels, ownerReferences: [controllerReference(service, SERVICES)] },
        ...desired,
      };
      try {
        await this.ctx.client.create(ENDPOINT_SLICES, slice, { namespace });
        return;
      } catch (err) {
        if (!isAlreadyExists(err)) {
          throw err;
        }
      }
    }
    const current = cached ?? (await this.ctx.client.get(ENDPOINT_SLICES, name, { namespace }));
    const same =
      canonicalJson({ addressType: current['addressType'], endpoints: current['endpoints'] ?? [], ports: current['ports'] ?? [] }) === canonicalJson(desired) &&
      canonicalJson(current.metadata.labels ?? {}) === canonicalJson(labels);
    if (same) {
      return;
    }
    const next = { ...copy(current), ...desired };
    next.metadata.labels = labels;
    await this.ctx.client.update(ENDPOINT_SLICES, next);
  }

  private async deleteEndpoints(namespace: string, name: string): Promise<void> {
    try {
      await this.ctx.client.delete(ENDPOINTS, name, { namespace });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }
}
