/**
 * The disruption controller: PodDisruptionBudget status (expectedPods, currentHealthy,
 * desiredHealthy, disruptionsAllowed, the DisruptionAllowed condition) from the pods a budget
 * selects, as kube-controller-manager computes it; evictions consult it.
 */
import type { KubeObject } from '../../api/object.js';
import { matchesLabelSelector } from '../../api/selectors/label-selector.js';
import { isConflict, isNotFound } from '../../client/api-error.js';
import type { Informer } from '../../client/informer.js';
import { objectKey } from '../../client/object-key.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import { scaledValue } from './deployment-rollout.js';
import { controllerOf, copy, findCondition, intOr, jsonEqual, timestamp } from './object-util.js';
import { isPodActive, isPodReady } from './pod-util.js';
import type { LabelSelectorSpec, Pod } from './types.js';
import type { ResourceRef } from '../../client/client.js';

export const PDBS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true, kind: 'PodDisruptionBudget' };

export type PodDisruptionBudget = KubeObject & {
  spec?: { selector?: LabelSelectorSpec; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: Record<string, unknown>;
};

/** What the budget's arithmetic needs. */
export interface BudgetCounts {
  /** Pods selected (the plain count, used for integer minAvailable). */
  readonly pods: number;
  /** Sum of the scale of the selected pods' controllers (used for percentages and maxUnavailable). */
  readonly controllerScale: number;
  readonly healthy: number;
}

/** expectedPods, desiredHealthy and disruptionsAllowed of a budget (getExpectedPodCount and friends). */
export function budgetStatus(spec: NonNullable<PodDisruptionBudget['spec']>, counts: BudgetCounts): { expectedPods: number; desiredHealthy: number; disruptionsAllowed: number } {
  let expectedPods: number;
  let desiredHealthy: number;
  if (spec.maxUnavailable !== undefined) {
    expectedPods = counts.controllerScale;
    desiredHealthy = Math.max(0, expectedPods - scaledValue(spec.maxUnavailable, expectedPods, true));
  } else if (typeof spec.minAvailable === 'string') {
    expectedPods = counts.controllerScale;
    desiredHealthy = scaledValue(spec.minAvailable, expectedPods, true);
  } else {
    expectedPods = counts.pods;
    desiredHealthy = intOr(spec.minAvailable, 1);
  }
  return { expectedPods, desiredHealthy, disruptionsAllowed: Math.max(0, counts.healthy - desiredHealthy) };
}

export class DisruptionController {
  readonly controller: Controller;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly budgets: Informer<PodDisruptionBudget>,
  ) {
    this.controller = new Controller({ name: 'disruption', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(budgets);
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        if (e.type === 'update' && e.oldObject !== undefined && isPodReady(e.oldObject) === isPodReady(e.object) && isPodActive(e.oldObject) === isPodActive(e.object)) {
          return [];
        }
        return budgets.cache
          .listByNamespace(e.object.metadata.namespace ?? '')
          .filter((b) => matchesLabelSelector(b.spec?.selector, e.object.metadata.labels))
          .map(objectKey);
      },
    });
  }

  /** Sum of the replicas of the pods' controllers (ReplicaSet, StatefulSet; others count their pods). */
  private controllerScale(pods: readonly Pod[]): number {
    const seen = new Map<string, number>();
    for (const pod of pods) {
      const ref = controllerOf(pod);
      const namespace = pod.metadata.namespace;
      let scale: number | undefined;
      if (ref?.kind === 'ReplicaSet') {
        const rs = this.ctx.informers.replicaSets.cache.getByName(namespace, ref.name);
        scale = rs === undefined ? undefined : intOr(rs.spec?.replicas, 1);
      } else if (ref?.kind === 'StatefulSet') {
        const set = this.ctx.informers.statefulSets.cache.getByName(namespace, ref.name);
        scale = set === undefined ? undefined : intOr(set.spec?.replicas, 1);
      }
      const key = ref?.uid ?? pod.metadata.uid ?? '';
      seen.set(key, scale ?? (seen.get(key) ?? 0) + 1);
    }
    return [...seen.values()].reduce((a, b) => a + b, 0);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const pdb = this.budgets.cache.get(key);
    if (pdb === undefined) {
      return;
    }
    const pods = this.ctx.informers.pods.cache.listByNamespace(pdb.metadata.namespace ?? '').filter((p) => isPodActive(p) && matchesLabelSelector(pdb.spec?.selector, p.metadata.labels));
    const healthy = pods.filter(isPodReady).length;
    const { expectedPods, desiredHealthy, disruptionsAllowed } = budgetStatus(pdb.spec ?? {}, { pods: pods.length, controllerScale: this.controllerScale(pods), healthy });
    const allowed = disruptionsAllowed > 0;
    const previous = findCondition(pdb.status?.['conditions'] as { type: string; status: string; lastTransitionTime?: string }[] | undefined, 'DisruptionAllowed');
    const status = allowed ? 'True' : 'False';
    const condition = {
      type: 'DisruptionAllowed',
      status,
      observedGeneration: pdb.metadata.generation ?? 0,
      lastTransitionTime: previous?.status === status && previous.lastTransitionTime !== undefined ? previous.lastTransitionTime : timestamp(this.ctx.clock.now()),
      reason: allowed ? 'SufficientPods' : 'InsufficientPods',
      message: '',
    };
    const next = {
      observedGeneration: pdb.metadata.generation ?? 0,
      disruptionsAllowed,
      currentHealthy: healthy,
      desiredHealthy,
      expectedPods,
      conditions: [condition],
    };
    if (jsonEqual(next, pdb.status ?? {})) {
      return;
    }
    const updated = copy(pdb);
    updated.status = next;
    try {
      await this.ctx.client.updateStatus(PDBS, updated);
    } catch (err) {
      if (isConflict(err)) {
        return { requeue: true };
      }
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }
}
