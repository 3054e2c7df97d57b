/**
 * The WorkloadRebalancer controller (Karmada's `pkg/controllers/workloadrebalancer`): for each
 * workload a WorkloadRebalancer lists, it sets `spec.rescheduleTriggeredAt` of the workload's
 * ResourceBinding (ClusterResourceBinding for cluster-scoped workloads) to the rebalancer's
 * creationTimestamp, so the scheduler redoes the placement from scratch (Fresh scheduling), and
 * records each workload's result in `status.observedWorkloads` (`Successful`, or `Failed` with
 * `ReferencedBindingNotFound`). Once every workload has a result it sets `status.finishTime`, and
 * `spec.ttlSecondsAfterFinished` after that it deletes the rebalancer.
 */
import type { Registry } from 'prom-client';
import type { KubeObject } from '../../api/object.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import { requeueAfter, type ReconcileResult } from '../runtime/reconciler.js';
import { CRB_REF, RB_REF, type AnyBinding } from '../shared/binding-types.js';
import { rfc3339 } from '../shared/conditions.js';
import { generateBindingName } from '../shared/names.js';
import { deepEqual } from '../shared/object-util.js';

export const WORKLOAD_REBALANCER_REF: ResourceRef = {
  group: 'apps.karmada.io',
  version: 'v1alpha1',
  resource: 'workloadrebalancers',
  namespaced: false,
  kind: 'WorkloadRebalancer',
};

/** One workload a rebalancer names. */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface ObservedWorkload {
  workload: ObjectReference;
  result?: 'Successful' | 'Failed';
  reason?: string;
}

export interface WorkloadRebalancer extends KubeObject {
  spec: { workloads: ObjectReference[]; ttlSecondsAfterFinished?: number };
  status?: { observedWorkloads?: ObservedWorkload[]; observedGeneration?: number; finishTime?: string };
}

export const REASON_REFERENCED_BINDING_NOT_FOUND = 'ReferencedBindingNotFound';

export interface WorkloadRebalancerControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
}

function sameWorkload(a: ObjectReference, b: ObjectReference): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** The WorkloadRebalancer controller's Runnable. */
export class WorkloadRebalancerController implements Runnable {
  readonly controller: Controller;
  private readonly client: KubeClient;
  private readonly clock: Clock;
  private readonly rebalancers: Informer<WorkloadRebalancer>;

  constructor(options: WorkloadRebalancerControllerOptions) {
    this.client = options.client;
    this.clock = options.clock ?? realClock;
    this.rebalancers = options.informers.informerFor<WorkloadRebalancer>(WORKLOAD_REBALANCER_REF);
    this.controller = new Controller({
      name: 'workloadRebalancer',
      reconciler: { reconcile: (key) => this.reconcile(key) },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    }).watch(this.rebalancers, {
      // Status writes of our own come back as updates: only spec changes (generation) matter.
      map: (e) => (e.type === 'update' && e.oldObject?.metadata.generation === e.object.metadata.generation ? [] : [e.object.metadata.name ?? '']),
    });
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  private async reconcile(name: string): Promise<ReconcileResult | void> {
    const rebalancer = this.rebalancers.cache.getByName(undefined, name);
    if (rebalancer === undefined || rebalancer.metadata.deletionTimestamp !== undefined) return;
    const previous = rebalancer.status?.observedWorkloads ?? [];
    const generationChanged = rebalancer.status?.observedGeneration !== rebalancer.metadata.generation;
    const triggeredAt = rebalancer.metadata.creationTimestamp ?? rfc3339(this.clock.now());
    const observed: ObservedWorkload[] = [];
    for (const workload of rebalancer.spec.workloads) {
      const done = previous.find((o) => sameWorkload(o.workload, workload) && o.result !== undefined);
      // A workload keeps its result; it is retried only when it failed and the spec changed since.
      if (done !== undefined && (done.result === 'Successful' || !generationChanged)) {
        observed.push(done);
        continue;
      }
      observed.push(await this.trigger(workload, triggeredAt));
    }
    const finished = observed.every((o) => o.result !== undefined);
    const keptFinish = generationChanged ? undefined : rebalancer.status?.finishTime;
    const status: NonNullable<WorkloadRebalancer['status']> = {
      observedWorkloads: observed,
      ...(rebalancer.metadata.generation === undefined ? {} : { observedGeneration: rebalancer.metadata.generation }),
      ...(finished ? { finishTime: keptFinish ?? rfc3339(this.clock.now()) } : {}),
    };
    if (!deepEqual(status, rebalancer.status)) {
      await this.client.updateStatus<WorkloadRebalancer>(WORKLOAD_REBALANCER_REF, { ...rebalancer, status });
    }
    return this.cleanUp(rebalancer, status.finishTime);
  }

  /** Bumps the binding's rescheduleTriggeredAt (never moving it back). */
  private async trigger(workload: ObjectReference, triggeredAt: string): Promise<ObservedWorkload> {
    const namespaced = (workload.namespace ?? '') !== '';
    const ref = namespaced ? RB_REF : CRB_REF;
    const bindingName = generateBindingName(workload.kind, workload.name);
    const options = namespaced ? { namespace: workload.namespace ?? '' } : {};
    let binding: AnyBinding;
    try {
      binding = await this.client.get<AnyBinding>(ref, bindingName, options);
    } catch (err) {
      if (isNotFound(err)) return { workload, result: 'Failed', reason: REASON_REFERENCED_BINDING_NOT_FOUND };
      throw err;
    }
    const current = binding.spec.rescheduleTriggeredAt;
    if (current === undefined || Date.parse(current) < Date.parse(triggeredAt)) {
      try {
        await this.client.patch(ref, bindingName, { spec: { rescheduleTriggeredAt: triggeredAt } }, { type: 'merge', ...options });
      } catch (err) {
        if (isNotFound(err)) return { workload, result: 'Failed', reason: REASON_REFERENCED_BINDING_NOT_FOUND };
        throw err;
      }
    }
    return { workload, result: 'Successful' };
  }

  /** Deletes the rebalancer ttlSecondsAfterFinished after it finished; otherwise asks to come back then. */
  private async cleanUp(rebalancer: WorkloadRebalancer, finishTime: string | undefined): Promise<ReconcileResult | void> {
    const ttl = rebalancer.spec.ttlSecondsAfterFinished;
    if (ttl === undefined || finishTime === undefined) return;
    const remainingMs = Date.parse(finishTime) + ttl * 1000 - this.clock.now();
    if (remainingMs > 0) return requeueAfter(remainingMs);
    try {
      await this.client.delete(WORKLOAD_REBALANCER_REF, rebalancer.metadata.name ?? '', {});
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
