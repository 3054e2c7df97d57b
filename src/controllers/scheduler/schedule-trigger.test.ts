import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Placement } from '../../api/policy/placement.js';
import type { AnyBinding } from '../shared/binding-types.js';
import { isSchedulable, scheduleType } from './schedule-trigger.js';

const divided: Placement = { replicaScheduling: { replicaSchedulingType: 'Divided' } };
const duplicated: Placement = { replicaScheduling: { replicaSchedulingType: 'Duplicated' } };

function binding(o: {
  placement?: Placement;
  applied?: Placement | 'none';
  replicas?: number;
  clusters?: { name: string; replicas?: number }[];
  trigger?: string;
  last?: string;
}): AnyBinding {
  const placement = o.placement ?? divided;
  const applied = o.applied ?? placement;
  return {
    metadata: {
      name: 'b',
      namespace: 'default',
      labels: { 'propagationpolicy.karmada.io/permanent-id': 'x' },
      ...(applied === 'none' ? {} : { annotations: { 'policy.karmada.io/applied-placement': JSON.stringify(applied) } }),
    },
    spec: {
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'default' },
      placement,
      ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
      ...(o.clusters === undefined ? {} : { clusters: o.clusters }),
      ...(o.trigger === undefined ? {} : { rescheduleTriggeredAt: o.trigger }),
    },
    ...(o.last === undefined ? {} : { status: { lastScheduledTime: o.last } }),
  };
}

describe('schedule triggers', () => {
  const table: [string, AnyBinding, string | undefined][] = [
    ['never scheduled', binding({ applied: 'none', replicas: 2 }), 'ReconcileSchedule'],
    ['placement changed', binding({ placement: divided, applied: duplicated, replicas: 2, clusters: [{ name: 'a', replicas: 2 }] }), 'ReconcileSchedule'],
    ['divided, up to date: no churn', binding({ replicas: 4, clusters: [{ name: 'a', replicas: 2 }, { name: 'b', replicas: 2 }] }), undefined],
    ['divided, scaled', binding({ replicas: 6, clusters: [{ name: 'a', replicas: 2 }, { name: 'b', replicas: 2 }] }), 'ScaleSchedule'],
    ['duplicated, scaled', binding({ placement: duplicated, replicas: 3, clusters: [{ name: 'a', replicas: 2 }] }), 'ScaleSchedule'],
    ['duplicated, up to date: re-evaluated', binding({ placement: duplicated, replicas: 2, clusters: [{ name: 'a', replicas: 2 }] }), 'ReconcileSchedule'],
    ['non-workload is always re-evaluated', binding({ clusters: [{ name: 'a' }] }), 'ReconcileSchedule'],
    [
      'fresh reschedule requested after the last scheduling',
      binding({ replicas: 2, clusters: [{ name: 'a', replicas: 2 }], trigger: '2024-01-02T00:00:00Z', last: '2024-01-01T00:00:00Z' }),
      'FreshSchedule',
    ],
    [
      'old reschedule request is ignored',
      binding({ replicas: 2, clusters: [{ name: 'a', replicas: 2 }], trigger: '2024-01-01T00:00:00Z', last: '2024-01-02T00:00:00Z' }),
      undefined,
    ],
  ];
  for (const [name, b, want] of table) {
    it(name, () => assert.equal(scheduleType(b), want));
  }

  it('reschedules a binding placed on a cluster that is going away', () => {
    const b = binding({ replicas: 4, clusters: [{ name: 'a', replicas: 2 }, { name: 'gone', replicas: 2 }] });
    assert.equal(scheduleType(b, (name) => name !== 'gone'), 'ReconcileSchedule');
    assert.equal(scheduleType(b, () => true), undefined);
  });

  it('schedules only claimed bindings of this scheduler that are not suspended or deleting', () => {
    const b = binding({ replicas: 1 });
    assert.equal(isSchedulable(b, 'default-scheduler'), true);
    assert.equal(isSchedulable(b, 'other-scheduler'), false);
    assert.equal(isSchedulable({ ...b, metadata: { ...b.metadata, labels: {} } }, 'default-scheduler'), false, 'attached bindings are not scheduled');
    assert.equal(isSchedulable({ ...b, spec: { ...b.spec, suspension: { scheduling: true } } }, 'default-scheduler'), false);
    assert.equal(isSchedulable({ ...b, metadata: { ...b.metadata, deletionTimestamp: 'x' } }, 'default-scheduler'), false);
  });
});
