/**
 * The Job controller: runs up to `parallelism` pods at a time until `completions` pods have
 * succeeded (NonIndexed, or Indexed with one completion per index), counts failures against
 * `backoffLimit`, honours `suspend`, `activeDeadlineSeconds` and `ttlSecondsAfterFinished`,
 * and reports status and the SuccessCriteriaMet/Complete (FailureTarget/Failed) conditions as
 * Kubernetes 1.31+ does. Pods finish on their own through the simulated kubelet.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import { reconcileCached } from './reconcile-cached.js';
import type { SimulatorContext } from './context.js';
import type { EventSink } from './event-recorder.js';
import { CONTROLLER_INDEX, controllerOf, controllerReference, copy, findCondition, intOr, jsonEqual, parseTime, timestamp } from './object-util.js';
import { PendingObjects } from './pending-objects.js';
import { generatedName, isPodActive, isPodReady, podFromTemplate } from './pod-util.js';
import { JOBS, PODS } from './refs.js';
import type { Condition, Job, Pod } from './types.js';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** `0-2,4,6-7` from sorted distinct indexes (the completedIndexes format). */
export function formatIndexes(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i] ?? 0;
    let last = first;
    while (sorted[i + 1] === last + 1) {
      i++;
      last++;
    }
    parts.push(first === last ? String(first) : `${first}-${last}`);
    i++;
  }
  return parts.join(',');
}

function indexOf(pod: Pod): number | undefined {
  const raw = pod.metadata.annotations?.[COMPLETION_INDEX] ?? pod.metadata.labels?.[COMPLETION_INDEX];
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) ? n : undefined;
}

function finished(job: Job): 'Complete' | 'Failed' | undefined {
  for (const type of ['Complete', 'Failed'] as const) {
    if (findCondition(job.status?.conditions, type)?.status === 'True') {
      return type;
    }
  }
  return undefined;
}

