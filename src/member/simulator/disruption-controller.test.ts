import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetStatus } from './disruption-controller.js';

describe('PodDisruptionBudget arithmetic', () => {
  const table: [string, { minAvailable?: number | string; maxUnavailable?: number | string }, { pods: number; controllerScale: number; healthy: number }, [number, number, number]][] = [
    ['minAvailable 2 of 3 healthy', { minAvailable: 2 }, { pods: 3, controllerScale: 3, healthy: 3 }, [3, 2, 1]],
    ['minAvailable 3 of 3 allows nothing', { minAvailable: 3 }, { pods: 3, controllerScale: 3, healthy: 3 }, [3, 3, 0]],
    ['minAvailable 50% rounds up over the controllers scale', { minAvailable: '50%' }, { pods: 4, controllerScale: 5, healthy: 4 }, [5, 3, 1]],
    ['maxUnavailable 1', { maxUnavailable: 1 }, { pods: 4, controllerScale: 4, healthy: 4 }, [4, 3, 1]],
    ['maxUnavailable 1 with one already down', { maxUnavailable: 1 }, { pods: 4, controllerScale: 4, healthy: 3 }, [4, 3, 0]],
    ['maxUnavailable 25% rounds up', { maxUnavailable: '25%' }, { pods: 10, controllerScale: 10, healthy: 10 }, [10, 7, 3]],
  ];
  for (const [name, spec, counts, [expectedPods, desiredHealthy, disruptionsAllowed]] of table) {
    it(name, () => {
      assert.deepEqual(budgetStatus(spec, counts), { expectedPods, desiredHealthy, disruptionsAllowed });
    });
  }
});
