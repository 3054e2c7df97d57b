import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rfc3339Seconds } from './timestamp.js';

test('rfc3339Seconds drops the fraction and follows the clock', () => {
  const cases: [string, string][] = [
    ['2024-01-02T03:04:05.678Z', '2024-01-02T03:04:05Z'],
    ['2024-01-02T03:04:05.001Z', '2024-01-02T03:04:05Z'],
    ['2024-01-02T03:04:06.000Z', '2024-01-02T03:04:06Z'],
    ['1999-12-31T23:59:59.999Z', '1999-12-31T23:59:59Z'],
  ];
  for (const [input, want] of cases) {
    assert.equal(rfc3339Seconds(new Date(input)), want);
  }
});