export class JobController {
  readonly controller: Controller;
  private readonly pending: PendingObjects;
  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('job-controller');
    this.pending = new PendingObjects(() => ctx.clock.now());
    this.controller = new Controller({ name: 'job', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(ctx.informers.jobs);
    this.controller.watch(ctx.informers.pods, {
      map: (e) => {
        const owner = controllerOf(e.object);
        return owner?.kind === 'Job' ? [`${e.object.metadata.namespace ?? ''}/${owner.name}`] : [];
      },
    });
  }

  reconcile(key: string): Promise<ReconcileResult | void> {
    return reconcileCached(this.ctx.informers.jobs.cache.get(key), () => { this.pending.forget(key); }, (job) => this.sync(key, job));
  }

  private async sync(key: string, job: Job): Promise<ReconcileResult | void> {
    const now = this.ctx.clock.now();
    const done = finished(job);
    if (done !== undefined) {
      return this.expire(job, now);
    }
    const namespace = job.metadata.namespace ?? '';
    const spec = job.spec ?? {};
    const indexed = spec.completionMode === 'Indexed';
    const parallelism = intOr(spec.parallelism, 1);
    const completions = spec.completions === undefined || spec.completions === null ? undefined : intOr(spec.completions, 1);
    const pods = this.ctx.informers.pods.cache.byIndex(CONTROLLER_INDEX, job.metadata.uid ?? '');
    const active = pods.filter(isPodActive);
    const succeededPods = pods.filter((p) => p.status?.phase === 'Succeeded');
    const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
    const completedIndexes = indexed ? [...new Set(succeededPods.map(indexOf).filter((i): i is number => i !== undefined && i < (completions ?? 0)))] : [];
    const succeeded = Math.max(intOr(job.status?.succeeded, 0), indexed ? completedIndexes.length : succeededPods.length);
    const failed = Math.max(intOr(job.status?.failed, 0), failedPods.length);
    const status = copy(job.status ?? {});
    const suspended = spec.suspend === true;
    if (status.startTime === undefined && !suspended) {
      status.startTime = timestamp(now);
    }
    let conditions = [...(status.conditions ?? [])];
    let failure: { reason: string; message: string } | undefined;
    const deadline = spec.activeDeadlineSeconds;
    const started = parseTime(status.startTime);
    if (failed > intOr(spec.backoffLimit, 6)) {
      failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    } else if (deadline !== undefined && started !== undefined && started + deadline * 1000 <= now) {
      failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    }
    const complete = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions;
    const pendingSatisfied = this.pending.satisfied(key, (k) => this.ctx.informers.pods.cache.has(k));
    let remaining = active;
    if ((failure !== undefined || complete || suspended) && pendingSatisfied) {
      for (const pod of active) {
        await this.deletePod(key, namespace, pod);
      }
      remaining = [];
    } else if (pendingSatisfied && job.metadata.deletionTimestamp === undefined) {
      remaining = await this.manage(key, job, namespace, active, parallelism, completions, succeeded, indexed, completedIndexes);
    }
    const at = timestamp(now);
    const condition = (type: string, reason: string, message: string): Condition => ({ type, status: 'True', lastProbeTime: at, lastTransitionTime: at, reason, message });
    if (failure !== undefined) {
      conditions = [...conditions.filter((c) => c.type !== 'FailureTarget' && c.type !== 'Failed'), condition('FailureTarget', failure.reason, failure.message), condition('Failed', failure.reason, failure.message)];
      this.events.event(job, JOBS, 'Warning', failure.reason, failure.message);
    } else if (complete) {
      const message = 'Reached expected number of succeeded pods';
      conditions = [...conditions.filter((c) => c.type !== 'SuccessCriteriaMet' && c.type !== 'Complete'), condition('SuccessCriteriaMet', 'CompletionsReached', message), condition('Complete', 'CompletionsReached', message)];
      status.completionTime = at;
      this.events.event(job, JOBS, 'Normal', 'Completed', 'Job completed');
    }
    const suspendedCondition = findCondition(conditions, 'Suspended');
    if (suspended && suspendedCondition?.status !== 'True') {
      conditions = [...conditions.filter((c) => c.type !== 'Suspended'), condition('Suspended', 'JobSuspended', 'Job suspended')];
    } else if (!suspended && suspendedCondition?.status === 'True') {
      conditions = [...conditions.filter((c) => c.type !== 'Suspended'), { ...condition('Suspended', 'JobResumed', 'Job resumed'), status: 'False' }];
    }
    const next: NonNullable<Job['status']> = {
      ...status,
      ...(conditions.length > 0 ? { conditions } : {}),
      ready: remaining.filter(isPodReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    for (const [field, value] of [['active', remaining.length], ['succeeded', succeeded], ['failed', failed]] as const) {
      if (value > 0) {
        next[field] = value;
      } else {
        delete next[field];
      }
    }
    if (indexed && completedIndexes.length > 0) {
      next.completedIndexes = formatIndexes(completedIndexes);
    }
    if (!jsonEqual(next, job.status ?? {})) {
      const updated = copy(job);
      updated.status = next;
      await this.ctx.client.updateStatus(JOBS, updated);
    }
    if (failure === undefined && !complete && deadline !== undefined && started !== undefined) {
      return { requeueAfterMs: Math.max(10, started + deadline * 1000 - now) };
    }
    return undefined;
  }

  /** Creates or deletes pods toward the wanted number of active ones; returns the active pods kept. */
  private async manage(
    key: string,
    job: Job,
    namespace: string,
    active: readonly Pod[],
    parallelism: number,
    completions: number | undefined,
    succeeded: number,
    indexed: boolean,
    completedIndexes: readonly number[],
  ): Promise<Pod[]> {
    let want: number;
    if (completions === undefined) {
      want = succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    } else {
      want = Math.min(parallelism, Math.max(0, completions - succeeded));
    }
    const kept = [...active];
    if (active.length > want) {
      const extra = [...active].sort((a, b) => (parseTime(b.metadata.creationTimestamp) ?? 0) - (parseTime(a.metadata.creationTimestamp) ?? 0)).slice(0, active.length - want);
      for (const pod of extra) {
        await this.deletePod(key, namespace, pod);
        kept.splice(kept.indexOf(pod), 1);
      }
      return kept;
    }
    const toCreate = want - active.length;
    const owner = controllerReference(job, JOBS);
    const name = job.metadata.name ?? '';
    const labels = {
      'batch.kubernetes.io/controller-uid': job.metadata.uid ?? '',
      'batch.kubernetes.io/job-name': name,
      'controller-uid': job.metadata.uid ?? '',
      'job-name': name,
    };
    const busy = new Set([...completedIndexes, ...active.map(indexOf).filter((i): i is number => i !== undefined)]);
    const freeIndexes: number[] = [];
    for (let i = 0; indexed && freeIndexes.length < toCreate && i < (completions ?? 0); i++) {
      if (!busy.has(i)) {
        freeIndexes.push(i);
      }
    }
    const count = indexed ? freeIndexes.length : toCreate;
    for (let n = 0; n < count; n++) {
      const index = freeIndexes[n];
      const extra = index === undefined ? labels : { ...labels, [COMPLETION_INDEX]: String(index) };
      const pod = podFromTemplate(job.spec?.template, namespace, owner, { name: generatedName(index === undefined ? `${name}-` : `${name}-${index}-`) }, extra);
      if (index !== undefined) {
        pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
        const spec = (pod.spec ??= {});
        spec.hostname = `${name}-${index}`;
      }
      const podKey = `${namespace}/${pod.metadata.name ?? ''}`;
      this.pending.expect(key, podKey, 'create');
      try {
        kept.push(await this.ctx.client.create<Pod>(PODS, pod, { namespace }));
        this.events.event(job, JOBS, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`);
      } catch (err) {
        this.pending.cancel(key, podKey);
        if (!isAlreadyExists(err)) {
          throw err;
        }
      }
    }
    return kept;
  }

  /** ttlSecondsAfterFinished: deletes a finished Job (its pods follow by garbage collection). */
  private async expire(job: Job, now: number): Promise<ReconcileResult | void> {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) {
      return;
    }
    const finishedAt = parseTime(job.status?.completionTime) ?? parseTime(findCondition(job.status?.conditions, finished(job) ?? '')?.lastTransitionTime) ?? now;
    const left = finishedAt + ttl * 1000 - now;
    if (left > 0) {
      return { requeueAfterMs: left };
    }
    await this.ctx.client.delete(JOBS, job.metadata.name ?? '', { namespace: job.metadata.namespace ?? '', propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid ?? '' } });
  }

  private async deletePod(key: string, namespace: string, pod: Pod): Promise<void> {
    const podKey = `${namespace}/${pod.metadata.name ?? ''}`;
    this.pending.expect(key, podKey, 'delete');
    try {
      await this.ctx.client.delete(PODS, pod.metadata.name ?? '', { namespace, preconditions: { uid: pod.metadata.uid ?? '' } });
    } catch (err) {
      this.pending.cancel(key, podKey);
      if (!isNotFound(err) && !isConflict(err)) {
        throw err;
      }
    }
  }
}
