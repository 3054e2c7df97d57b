/**
 * The execution controller (`pkg/controllers/execution`): applies each Work of a push cluster to
 * that member and records the `Applied` (and `Dispatching`) conditions; when a Work is deleted, its
 * member objects are removed (or preserved) before the Work's finalizer is released.
 */
import type { Registry } from 'prom-client';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { Condition } from '../../api/policy/kube-core.js';
import type { Work } from '../../api/work/work.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { objectKey, splitObjectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { CLUSTER_REF, WORK_REF } from '../shared/binding-types.js';
import { findCondition, isConditionTrue, setCondition } from '../shared/conditions.js';
import { REASON_SYNC_WORKLOAD_FAILED, REASON_SYNC_WORKLOAD_SUCCEED, REASON_WORK_DISPATCHING } from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import type { MemberClientSource } from '../shared/member-client-source.js';
import { clusterOfExecutionSpace, executionSpaceName } from '../shared/names.js';
import { errorMessage } from '../shared/object-util.js';
import { EXECUTION_CONTROLLER_FINALIZER, PROPAGATION_INSTRUCTION_LABEL, RESOURCE_TEMPLATE_UID_ANNOTATION } from '../shared/well-known.js';
import { applyWork, deleteWorkResources } from './apply-work.js';
import { VersionRecord } from './version-record.js';

/** Condition reasons and messages of the execution controller. */
export const WORK_SUSPEND_DISPATCHING_MESSAGE = 'Work dispatching is in a suspended state.';
export const WORK_DISPATCHING_MESSAGE = 'Work is being dispatched to member clusters.';

/** Options of the execution controller. */
export interface ExecutionControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly memberClients: MemberClientSource;
  readonly interpreter: ResourceInterpreter;
  /** Shared with the work status controller (self-healing of member objects). */
  readonly versions?: VersionRecord;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
  readonly workers?: number;
  /** Delay before retrying a Work whose cluster is not ready (default 10 s). */
  readonly notReadyRetryMs?: number;
}

/** True when the cluster's Ready condition is True. */
export function isClusterReady(cluster: Cluster): boolean {
  return isConditionTrue(cluster.status?.conditions, 'Ready');
}

/** The template an applied manifest comes from, as an event subject. */
export function templateOfManifest(manifest: KubeObject): { apiVersion?: string; kind?: string; metadata: { name?: string; namespace?: string; uid?: string } } {
  const uid = manifest.metadata.annotations?.[RESOURCE_TEMPLATE_UID_ANNOTATION];
  return {
    ...(manifest.apiVersion === undefined ? {} : { apiVersion: manifest.apiVersion }),
    ...(manifest.kind === undefined ? {} : { kind: manifest.kind }),
    metadata: {
      ...(manifest.metadata.name === undefined ? {} : { name: manifest.metadata.name }),
      ...(manifest.metadata.namespace === undefined ? {} : { namespace: manifest.metadata.namespace }),
      ...(uid === undefined || uid === '' ? {} : { uid }),
    },
  };
}

/** The execution controller's Runnable. */
export class ExecutionController implements Runnable {
  readonly controller: Controller;
  readonly versions: VersionRecord;
  private readonly client: KubeClient;
  private readonly members: MemberClientSource;
  private readonly interpreter: ResourceInterpreter;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly notReadyRetryMs: number;
  private readonly works: Informer<Work>;
  private readonly clusters: Informer<Cluster>;

