/**
 * The work status controller (`pkg/controllers/status/work_status_controller.go`): watches the
 * objects Karmada applied in members (one informer per cluster and kind in use, selecting
 * `karmada.io/managed=true`) and records each one's status (interpreter InterpretStatus) and
 * health (InterpretHealth) in its Work's `status.manifestStatuses`. It also heals members: an
 * applied object deleted or changed behind Karmada's back is re-applied from the Work.
 */
import type { Registry } from 'prom-client';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { ManifestStatus, ResourceIdentifier, Work } from '../../api/work/work.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { objectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import { CLUSTER_REF, WORK_REF } from '../shared/binding-types.js';
import { REASON_INTERPRET_HEALTH_FAILED, REASON_REFLECT_STATUS_FAILED } from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import type { MemberClientSource } from '../shared/member-client-source.js';
import { clusterOfExecutionSpace, executionSpaceName } from '../shared/names.js';
import { deepEqual, errorMessage, groupOf, versionOf } from '../shared/object-util.js';
import { MANAGED_BY_KARMADA_LABEL, MANAGED_BY_KARMADA_VALUE, WORK_NAME_ANNOTATION, WORK_NAMESPACE_ANNOTATION } from '../shared/well-known.js';
import { applyManifest } from '../execution/apply-work.js';
import { isClusterReady, templateOfManifest } from '../execution/execution-controller.js';
import { VersionRecord } from '../execution/version-record.js';

/** Options of the work status controller. */
export interface WorkStatusControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly memberClients: MemberClientSource;
  readonly interpreter: ResourceInterpreter;
  /** Shared with the execution controller: what it last wrote. */
  readonly versions?: VersionRecord;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
  readonly workers?: number;
  /**
   * How long a changed member object waits before its status is reflected (default 500 ms):
   * changes within that window collapse into one Work status patch, as repeated keys do in
   * client-go's rate-limited queues. A member Deployment typically changes status four or five
   * times within a second of being applied (ReplicaSet, pods created, pods ready).
   */
  readonly reflectDelayMs?: number;
}

/** Default of WorkStatusControllerOptions.reflectDelayMs. */
export const DEFAULT_REFLECT_DELAY_MS = 500;

interface MemberSource {
  readonly cluster: string;
  readonly ref: ResourceRef;
  readonly informer: Informer;
}

const SEP = '|';
const MANIFEST_INDEX = 'workstatus/manifest';

function memberKey(cluster: string, apiVersion: string, kind: string, namespace: string, name: string): string {
  return [cluster, apiVersion, kind, namespace, name].join(SEP);
}

function sourceKey(cluster: string, apiVersion: string, kind: string): string {
  return [cluster, apiVersion, kind].join(SEP);
}

/** The work status controller's Runnable. */
export class WorkStatusController implements Runnable {
  readonly controller: Controller;
  private readonly client: KubeClient;
  private readonly members: MemberClientSource;
  private readonly interpreter: ResourceInterpreter;
  private readonly versions: VersionRecord;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly works: Informer<Work>;
  private readonly clusters: Informer<Cluster>;
  private readonly sources = new Map<string, MemberSource>();
  private readonly pending = new Set<string>();
  private readonly reflectDelayMs: number;
  private stopped = false;

  constructor(options: WorkStatusControllerOptions) {
    this.client = options.client;
    this.members = options.memberClients;
    this.interpreter = options.interpreter;
    this.versions = options.versions ?? new VersionRecord();
    this.recorder = options.recorder ?? noopEventRecorder;
    this.logger = options.logger ?? noopLogger;
    this.clock = options.clock ?? realClock;
    this.reflectDelayMs = options.reflectDelayMs ?? DEFAULT_REFLECT_DELAY_MS;
    this.works = options.informers.informerFor<Work>(WORK_REF);
    this.clusters = options.informers.informerFor<Cluster>(CLUSTER_REF);
    try {
      this.works.addIndexers({
        [MANIFEST_INDEX]: (w) => {
          const cluster = clusterOfExecutionSpace(w.metadata.namespace ?? '') ?? '';
          return (w.spec.workload?.manifests ?? []).map((m) =>
            memberKey(cluster, m.apiVersion ?? '', m.kind ?? '', m.metadata.namespace ?? '', m.metadata.name ?? ''),
          );
        },
      });
    } catch {
      // Another instance on the same factory already added it.
    }
    this.controller = new Controller({
      name: 'workStatus',
      workers: options.workers ?? 5,
      reconciler: { reconcile: (key) => this.reconcile(key) },
      clock: this.clock,
      logger: this.logger,
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    })
      .watch(this.works, {
        map: (e) => {
          if (e.type !== 'delete') void this.ensureSources(e.object);
          // A manifest added to a Work is reflected once its object shows up; re-reflect on spec changes.
          if (e.type === 'update' && e.oldObject?.metadata.generation === e.object.metadata.generation) return [];
          return this.memberKeysOf(e.object);
        },
      })
      .watch(this.clusters, {
        map: (e) => {
          if (e.type === 'delete') this.stopCluster(e.object.metadata.name ?? '');
          else if (e.type === 'update' && isClusterReady(e.object) && (e.oldObject === undefined || !isClusterReady(e.oldObject))) {
            for (const w of this.works.cache.listByNamespace(executionSpaceName(e.object.metadata.name ?? ''))) void this.ensureSources(w);
          }
          return [];
        },
      });
  }

