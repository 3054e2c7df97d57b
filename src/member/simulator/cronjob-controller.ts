/**
 * The CronJob controller: creates a Job (`<name>-<minutes since epoch>`) at each scheduled
 * time (UTC), honouring suspend, startingDeadlineSeconds and the concurrency policy
 * (Allow/Forbid/Replace), keeps the successful/failed job history limits, and reports
 * active jobs, lastScheduleTime and lastSuccessfulTime. One timer per CronJob: the work
 * queue's delayed requeue until its next activation.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../../client/api-error.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import { reconcileCached } from './reconcile-cached.js';
import type { SimulatorContext } from './context.js';
import { CronParseError, mostRecentActivation, nextActivation, parseCronSchedule, type CronSchedule } from './cron-schedule.js';
import type { EventSink } from './event-recorder.js';
import { CONTROLLER_INDEX, controllerOf, controllerReference, copy, findCondition, intOr, jsonEqual, parseTime, timestamp } from './object-util.js';
import { CRON_JOBS, JOBS } from './refs.js';
import type { CronJob, Job } from './types.js';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

function jobFinished(job: Job): 'Complete' | 'Failed' | undefined {
  for (const type of ['Complete', 'Failed'] as const) {
    if (findCondition(job.status?.conditions, type)?.status === 'True') {
      return type;
    }
  }
  return undefined;
}

/** The Job name for a scheduled time: `<cronjob>-<unix minutes>`. */
export function cronJobName(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(scheduledMs / 60_000)}`;
}

export class CronJobController {
  readonly controller: Controller;
  private readonly schedules = new Map<string, { text: string; schedule: CronSchedule | Error }>();
  private readonly events: EventSink;

  constructor(private readonly ctx: SimulatorContext) {
    this.events = ctx.events('cronjob-controller');
    this.controller = new Controller({ name: 'cronjob', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(ctx.informers.cronJobs);
    this.controller.watch(ctx.informers.jobs, {
      map: (e) => {
        const owner = controllerOf(e.object);
        return owner?.kind === 'CronJob' ? [`${e.object.metadata.namespace ?? ''}/${owner.name}`] : [];
      },
    });
  }

  private schedule(key: string, text: string): CronSchedule | Error {
    const known = this.schedules.get(key);
    if (known?.text === text) {
      return known.schedule;
    }
    let schedule: CronSchedule | Error;
    try {
      schedule = parseCronSchedule(text);
    } catch (err) {
      schedule = err instanceof CronParseError ? err : new Error(String(err));
    }
    this.schedules.set(key, { text, schedule });
    return schedule;
  }

  reconcile(key: string): Promise<ReconcileResult | void> {
    return reconcileCached(this.ctx.informers.cronJobs.cache.get(key), () => { this.schedules.delete(key); }, (cj) => this.sync(key, cj));
  }

  private async sync(key: string, cj: CronJob): Promise<ReconcileResult | void> {
    const client = this.ctx.client;
    const namespace = cj.metadata.namespace ?? '';
    const now = this.ctx.clock.now();
    const jobs = this.ctx.informers.jobs.cache.byIndex(CONTROLLER_INDEX, cj.metadata.uid ?? '');
    const status = copy(cj.status ?? {});
    let active = jobs.filter((j) => jobFinished(j) === undefined);
    const successTimes = jobs.filter((j) => jobFinished(j) === 'Complete').map((j) => parseTime(j.status?.completionTime) ?? 0);
    if (successTimes.length > 0) {
      const latest = Math.max(...successTimes, parseTime(status.lastSuccessfulTime) ?? 0);
      status.lastSuccessfulTime = timestamp(latest);
    }
    await this.cleanupHistory(cj, jobs);
    const schedule = this.schedule(key, cj.spec?.schedule ?? '');
    let requeue: number | undefined;
    if (cj.metadata.deletionTimestamp === undefined && !(schedule instanceof Error) && cj.spec?.suspend !== true) {
      const deadline = cj.spec?.startingDeadlineSeconds;
      let earliest = parseTime(status.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
      if (deadline !== undefined && deadline !== null) {
        earliest = Math.max(earliest, now - deadline * 1000);
      }
      const scheduled = mostRecentActivation(schedule, earliest, now);
      const next = nextActivation(schedule, now);
      requeue = next === undefined ? undefined : next - now + 100;
      const tooLate = scheduled !== undefined && deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now;
      const name = scheduled === undefined ? '' : cronJobName(cj.metadata.name ?? '', scheduled);
      const exists = jobs.some((j) => j.metadata.name === name);
      const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
      if (scheduled !== undefined && !tooLate && !exists && !(policy === 'Forbid' && active.length > 0)) {
        if (policy === 'Replace') {
          for (const job of active) {
            await this.deleteJob(namespace, job);
          }
          active = [];
        }
        const created = await this.createJob(cj, namespace, name, scheduled);
        if (created !== undefined) {
          active = [...active, created];
        }
        status.lastScheduleTime = timestamp(scheduled);
      }
    }
    const refs = active
      .map((j) => ({ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name ?? '', namespace, uid: j.metadata.uid ?? '', ...(j.metadata.resourceVersion === undefined ? {} : { resourceVersion: j.metadata.resourceVersion }) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (refs.length > 0) {
      status.active = refs;
    } else {
      delete status.active;
    }
    // resourceVersions of active jobs change with every job status write; compare without them.
    const strip = (s: CronJob['status']): unknown => ({ ...s, active: s?.active?.map(({ resourceVersion: _rv, ...ref }) => ref) });
    if (!jsonEqual(strip(status), strip(cj.status ?? {}))) {
      const next = copy(cj);
      next.status = status;
      await client.updateStatus(CRON_JOBS, next);
    }
    return requeue === undefined ? undefined : { requeueAfterMs: requeue };
  }

  private async createJob(cj: CronJob, namespace: string, name: string, scheduled: number): Promise<Job | undefined> {
    const template = cj.spec?.jobTemplate ?? {};
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: timestamp(scheduled) },
        ownerReferences: [controllerReference(cj, CRON_JOBS)],
      },
      spec: copy(template.spec ?? {}) as Job['spec'],
    };
    try {
      const created = await this.ctx.client.create<Job>(JOBS, job, { namespace });
      this.events.event(cj, CRON_JOBS, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (err) {
      if (isAlreadyExists(err)) {
        return undefined;
      }
      throw err;
    }
  }

  /** Deletes finished jobs beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1), oldest first. */
  private async cleanupHistory(cj: CronJob, jobs: readonly Job[]): Promise<void> {
    const namespace = cj.metadata.namespace ?? '';
    for (const [kind, limit] of [
      ['Complete', intOr(cj.spec?.successfulJobsHistoryLimit, 3)],
      ['Failed', intOr(cj.spec?.failedJobsHistoryLimit, 1)],
    ] as const) {
      const done = jobs
        .filter((j) => jobFinished(j) === kind && j.metadata.deletionTimestamp === undefined)
        .sort((a, b) => (parseTime(a.status?.startTime) ?? 0) - (parseTime(b.status?.startTime) ?? 0) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
      for (const job of done.slice(0, Math.max(0, done.length - limit))) {
        await this.deleteJob(namespace, job);
      }
    }
  }

  private async deleteJob(namespace: string, job: Job): Promise<void> {
    try {
      await this.ctx.client.delete(JOBS, job.metadata.name ?? '', { namespace, propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid ?? '' } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) {
        throw err;
      }
    }
  }
}
