/** Printers for apps and batch workloads (deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs). */
import { formatLabels, formatLabelSelector, labelSelectorAsSelector, LabelSelectorError } from '../../api/selectors/label-selector.js';
import type { LabelSelectorObject } from '../../api/selectors/label-selector.js';
import { isPlainObject } from '../../api/object.js';
import { SELECTOR_DESCRIPTION } from './descriptions.js';
import { humanDuration, parseTimestamp, timestampSince } from './human-duration.js';
import { at, int, objects, optInt, str, stringMap } from './object-fields.js';
import type { KubeObject } from '../../api/object.js';
import { ageColumn, column, containerCells, containerColumns, nameColumn, type PrintedRow, type Printer } from './printer.js';

function selectorAt(object: unknown, path: string): LabelSelectorObject | undefined {
  const v = at(object, path);
  return isPlainObject(v) ? (v as LabelSelectorObject) : undefined;
}

/** Deployment's selector cell: Selector.String(), `<invalid>` on error. */
function selectorString(object: unknown, path: string): string {
  try {
    return labelSelectorAsSelector(selectorAt(object, path)).toString();
  } catch (err) {
    if (err instanceof LabelSelectorError) {
      return '<invalid>';
    }
    throw err;
  }
}

function selectorColumn(description = SELECTOR_DESCRIPTION): ReturnType<typeof column> {
  return column('Selector', description, { priority: 1 });
}

function hasJobCondition(job: unknown, type: string): boolean {
  const c = objects(job, 'status.conditions').find((cond) => str(cond, 'type') === type);
  return c !== undefined && str(c, 'status') === 'True';
}

function printBoolPtr(value: unknown): string {
  if (typeof value !== 'boolean') {
    return '<unset>';
  }
  return value ? 'True' : 'False';
}

/** NAME READY UP-TO-DATE AVAILABLE AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const deploymentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn(),
    ...containerColumns(),
    selectorColumn(),
  ],
  row: (o, now) => {
    const [names, images] = containerCells(o, 'spec.template.spec.containers');
    return {
      cells: [
        o.metadata.name ?? '',
        `${int(o, 'status.readyReplicas')}/${int(o, 'spec.replicas')}`,
        int(o, 'status.updatedReplicas'),
        int(o, 'status.availableReplicas'),
        timestampSince(o.metadata.creationTimestamp, now),
        names,
        images,
        selectorString(o, 'spec.selector'),
      ],
    };
  },
};

/** The row ReplicaSets and ReplicationControllers share; only their selectors print differently. */
function replicaControllerRow(o: KubeObject, now: Date, selector: string): PrintedRow {
  const [names, images] = containerCells(o, 'spec.template.spec.containers');
  return {
    cells: [
      o.metadata.name ?? '',
      int(o, 'spec.replicas'),
      int(o, 'status.replicas'),
      int(o, 'status.readyReplicas'),
      timestampSince(o.metadata.creationTimestamp, now),
      names,
      images,
      selector,
    ],
  };
}

/** NAME DESIRED CURRENT READY AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'Replicas is the number of desired pods.', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
    ageColumn(),
    ...containerColumns(),
    selectorColumn('Selector is a label query over pods that should match the replica count.'),
  ],
  row: (o, now) => replicaControllerRow(o, now, formatLabelSelector(selectorAt(o, 'spec.selector'))),
};

/** NAME DESIRED CURRENT READY AGE for v1 ReplicationControllers. */
export const replicationControllerPrinter: Printer = {
  columns: replicaSetPrinter.columns,
  row: (o, now) => replicaControllerRow(o, now, formatLabels(stringMap(o, 'spec.selector'))),
};

/** NAME READY AGE (wide: CONTAINERS IMAGES). */
export const statefulSetPrinter: Printer = {
  columns: [nameColumn(), column('Ready', 'Number of the pod with ready state'), ageColumn(), ...containerColumns()],
  row: (o, now) => {
    const [names, images] = containerCells(o, 'spec.template.spec.containers');
    return {
      cells: [
        o.metadata.name ?? '',
        `${int(o, 'status.readyReplicas')}/${int(o, 'spec.replicas')}`,
        timestampSince(o.metadata.creationTimestamp, now),
        names,
        images,
      ],
    };
  },
};

/** NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'The total number of nodes that should be running the daemon pod.', { type: 'integer' }),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', {
      type: 'integer',
    }),
    column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', {
      type: 'integer',
    }),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.', {
      type: 'integer',
    }),
    column('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageColumn(),
    ...containerColumns(),
    selectorColumn('A label query over pods that are managed by the daemon set.'),
  ],
  row: (o, now) => {
    const [names, images] = containerCells(o, 'spec.template.spec.containers');
    return {
      cells: [
        o.metadata.name ?? '',
        int(o, 'status.desiredNumberScheduled'),
        int(o, 'status.currentNumberScheduled'),
        int(o, 'status.numberReady'),
        int(o, 'status.updatedNumberScheduled'),
        int(o, 'status.numberAvailable'),
        formatLabels(stringMap(o, 'spec.template.spec.nodeSelector')),
        timestampSince(o.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(selectorAt(o, 'spec.selector')),
      ],
    };
  },
};

/** NAME STATUS COMPLETIONS DURATION AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const jobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'Status of the job.'),
    column('Completions', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'Time required to complete the job.'),
    ageColumn(),
    ...containerColumns(),
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  row: (o, now) => {
    const succeeded = int(o, 'status.succeeded');
    const completionsSpec = optInt(o, 'spec.completions');
    let completions: string;
    if (completionsSpec !== undefined) {
      completions = `${succeeded}/${completionsSpec}`;
    } else {
      const parallelism = optInt(o, 'spec.parallelism') ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = parseTimestamp(at(o, 'status.startTime'));
    const completion = parseTimestamp(at(o, 'status.completionTime'));
    let duration = '';
    if (start !== undefined) {
      duration = humanDuration((completion ?? now.getTime()) - start);
    }
    let status: string;
    if (hasJobCondition(o, 'Complete')) {
      status = 'Complete';
    } else if (hasJobCondition(o, 'Failed')) {
      status = 'Failed';
    } else if (typeof o.metadata.deletionTimestamp === 'string') {
      status = 'Terminating';
    } else if (hasJobCondition(o, 'Suspended')) {
      status = 'Suspended';
    } else if (hasJobCondition(o, 'FailureTarget')) {
      status = 'FailureTarget';
    } else {
      status = 'Running';
    }
    const [names, images] = containerCells(o, 'spec.template.spec.containers');
    return {
      cells: [
        o.metadata.name ?? '',
        status,
        completions,
        duration,
        timestampSince(o.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(selectorAt(o, 'spec.selector')),
      ],
    };
  },
};

/** NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const cronJobPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', {
      type: 'boolean',
    }),
    column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn(),
    ...containerColumns(),
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  row: (o, now) => {
    const last = at(o, 'status.lastScheduleTime');
    const lastSchedule = typeof last === 'string' ? timestampSince(last, now) : '<none>';
    const timeZone = typeof at(o, 'spec.timeZone') === 'string' ? str(o, 'spec.timeZone') : '<none>';
    const [names, images] = containerCells(o, 'spec.jobTemplate.spec.template.spec.containers');
    return {
      cells: [
        o.metadata.name ?? '',
        str(o, 'spec.schedule'),
        timeZone,
        printBoolPtr(at(o, 'spec.suspend')),
        objects(o, 'status.active').length,
        lastSchedule,
        timestampSince(o.metadata.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(selectorAt(o, 'spec.jobTemplate.spec.selector')),
      ],
    };
  },
};