  async start(signal: AbortSignal): Promise<void> {
    // Member informers follow the Works; look at every Work once both caches are loaded, then now and then.
    const ensureAll = (): void => {
      for (const w of this.works.cache.list()) void this.ensureSources(w);
    };
    void Promise.all([this.works.waitForSync(signal), this.clusters.waitForSync(signal)]).then(() => ensureAll());
    const timer = setInterval(ensureAll, 30_000);
    timer.unref();
    try {
      await this.controller.start(signal);
    } finally {
      clearInterval(timer);
      this.stopped = true;
      await Promise.all([...this.sources.values()].map((s) => s.informer.stop()));
      this.sources.clear();
    }
  }

  private memberKeysOf(work: Work): string[] {
    const cluster = clusterOfExecutionSpace(work.metadata.namespace ?? '');
    if (cluster === undefined) return [];
    return (work.spec.workload?.manifests ?? []).map((m) =>
      memberKey(cluster, m.apiVersion ?? '', m.kind ?? '', m.metadata.namespace ?? '', m.metadata.name ?? ''),
    );
  }

  /** Starts member informers for the kinds a Work carries (in the background; retried on the next Work event). */
  private async ensureSources(work: Work): Promise<void> {
    const cluster = clusterOfExecutionSpace(work.metadata.namespace ?? '');
    if (cluster === undefined || this.stopped || work.metadata.deletionTimestamp !== undefined) return;
    const clusterObj = this.clusters.cache.getByName(undefined, cluster);
    if (clusterObj === undefined || clusterObj.spec.syncMode === 'Pull' || !isClusterReady(clusterObj)) return;
    for (const manifest of work.spec.workload?.manifests ?? []) {
      const key = sourceKey(cluster, manifest.apiVersion ?? '', manifest.kind ?? '');
      if (this.sources.has(key) || this.pending.has(key)) continue;
      this.pending.add(key);
      try {
        const member = await this.members.get(cluster);
        const ref = await member.resolve({ apiVersion: manifest.apiVersion ?? '', kind: manifest.kind ?? '' });
        if (this.stopped || this.sources.has(key)) continue;
        const informer = new Informer(member, ref, {
          labelSelector: `${MANAGED_BY_KARMADA_LABEL}=${MANAGED_BY_KARMADA_VALUE}`,
          clock: this.clock,
          logger: this.logger,
        });
        const keyOf = (obj: KubeObject): string =>
          memberKey(cluster, manifest.apiVersion ?? '', manifest.kind ?? '', obj.metadata.namespace ?? '', obj.metadata.name ?? '');
        // Status changes wait a little so that a burst of them is reflected once; a deletion is healed at once.
        const enqueueLater = (obj: KubeObject): void => this.controller.enqueueAfter(keyOf(obj), this.reflectDelayMs);
        informer.addEventHandler({ onAdd: enqueueLater, onUpdate: (_o, n) => enqueueLater(n), onDelete: (obj) => this.controller.enqueue(keyOf(obj)) });
        this.sources.set(key, { cluster, ref, informer });
        informer.start();
      } catch (err) {
        this.logger.warn({ err, cluster, kind: manifest.kind }, 'workStatus: cannot watch member objects yet');
      } finally {
        this.pending.delete(key);
      }
    }
  }

  private stopCluster(cluster: string): void {
    for (const [key, source] of this.sources) {
      if (source.cluster !== cluster) continue;
      this.sources.delete(key);
      void source.informer.stop();
    }
    this.versions.forgetCluster(cluster);
  }

