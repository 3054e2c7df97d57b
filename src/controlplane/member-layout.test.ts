import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberPlacement } from './member-layout.js';

test('members are spread over regions and zones as DESIGN.md lays them out', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((i) => memberPlacement(i)),
    [
      { name: 'member1', region: 'region-1', zone: 'zone-1a', provider: 'simulated' },
      { name: 'member2', region: 'region-1', zone: 'zone-1b', provider: 'simulated' },
      { name: 'member3', region: 'region-2', zone: 'zone-2a', provider: 'simulated' },
      { name: 'member4', region: 'region-2', zone: 'zone-2b', provider: 'simulated' },
      { name: 'member5', region: 'region-3', zone: 'zone-3a', provider: 'simulated' },
    ],
  );
});
