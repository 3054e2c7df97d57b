/**
 * The scheduler controller: feeds ResourceBindings and ClusterResourceBindings to the pure
 * scheduler (`src/scheduler/core`) and writes the outcome back — `spec.clusters` and the
 * applied-placement annotation, then the `Scheduled` condition, `schedulerObservedGeneration`,
 * `lastScheduledTime` and the observed affinity term — with Karmada's triggers and no churn.
 */
import type { Registry } from 'prom-client';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Condition } from '../../api/policy/kube-core.js';
import type { ResourceBindingStatus, TargetCluster } from '../../api/work/resource-binding.js';
import { isConflict, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { objectKey, splitObjectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { AccurateEstimator } from '../../estimator/accurate-estimator.js';
import { CapacityLedger } from '../../scheduler/estimator/capacity-ledger.js';
import { Scheduler, type SchedulerOptions } from '../../scheduler/core/scheduler.js';
import type { Runnable } from '../runtime/controller.js';
import { CLUSTER_REF, CRB_REF, RB_REF, bindingRef, type AnyBinding } from '../shared/binding-types.js';
import { rfc3339, setCondition } from '../shared/conditions.js';
import { REASON_SCHEDULE_BINDING_FAILED, REASON_SCHEDULE_BINDING_SUCCEED } from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import { deepEqual, errorMessage } from '../shared/object-util.js';
import { POLICY_PLACEMENT_ANNOTATION } from '../shared/well-known.js';
import { isSchedulable, scheduleType } from './schedule-trigger.js';
import { SchedulingQueue } from './scheduling-queue.js';
import { schedulerMetrics, type IncomingEvent, type SchedulerMetrics } from './scheduler-metrics.js';

/** Options of the scheduler controller. */
export interface SchedulerControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
  /** The scheduler name bindings must carry (default `default-scheduler`). */
  readonly schedulerName?: string;
  /** Passed to the core Scheduler (plugins, estimators). */
  readonly scheduler?: SchedulerOptions;
  /**
   * The accurate estimator, when enabled: the controller tells it which clusters exist and stops
   * it on exit. It must also be among `scheduler.estimators` to be consulted.
   */
  readonly accurateEstimator?: AccurateEstimator;
}

const CLUSTER_PREFIX = 'crb:';
const RB_PREFIX = 'rb:';

/** Queue key of a binding. */
function keyOf(binding: AnyBinding): string {
  return (binding.metadata.namespace ?? '') === '' ? CLUSTER_PREFIX + (binding.metadata.name ?? '') : RB_PREFIX + objectKey(binding);
}

/** The scheduler's Runnable. */
export class SchedulerController implements Runnable {
  readonly queue: SchedulingQueue;
  readonly ledger = new CapacityLedger();
  private readonly scheduler: Scheduler;
  private readonly client: KubeClient;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly schedulerName: string;
  private readonly rb: Informer<AnyBinding>;
  private readonly crb: Informer<AnyBinding>;
  private readonly clusters: Informer<Cluster>;
  private readonly removers: (() => void)[] = [];
  private readonly accurate: AccurateEstimator | undefined;
  private readonly metrics: SchedulerMetrics;

  constructor(options: SchedulerControllerOptions) {
    this.client = options.client;
    this.recorder = options.recorder ?? noopEventRecorder;
    this.logger = options.logger ?? noopLogger;
    this.clock = options.clock ?? realClock;
    this.schedulerName = options.schedulerName ?? 'default-scheduler';
    this.scheduler = new Scheduler(options.scheduler ?? {});
    this.accurate = options.accurateEstimator;
    this.queue = new SchedulingQueue({ clock: this.clock });
    this.metrics = schedulerMetrics(options.registry, () => this.queue.sizes());
    this.rb = options.informers.informerFor<AnyBinding>(RB_REF);
    this.crb = options.informers.informerFor<AnyBinding>(CRB_REF);
    this.clusters = options.informers.informerFor<Cluster>(CLUSTER_REF);
  }

  async start(signal: AbortSignal): Promise<void> {
    for (const informer of [this.rb, this.crb]) {
      this.removers.push(
        informer.addEventHandler({
          onAdd: (b) => this.enqueue(b, 'BindingAdd'),
          onUpdate: (oldB, newB) => {
            // Only spec changes (generation) or a claim appearing/disappearing matter.
            if (oldB.metadata.generation !== newB.metadata.generation || isSchedulable(oldB, this.schedulerName) !== isSchedulable(newB, this.schedulerName)) {
              this.enqueue(newB, 'BindingUpdate');
            }
          },
          onDelete: (b) => this.ledger.release(ledgerKey(b)),
        }),
      );
    }
    this.removers.push(
      this.clusters.addEventHandler({
        onAdd: (c, initial) => {
          this.accurate?.upsertCluster(c);
          if (!initial) this.onClusterSetChanged();
        },
        onUpdate: (oldC, newC) => {
          this.accurate?.upsertCluster(newC);
          this.onClusterUpdate(oldC, newC);
        },
        onDelete: (c) => {
          this.accurate?.removeCluster(c.metadata.name ?? '');
          this.onClusterSetChanged();
        },
      }),
    );
    const onAbort = (): void => this.queue.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (const informer of [this.rb, this.crb, this.clusters]) informer.start();
      const synced = await Promise.all([this.rb, this.crb, this.clusters].map((i) => i.waitForSync(signal)));
      if (!synced.every(Boolean)) return;
      for (;;) {
        const key = await this.queue.pop();
        if (key === undefined) break;
        try {
          await this.scheduleOne(key);
        } catch (err) {
          this.logger.error({ err, binding: key }, 'scheduler: scheduling failed');
          this.metrics.incoming('ScheduleAttemptFailure');
          this.queue.addBackoff(key, this.priorityOf(key));
        } finally {
          this.queue.done(key);
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      for (const remove of this.removers) remove();
      this.queue.close();
      await this.accurate?.stop();
    }
  }

  private enqueue(binding: AnyBinding, event: IncomingEvent): void {
    if (!isSchedulable(binding, this.schedulerName)) return;
    this.metrics.incoming(event);
    this.queue.add(keyOf(binding), binding.spec.schedulePriority?.priority ?? 0);
  }

  private enqueueAll(): void {
    for (const b of [...this.rb.cache.list(), ...this.crb.cache.list()]) this.enqueue(b, 'ClusterChanged');
  }

  private onClusterSetChanged(): void {
    this.queue.moveAllToActive();
    this.enqueueAll();
  }

  private onClusterUpdate(oldC: Cluster, newC: Cluster): void {
    const name = newC.metadata.name ?? '';
    const summaryChanged = !deepEqual(oldC.status?.resourceSummary, newC.status?.resourceSummary);
    if (summaryChanged) this.ledger.releaseCluster(name);
    if (
      !deepEqual(oldC.metadata.labels, newC.metadata.labels) ||
      !deepEqual(oldC.spec, newC.spec) ||
      !deepEqual(oldC.status?.apiEnablements, newC.status?.apiEnablements) ||
      oldC.metadata.deletionTimestamp !== newC.metadata.deletionTimestamp
    ) {
      this.onClusterSetChanged();
      return;
    }
    const ready = (c: Cluster): string | undefined => c.status?.conditions?.find((x) => x.type === 'Ready')?.status;
    if (summaryChanged || ready(oldC) !== ready(newC)) this.queue.moveAllToActive();
  }

  private lookup(key: string): AnyBinding | undefined {
    if (key.startsWith(CLUSTER_PREFIX)) return this.crb.cache.getByName(undefined, key.slice(CLUSTER_PREFIX.length));
    const { namespace, name } = splitObjectKey(key.slice(RB_PREFIX.length));
    return this.rb.cache.getByName(namespace, name);
  }

  private priorityOf(key: string): number {
    return this.lookup(key)?.spec.schedulePriority?.priority ?? 0;
  }

  /** Schedules one binding if it needs it, counting the attempt by its result and schedule type. */
  private async scheduleOne(key: string): Promise<void> {
    const started = this.clock.now();
    const attempt: { type?: string; result?: 'success' | 'unschedulable' | 'error' } = {};
    try {
      await this.attemptOne(key, attempt);
    } catch (err) {
      attempt.result = 'error';
      throw err;
    } finally {
      if (attempt.type !== undefined && attempt.result !== undefined) this.metrics.attempt(attempt.result, attempt.type, (this.clock.now() - started) / 1000);
    }
  }

  private async attemptOne(key: string, attempt: { type?: string; result?: 'success' | 'unschedulable' | 'error' }): Promise<void> {
    const cached = this.lookup(key);
    if (cached === undefined || !isSchedulable(cached, this.schedulerName)) {
      this.queue.forget(key);
      return;
    }
    const type = scheduleType(cached, (name) => {
      const c = this.clusters.cache.getByName(undefined, name);
      return c !== undefined && c.metadata.deletionTimestamp === undefined;
    });
    if (type !== undefined) attempt.type = type;
    if (type === undefined) {
      // Nothing to schedule: make sure the observed generation says the result is current.
      if (cached.metadata.generation !== undefined && cached.status?.schedulerObservedGeneration !== cached.metadata.generation) {
        await this.patchStatus(cached, { ...(cached.status ?? {}), schedulerObservedGeneration: cached.metadata.generation });
      }
      this.queue.forget(key);
      return;
    }
    const outcome = this.scheduler.schedule({ binding: cached, clusters: this.clusters.cache.list(), ledger: this.ledger, key: ledgerKey(cached) });
    const nowMs = this.clock.now();
    attempt.result = outcome.scheduled ? 'success' : outcome.failure?.reason === 'SchedulerError' ? 'error' : 'unschedulable';
    if (!outcome.scheduled) {
      const status: ResourceBindingStatus = {
        ...(cached.status ?? {}),
        conditions: setCondition(cached.status?.conditions, outcome.condition, nowMs),
      };
      if (outcome.affinityName !== undefined) status.schedulerObservingAffinityName = outcome.affinityName;
      await this.patchStatus(cached, status);
      const message = outcome.failure?.message ?? outcome.condition.message ?? '';
      this.recorder.event(cached, 'Warning', REASON_SCHEDULE_BINDING_FAILED, message);
      this.recorder.event(templateSubject(cached), 'Warning', REASON_SCHEDULE_BINDING_FAILED, message);
      if (outcome.failure?.reason === 'SchedulerError') this.queue.addBackoff(key, this.priorityOf(key));
      else this.queue.addUnschedulable(key, this.priorityOf(key));
      return;
    }
    const placementJson = JSON.stringify(cached.spec.placement ?? {});
    let current = cached;
    if (!sameClusters(cached.spec.clusters, outcome.clusters) || cached.metadata.annotations?.[POLICY_PLACEMENT_ANNOTATION] !== placementJson) {
      try {
        current = await this.client.patch<AnyBinding>(
          bindingRef(cached),
          cached.metadata.name ?? '',
          {
            metadata: { resourceVersion: cached.metadata.resourceVersion, annotations: { [POLICY_PLACEMENT_ANNOTATION]: placementJson } },
            spec: { clusters: outcome.clusters },
          },
          { type: 'merge', ...namespaceOf(cached) },
        );
      } catch (err) {
        // The binding changed meanwhile (often only its status): schedule again from the newer copy.
        if (isConflict(err)) {
          attempt.result = 'error';
          this.ledger.release(ledgerKey(cached));
          this.queue.add(key, this.priorityOf(key));
          return;
        }
        if (isNotFound(err)) {
          attempt.result = 'error';
          this.ledger.release(ledgerKey(cached));
          return;
        }
        throw err;
      }
    }
    const condition: Condition = outcome.condition;
    const status: ResourceBindingStatus = {
      ...(current.status ?? {}),
      conditions: setCondition(current.status?.conditions, condition, nowMs),
      lastScheduledTime: rfc3339(nowMs),
      ...(current.metadata.generation === undefined ? {} : { schedulerObservedGeneration: current.metadata.generation }),
    };
    if (outcome.affinityName !== undefined) status.schedulerObservingAffinityName = outcome.affinityName;
    await this.patchStatus(current, status);
    this.queue.forget(key);
    const result = outcome.clusters.map((c) => `${c.name}:${c.replicas ?? 0}`).join(', ');
    const message = `${condition.message ?? 'Binding has been scheduled successfully.'} Result: {${result}}`;
    this.recorder.event(current, 'Normal', REASON_SCHEDULE_BINDING_SUCCEED, message);
    this.recorder.event(templateSubject(current), 'Normal', REASON_SCHEDULE_BINDING_SUCCEED, message);
  }

  private async patchStatus(binding: AnyBinding, status: ResourceBindingStatus): Promise<void> {
    if (deepEqual(binding.status, status)) return;
    try {
      await this.client.patch(bindingRef(binding), binding.metadata.name ?? '', { status }, { type: 'merge', subresource: 'status', ...namespaceOf(binding) });
    } catch (err) {
      if (isNotFound(err)) return;
      throw new Error(`patch binding status: ${errorMessage(err)}`);
    }
  }
}

function ledgerKey(binding: AnyBinding): string {
  return `${binding.metadata.namespace ?? ''}/${binding.metadata.name ?? ''}`;
}

function namespaceOf(binding: AnyBinding): { namespace?: string } {
  const ns = binding.metadata.namespace;
  return ns === undefined || ns === '' ? {} : { namespace: ns };
}

function sameClusters(a: readonly TargetCluster[] | undefined, b: readonly TargetCluster[]): boolean {
  return deepEqual(a ?? [], b);
}

function templateSubject(binding: AnyBinding): { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; uid?: string } } {
  const r = binding.spec.resource;
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    metadata: { name: r.name, ...(r.namespace === undefined ? {} : { namespace: r.namespace }), ...(r.uid === undefined ? {} : { uid: r.uid }) },
  };
}