  private async reconcile(key: string): Promise<void> {
    const [cluster = '', apiVersion = '', kind = '', namespace = '', name = ''] = key.split(SEP);
    const source = this.sources.get(sourceKey(cluster, apiVersion, kind));
    if (source === undefined) return;
    const obj = source.informer.cache.getByName(namespace, name);
    const work = this.workFor(key, obj);
    if (work === undefined || work.metadata.deletionTimestamp !== undefined) return;
    const index = (work.spec.workload?.manifests ?? []).findIndex(
      (m) => m.apiVersion === apiVersion && m.kind === kind && (m.metadata.namespace ?? '') === namespace && m.metadata.name === name,
    );
    const manifest = work.spec.workload?.manifests?.[index];
    if (manifest === undefined) return;
    const suspended = work.spec.suspendDispatching === true;
    const clusterObj = this.clusters.cache.getByName(undefined, cluster);
    const canHeal = !suspended && clusterObj !== undefined && isClusterReady(clusterObj) && work.status?.conditions?.some((c) => c.type === 'Applied') === true;
    if (obj === undefined) {
      // Deleted in the member while the Work still wants it: recreate.
      if (canHeal) await applyManifest(manifest, await this.members.get(cluster), this.interpreter, { clusterName: cluster, versions: this.versions });
      return;
    }
    if (canHeal && this.versions.needsUpdate(cluster, obj)) {
      await applyManifest(manifest, await this.members.get(cluster), this.interpreter, { clusterName: cluster, versions: this.versions });
    }
    await this.reflect(work, index, source.ref, obj, manifest);
  }

  /** The Work that applied obj: by its annotations, else by the manifest index. */
  private workFor(key: string, obj: KubeObject | undefined): Work | undefined {
    const ns = obj?.metadata.annotations?.[WORK_NAMESPACE_ANNOTATION];
    const name = obj?.metadata.annotations?.[WORK_NAME_ANNOTATION];
    if (ns !== undefined && name !== undefined) return this.works.cache.getByName(ns, name);
    return this.works.cache.byIndex(MANIFEST_INDEX, key)[0];
  }

  private async reflect(work: Work, ordinal: number, ref: ResourceRef, obj: KubeObject, manifest: KubeObject): Promise<void> {
    const type = { apiVersion: obj.apiVersion ?? manifest.apiVersion ?? '', kind: obj.kind ?? manifest.kind ?? '' };
    const typed = { ...obj, apiVersion: type.apiVersion, kind: type.kind };
    let status: unknown;
    try {
      status = await this.interpreter.reflectStatus(typed);
    } catch (err) {
      this.recorder.event(templateOfManifest(manifest), 'Warning', REASON_REFLECT_STATUS_FAILED, `Reflect status failed: ${errorMessage(err)}`);
      throw err;
    }
    let health: ManifestStatus['health'] = 'Unknown';
    if (this.interpreter.hookEnabled(type, 'InterpretHealth')) {
      try {
        health = (await this.interpreter.interpretHealth(typed)) ? 'Healthy' : 'Unhealthy';
      } catch (err) {
        this.recorder.event(templateOfManifest(manifest), 'Warning', REASON_INTERPRET_HEALTH_FAILED, `Interpret health failed: ${errorMessage(err)}`);
      }
    }
    const identifier: ResourceIdentifier = {
      ordinal,
      group: groupOf(type.apiVersion),
      version: versionOf(type.apiVersion),
      kind: type.kind,
      resource: ref.resource,
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name ?? '',
    };
    const entry: ManifestStatus = { identifier, ...(status === undefined || status === null ? {} : { status }), health };
    const existing = work.status?.manifestStatuses ?? [];
    const i = existing.findIndex((s) => deepEqual(s.identifier, identifier));
    if (i >= 0 && deepEqual(existing[i], entry)) return;
    const next = i >= 0 ? existing.map((s, j) => (j === i ? entry : s)) : [...existing, entry];
    try {
      await this.client.patch(
        WORK_REF,
        work.metadata.name ?? '',
        { status: { manifestStatuses: next } },
        { type: 'merge', subresource: 'status', namespace: work.metadata.namespace ?? '' },
      );
    } catch (err) {
      if (isNotFound(err)) return;
      throw new Error(`update status of work ${objectKey(work)}: ${errorMessage(err)}`);
    }
  }
}
