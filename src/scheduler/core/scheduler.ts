/**
 * The scheduler entry point: schedules one binding against a snapshot of clusters and returns
 * the new `spec.clusters`, the `clusterAffinities` term to record, the `Scheduled` condition
 * and, on request or dry run, the explanation. No I/O: the controller reads bindings and
 * clusters, calls `schedule`, and writes the outcome back.
 */
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Condition } from '../../api/policy/kube-core.js';
import type { ObjectMeta } from '../../api/object.js';
import type { ResourceBindingSpec, ResourceBindingStatus, TargetCluster } from '../../api/work/resource-binding.js';
import type { CapacityLedger } from '../estimator/capacity-ledger.js';
import { GeneralEstimator } from '../estimator/general-estimator.js';
import type { ReplicaEstimator } from '../estimator/replica-estimator.js';
import { parseResourceRequest } from '../estimator/resource-request.js';
import { Framework } from '../framework/framework.js';
import type { PluginRegistry } from '../framework/registry.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { assignedReplicasFor, rescheduleRequired } from '../util/binding.js';
import { FitError, UnschedulableError } from './errors.js';
import type { AffinityAttempt, ClusterVerdict, ScheduleExplanation } from './explanation.js';
import { scheduleAttempt, type AttemptInput, type AttemptTrace } from './generic-scheduler.js';
import { strategyOf } from './strategy.js';
import { bindingTieBreaker } from './tie-breaker.js';

/** A ResourceBinding or ClusterResourceBinding (only metadata, spec and status are read). */
export interface SchedulableBinding {
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec: ResourceBindingSpec;
  readonly status?: ResourceBindingStatus;
}

/** Scheduler construction options. */
export interface SchedulerOptions {
  /** `--plugins` enable list, e.g. `['*', '-TaintToleration']`. Default `['*']`. */
  readonly plugins?: readonly string[];
  /** Plugin registry; default the in-tree plugins. */
  readonly registry?: PluginRegistry;
  /** Replica estimators, minimum taken per cluster; default the general estimator. */
  readonly estimators?: readonly ReplicaEstimator[];
  /** Also list selected clusters that got 0 replicas (`--enable-empty-workload-propagation`). */
  readonly enableEmptyWorkloadPropagation?: boolean;
}

/** One scheduling request. */
export interface ScheduleRequest {
  readonly binding: SchedulableBinding;
  /** The cluster snapshot (treated as immutable). */
  readonly clusters: readonly Cluster[];
  /** Reservations shared by the bindings of this round; the result's growth is reserved unless dry run. */
  readonly ledger?: CapacityLedger;
  /** Ledger key; default `namespace/name` (`/name` for cluster-scoped bindings). */
  readonly key?: string;
  /** Return the explanation. */
  readonly explain?: boolean;
  /** Compute only: never touch the ledger; implies `explain`. */
  readonly dryRun?: boolean;
}

/** Failure reasons of the `Scheduled` condition. */
export type ScheduleFailureReason = 'NoClusterFit' | 'Unschedulable' | 'SchedulerError';

/** The outcome to write back to the binding. */
export interface ScheduleOutcome {
  readonly scheduled: boolean;
  /** New `spec.clusters` (empty on failure: keep the old ones). */
  readonly clusters: TargetCluster[];
  /** Value for `status.schedulerObservingAffinityName` (unchanged on failure). */
  readonly affinityName?: string;
  /** The `Scheduled` condition (without lastTransitionTime; the controller stamps it). */
  readonly condition: Condition;
  readonly failure?: { readonly reason: ScheduleFailureReason; readonly message: string };
  readonly explanation?: ScheduleExplanation;
}

/** Karmada's success message for the Scheduled condition. */
export const SUCCESSFUL_SCHEDULING_MESSAGE = 'Binding has been scheduled successfully.';

/** Ledger key of a binding: `namespace/name`. */
export function bindingKey(binding: SchedulableBinding): string {
  return `${binding.metadata.namespace ?? ''}/${binding.metadata.name ?? ''}`;
}