  constructor(options: ExecutionControllerOptions) {
    this.client = options.client;
    this.members = options.memberClients;
    this.interpreter = options.interpreter;
    this.versions = options.versions ?? new VersionRecord();
    this.recorder = options.recorder ?? noopEventRecorder;
    this.logger = options.logger ?? noopLogger;
    this.clock = options.clock ?? realClock;
    this.notReadyRetryMs = options.notReadyRetryMs ?? 10_000;
    this.works = options.informers.informerFor<Work>(WORK_REF);
    this.clusters = options.informers.informerFor<Cluster>(CLUSTER_REF);
    this.controller = new Controller({
      name: 'execution',
      workers: options.workers ?? 5,
      reconciler: { reconcile: (key) => this.reconcile(key) },
      clock: this.clock,
      logger: this.logger,
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    })
      .watch(this.works, {
        predicates: [
          (e) =>
            e.type !== 'update' ||
            e.oldObject?.metadata.generation !== e.object.metadata.generation ||
            e.oldObject?.metadata.deletionTimestamp !== e.object.metadata.deletionTimestamp,
        ],
      })
      .watch(this.clusters, {
        // A cluster that becomes ready gets its Works applied.
        map: (e) => {
          if (e.type === 'update' && isClusterReady(e.object) && (e.oldObject === undefined || !isClusterReady(e.oldObject))) {
            return this.works.cache.listByNamespace(executionSpaceName(e.object.metadata.name ?? '')).map((w) => objectKey(w));
          }
          if (e.type === 'delete') this.versions.forgetCluster(e.object.metadata.name ?? '');
          return [];
        },
      });
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  private async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitObjectKey(key);
    const work = this.works.cache.getByName(namespace, name);
    if (work === undefined) return;
    const clusterName = clusterOfExecutionSpace(namespace);
    if (clusterName === undefined) return;
    if (work.metadata.labels?.[PROPAGATION_INSTRUCTION_LABEL] === 'suppressed') return;
    const cluster = this.clusters.cache.getByName(undefined, clusterName);
    if (cluster !== undefined && cluster.spec.syncMode === 'Pull') return; // The agent in the member applies it.
    if (work.metadata.deletionTimestamp !== undefined) {
      if (!(work.metadata.finalizers ?? []).includes(EXECUTION_CONTROLLER_FINALIZER)) return;
      if (cluster !== undefined && cluster.metadata.deletionTimestamp === undefined) {
        if (!isClusterReady(cluster)) return { requeueAfterMs: this.notReadyRetryMs };
        await deleteWorkResources(work, await this.members.get(clusterName), { clusterName, versions: this.versions });
      }
      await this.removeFinalizer(work);
      return;
    }
    if (cluster === undefined) throw new Error(`cluster ${clusterName} not found`);
    const suspended = work.spec.suspendDispatching === true;
    const current = await this.setConditions(
      work,
      suspended
        ? [{ type: 'Dispatching', status: 'False', reason: 'SuspendDispatching', message: WORK_SUSPEND_DISPATCHING_MESSAGE }]
        : [{ type: 'Dispatching', status: 'True', reason: 'Dispatching', message: WORK_DISPATCHING_MESSAGE }],
    );
    if (suspended) return;
    if (!isClusterReady(cluster)) {
      this.logger.debug({ work: key, cluster: clusterName }, 'execution: cluster not ready');
      return { requeueAfterMs: this.notReadyRetryMs };
    }
    const member = await this.members.get(clusterName);
    const result = await applyWork(work, member, this.interpreter, { clusterName, versions: this.versions });
    const manifests = work.spec.workload?.manifests ?? [];
    result.manifests.forEach((outcome, i) => {
      const manifest = manifests[i];
      if (manifest === undefined) return;
      const ns = manifest.metadata.namespace ?? '';
      if ('error' in outcome) {
        this.recorder.event(templateOfManifest(manifest), 'Warning', REASON_SYNC_WORKLOAD_FAILED, `Failed to create or update resource(${ns === '' ? '' : `${ns}/`}${manifest.metadata.name ?? ''}) in member cluster(${clusterName}): ${outcome.error}`);
      } else if (outcome.result !== 'unchanged') {
        this.recorder.event(templateOfManifest(manifest), 'Normal', REASON_SYNC_WORKLOAD_SUCCEED, `Successfully applied resource(${ns}/${manifest.metadata.name ?? ''}) to cluster ${clusterName}`);
      }
    });
    await this.setConditions(current, [
      result.applied
        ? { type: 'Applied', status: 'True', reason: 'AppliedSuccessful', message: result.message }
        : { type: 'Applied', status: 'False', reason: 'AppliedFailed', message: result.message },
    ]);
    if (!result.applied) {
      const message = `Failed to sync work(${key}) to cluster(${clusterName}), err: ${result.message}`;
      this.recorder.event(work, 'Warning', REASON_SYNC_WORKLOAD_FAILED, message);
      throw new Error(message);
    }
  }

  /** Sets conditions through the status subresource when they changed; returns the Work to continue with. */
  private async setConditions(work: Work, conditions: Condition[]): Promise<Work> {
    let next = work.status?.conditions;
    let changed = false;
    for (const c of conditions) {
      const existing = findCondition(next, c.type);
      if (existing?.status === c.status && existing.reason === c.reason && existing.message === c.message) continue;
      next = setCondition(next, c, this.clock.now());
      changed = true;
      if (c.type === 'Dispatching' && existing?.status !== c.status) this.recorder.event(work, 'Normal', REASON_WORK_DISPATCHING, c.message ?? '');
    }
    if (!changed) return work;
    try {
      return await this.client.patch<Work>(WORK_REF, work.metadata.name ?? '', { status: { conditions: next } }, { type: 'merge', subresource: 'status', namespace: work.metadata.namespace ?? '' });
    } catch (err) {
      if (isNotFound(err)) return work;
      throw new Error(`update status of work ${objectKey(work)}: ${errorMessage(err)}`);
    }
  }

  private async removeFinalizer(work: Work): Promise<void> {
    const finalizers = work.metadata.finalizers ?? [];
    try {
      await this.client.patch(
        WORK_REF,
        work.metadata.name ?? '',
        { metadata: { resourceVersion: work.metadata.resourceVersion, finalizers: finalizers.filter((f) => f !== EXECUTION_CONTROLLER_FINALIZER) } },
        { type: 'merge', namespace: work.metadata.namespace ?? '' },
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
