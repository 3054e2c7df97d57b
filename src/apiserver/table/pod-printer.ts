/** The pods printer (printPod): READY, STATUS and RESTARTS as kubectl shows them. */
import type { KubeObject } from '../../api/object.js';
import { ageColumn, column, nameColumn, type Printer, type PrintedRow } from './printer.js';
import { at, bool, int, objects, optStr, str } from './object-fields.js';
import { parseTimestamp, timestampSince, humanDuration } from './human-duration.js';
import type { TableRowCondition } from './table-types.js';

const podSuccessConditions: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const podFailedConditions: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

function isRestartableInitContainer(container: Record<string, unknown> | undefined): boolean {
  return container !== undefined && str(container, 'restartPolicy') === 'Always';
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function conditionTrue(pod: KubeObject, type: string): boolean {
  const c = objects(pod, 'status.conditions').find((cond) => str(cond, 'type') === type);
  return c !== undefined && str(c, 'status') === 'True';
}

function terminatedAt(status: Record<string, unknown>): number | undefined {
  return parseTimestamp(optStr(status, 'lastState.terminated.finishedAt'));
}

function podRow(pod: KubeObject, now: Date): PrintedRow {
  let restarts = 0;
  let restartableInitRestarts = 0;
  const containers = objects(pod, 'spec.containers');
  let totalContainers = containers.length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined ? b : b === undefined ? a : Math.max(a, b);

  const podPhase = str(pod, 'status.phase');
  let reason = podPhase;
  if (str(pod, 'status.reason') !== '') {
    reason = str(pod, 'status.reason');
  }
  for (const condition of objects(pod, 'status.conditions')) {
    if (str(condition, 'type') === 'PodScheduled' && str(condition, 'reason') === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  let conditions: TableRowCondition[] | undefined;
  if (podPhase === 'Succeeded') {
    conditions = podSuccessConditions;
  } else if (podPhase === 'Failed') {
    conditions = podFailedConditions;
  }

  const initContainers = new Map<string, Record<string, unknown>>();
  for (const c of objects(pod, 'spec.initContainers')) {
    initContainers.set(str(c, 'name'), c);
    if (isRestartableInitContainer(c)) {
      totalContainers++;
    }
  }

  let initializing = false;
  const initStatuses = objects(pod, 'status.initContainerStatuses');
  const initCount = objects(pod, 'spec.initContainers').length;
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] ?? {};
    const restartable = isRestartableInitContainer(initContainers.get(str(container, 'name')));
    restarts += int(container, 'restartCount');
    lastRestart = later(lastRestart, terminatedAt(container));
    if (restartable) {
      restartableInitRestarts += int(container, 'restartCount');
      lastRestartableInitRestart = later(lastRestartableInitRestart, terminatedAt(container));
    }
    const terminated = present(at(container, 'state.terminated'));
    if (terminated && int(container, 'state.terminated.exitCode') === 0) {
      continue;
    }
    if (restartable && bool(container, 'started')) {
      if (bool(container, 'ready')) {
        readyContainers++;
      }
      continue;
    }
    if (terminated) {
      const termReason = str(container, 'state.terminated.reason');
      if (termReason === '') {
        const signal = int(container, 'state.terminated.signal');
        reason = signal !== 0 ? `Init:Signal:${signal}` : `Init:ExitCode:${int(container, 'state.terminated.exitCode')}`;
      } else {
        reason = `Init:${termReason}`;
      }
    } else if (str(container, 'state.waiting.reason') !== '' && str(container, 'state.waiting.reason') !== 'PodInitializing') {
      reason = `Init:${str(container, 'state.waiting.reason')}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = objects(pod, 'status.containerStatuses');
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] ?? {};
      restarts += int(container, 'restartCount');
      lastRestart = later(lastRestart, terminatedAt(container));
      const hasTerminated = present(at(container, 'state.terminated'));
      const hasRunningState = present(at(container, 'state.running'));
      if (str(container, 'state.waiting.reason') !== '') {
        reason = str(container, 'state.waiting.reason');
      } else if (hasTerminated && str(container, 'state.terminated.reason') !== '') {
        reason = str(container, 'state.terminated.reason');
      } else if (hasTerminated) {
        const signal = int(container, 'state.terminated.signal');
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${int(container, 'state.terminated.exitCode')}`;
      } else if (bool(container, 'ready') && hasRunningState) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = typeof pod.metadata.deletionTimestamp === 'string' && pod.metadata.deletionTimestamp !== '';
  if (deleting && str(pod, 'status.reason') === 'NodeLost') {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Succeeded' && podPhase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsText = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }

  const podIPs = objects(pod, 'status.podIPs');
  let podIP = podIPs.length > 0 ? str(podIPs[0], 'ip') : str(pod, 'status.podIP');
  if (podIP === '') {
    podIP = '<none>';
  }
  const nodeName = str(pod, 'spec.nodeName') || '<none>';
  const nominated = str(pod, 'status.nominatedNodeName') || '<none>';
  let readinessGates = '<none>';
  const gates = objects(pod, 'spec.readinessGates');
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const c = objects(pod, 'status.conditions').find((cond) => str(cond, 'type') === str(gate, 'conditionType'));
      if (c !== undefined && str(c, 'status') === 'True') {
        trueConditions++;
      }
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  const cells: unknown[] = [
    pod.metadata.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsText,
    timestampSince(pod.metadata.creationTimestamp, now),
    podIP,
    nodeName,
    nominated,
    readinessGates,
  ];
  return conditions === undefined ? { cells } : { cells, conditions };
}

/** NAME READY STATUS RESTARTS AGE (wide: IP NODE NOMINATED NODE READINESS GATES). */
export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', {
      priority: 1,
    }),
    column('Node', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
    column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', {
      priority: 1,
    }),
    column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  row: podRow,
};
