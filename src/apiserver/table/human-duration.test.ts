import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration, timestampSince } from './human-duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  const cases: readonly [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1500, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 30 * s, '2m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 20 * m, '3h20m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d, '8y'],
  ];
  for (const [ms, text] of cases) {
    it(`${ms}ms is ${text}`, () => assert.equal(humanDuration(ms), text));
  }

  it('ages a timestamp, <unknown> when unset', () => {
    const now = new Date('2024-01-01T00:10:00Z');
    assert.equal(timestampSince('2024-01-01T00:05:00Z', now), '5m');
    assert.equal(timestampSince(undefined, now), '<unknown>');
  });
});
