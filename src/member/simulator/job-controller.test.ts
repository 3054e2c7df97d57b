import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIndexes } from './job-controller.js';

describe('formatIndexes', () => {
  const table: [number[], string][] = [
    [[], ''],
    [[0], '0'],
    [[0, 1, 2], '0-2'],
    [[4, 0, 2, 1, 6, 7], '0-2,4,6-7'],
    [[3, 3, 5], '3,5'],
  ];
  for (const [indexes, want] of table) {
    it(`${JSON.stringify(indexes)} -> "${want}"`, () => assert.equal(formatIndexes(indexes), want));
  }
});
