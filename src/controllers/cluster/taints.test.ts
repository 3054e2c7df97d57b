import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Condition, Taint } from '../../api/policy/kube-core.js';
import { setCurrentClusterTaints, taintsForReadyCondition, NOT_READY_TAINT, UNREACHABLE_TAINT } from './taints.js';

const NOW = Date.parse('2024-05-01T10:00:00Z');
const STAMP = '2024-05-01T10:00:00Z';
const OLD = '2024-04-01T00:00:00Z';

function cluster(taints: Taint[] | undefined, ready?: Condition['status']): Cluster {
  return {
    metadata: { name: 'm1' },
    spec: { syncMode: 'Push', ...(taints === undefined ? {} : { taints }) },
    ...(ready === undefined ? {} : { status: { conditions: [{ type: 'Ready', status: ready, reason: 'x', message: 'y', lastTransitionTime: OLD }] } }),
  };
}

const notReady: Taint = { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: OLD };
const unreachable: Taint = { key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule', timeAdded: OLD };
const user: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('taintsForReadyCondition (Karmada taintClusterByCondition)', () => {
  const cases: { name: string; taints?: Taint[]; ready?: Condition['status']; want: Taint[] | undefined }[] = [
    { name: 'new cluster without Ready gets not-ready', want: [{ key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: STAMP }] },
    { name: 'new cluster already tainted: no change', taints: [notReady], want: undefined },
    { name: 'Ready False adds not-ready', ready: 'False', taints: [user], want: [user, { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: STAMP }] },
    { name: 'Ready False swaps unreachable for not-ready', ready: 'False', taints: [unreachable, user], want: [user, { key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: STAMP }] },
    { name: 'Ready False with not-ready: no change (timeAdded kept)', ready: 'False', taints: [notReady], want: undefined },
    { name: 'Ready Unknown swaps not-ready for unreachable', ready: 'Unknown', taints: [notReady], want: [{ key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule', timeAdded: STAMP }] },
    { name: 'Ready True removes both', ready: 'True', taints: [notReady, user, unreachable], want: [user] },
    { name: 'Ready True without taints: no change', ready: 'True', want: undefined },
    { name: 'Ready True keeps a NoExecute taint with the same key', ready: 'True', taints: [{ key: 'cluster.karmada.io/not-ready', effect: 'NoExecute' }], want: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(taintsForReadyCondition(cluster(c.taints, c.ready), NOW), c.want);
    });
  }
});

describe('setCurrentClusterTaints', () => {
  test('returns the same array when nothing changes', () => {
    const taints = [user];
    assert.equal(setCurrentClusterTaints(taints, [], [NOT_READY_TAINT], NOW), taints);
  });
  test('matches by key and effect, not value', () => {
    assert.deepEqual(setCurrentClusterTaints([{ ...notReady, value: 'v' }], [NOT_READY_TAINT], [], NOW), [{ ...notReady, value: 'v' }]);
    assert.deepEqual(setCurrentClusterTaints([{ ...unreachable, value: 'v' }], [], [UNREACHABLE_TAINT], NOW), []);
  });
});