function reasonOf(err: unknown): ScheduleFailureReason {
  if (err instanceof FitError) return 'NoClusterFit';
  if (err instanceof UnschedulableError) return 'Unschedulable';
  return 'SchedulerError';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function newTrace(): AttemptTrace {
  return { verdicts: new Map(), steps: [] };
}

/** Schedules bindings with a fixed set of plugins and estimators. */
export class Scheduler {
  readonly framework: Framework;
  readonly pluginNames: readonly string[];
  private readonly estimators: readonly ReplicaEstimator[];
  private readonly enableEmptyWorkloadPropagation: boolean;

  constructor(options: SchedulerOptions = {}) {
    const registry = options.registry ?? inTreeRegistry();
    const plugins = registry.build(options.plugins ?? ['*']);
    this.framework = new Framework(plugins);
    this.pluginNames = plugins.map((p) => p.name);
    this.estimators = options.estimators ?? [new GeneralEstimator()];
    this.enableEmptyWorkloadPropagation = options.enableEmptyWorkloadPropagation ?? false;
  }

  /** Schedules one binding. Never throws for scheduling failures; they come back in the outcome. */
  schedule(req: ScheduleRequest): ScheduleOutcome {
    const { binding } = req;
    const spec = binding.spec;
    const status = binding.status ?? {};
    const placement = spec.placement ?? {};
    const explain = req.explain === true || req.dryRun === true;
    const key = req.key ?? bindingKey(binding);
    const request = parseResourceRequest(spec.replicaRequirements);
    const base: Omit<AttemptInput, 'status'> = {
      framework: this.framework,
      estimators: this.estimators,
      clusters: req.clusters,
      spec,
      placement,
      strategy: strategyOf(placement),
      mode: rescheduleRequired(spec.rescheduleTriggeredAt, status.lastScheduledTime) ? 'Fresh' : 'Steady',
      tieBreaker: bindingTieBreaker(binding.metadata.uid),
      request,
      ...(req.ledger === undefined ? {} : { reservations: req.ledger.lookupExcluding(key) }),
      enableEmptyWorkloadPropagation: this.enableEmptyWorkloadPropagation,
    };

    const terms = placement.clusterAffinity === undefined ? (placement.clusterAffinities ?? []) : [];
    const attempts: AffinityAttempt[] = [];
    let trace = explain ? newTrace() : undefined;
    let clusters: TargetCluster[] | undefined;
    let affinityName = status.schedulerObservingAffinityName;
    const errors: unknown[] = [];

    if (terms.length === 0) {
      try {
        clusters = scheduleAttempt({ ...base, status }, trace);
      } catch (err) {
        errors.push(err);
      }
    } else {
      // Karmada starts from the term currently observed (0 when none) and moves on while terms fail.
      const observed = terms.findIndex((t) => t.affinityName === status.schedulerObservingAffinityName);
      for (let i = observed < 0 ? 0 : observed; i < terms.length; i++) {
        const name = (terms[i] as { affinityName: string }).affinityName;
        trace = explain ? newTrace() : undefined;
        try {
          clusters = scheduleAttempt({ ...base, status: { ...status, schedulerObservingAffinityName: name } }, trace);
          affinityName = name;
          attempts.push({ affinityName: name, outcome: 'scheduled' });
          break;
        } catch (err) {
          errors.push(err);
          attempts.push({ affinityName: name, outcome: 'failed', message: messageOf(err) });
        }
      }
    }

    let outcome: ScheduleOutcome;
    if (clusters !== undefined) {
      if (req.ledger !== undefined && req.dryRun !== true) {
        req.ledger.reserve(
          key,
          clusters.map((t) => ({ name: t.name, delta: (t.replicas ?? 0) - assignedReplicasFor(spec, t.name) }))
            .filter((d) => d.delta > 0)
            .map((d) => ({ cluster: d.name, replicas: d.delta })),
          request,
        );
      }
      outcome = {
        scheduled: true,
        clusters,
        ...(affinityName === undefined ? {} : { affinityName }),
        condition: { type: 'Scheduled', status: 'True', reason: 'Success', message: SUCCESSFUL_SCHEDULING_MESSAGE },
      };
    } else {
      const first = errors[0];
      // Like Karmada's aggregate: NoClusterFit when any term found no fit, else the first error's kind.
      const reason: ScheduleFailureReason = errors.some((e) => e instanceof FitError) ? 'NoClusterFit' : reasonOf(first);
      const message = errors.length > 1 ? `[${errors.map(messageOf).join(', ')}]` : messageOf(first);
      outcome = {
        scheduled: false,
        clusters: [],
        ...(affinityName === undefined ? {} : { affinityName }),
        condition: { type: 'Scheduled', status: 'False', reason, message },
        failure: { reason, message },
      };
    }

    if (explain && trace !== undefined) {
      const verdicts: ClusterVerdict[] = [...trace.verdicts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const explanation: ScheduleExplanation = {
        binding: `${binding.kind ? `${binding.kind} ` : ''}${binding.metadata.namespace ? `${binding.metadata.namespace}/` : ''}${binding.metadata.name ?? ''}`,
        strategy: (spec.replicas ?? 0) > 0 ? base.strategy : 'NonWorkload',
        mode: base.mode,
        replicas: spec.replicas ?? 0,
        clusters: verdicts,
        division: trace.steps,
        result: outcome.clusters,
        ...(attempts.length > 0 ? { affinityAttempts: attempts } : {}),
        ...(trace.spread === undefined ? {} : { spread: trace.spread }),
        ...(outcome.failure === undefined ? {} : { error: outcome.failure.message }),
      };
      outcome = { ...outcome, explanation };
    }
    return outcome;
  }
}
