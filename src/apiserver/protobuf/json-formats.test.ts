import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatMicroTime, formatTime, parseDuration, parseTime } from './json-formats.js';

describe('time formats', () => {
  it('formats metav1.Time with whole seconds in UTC', () => {
    assert.equal(formatTime(1704164645), '2024-01-02T03:04:05Z');
    assert.equal(formatTime(0), '1970-01-01T00:00:00Z');
    assert.equal(formatTime(-1), '1969-12-31T23:59:59Z');
    assert.equal(formatTime(1e15), undefined);
  });

  it('formats metav1.MicroTime with 6 fraction digits', () => {
    assert.equal(formatMicroTime(1704164645, 123456789), '2024-01-02T03:04:05.123456Z');
    assert.equal(formatMicroTime(1704164645, 0), '2024-01-02T03:04:05.000000Z');
  });

  const parseCases: [string, { seconds: number; nanos: number } | undefined][] = [
    ['2024-01-02T03:04:05Z', { seconds: 1704164645, nanos: 0 }],
    ['2024-01-02T03:04:05.5Z', { seconds: 1704164645, nanos: 500_000_000 }],
    ['2024-01-02T05:04:05+02:00', { seconds: 1704164645, nanos: 0 }],
    ['2024-01-02T01:04:05.000000001-02:00', { seconds: 1704164645, nanos: 1 }],
    ['2024-01-02 03:04:05Z', undefined],
    ['yesterday', undefined],
  ];
  for (const [text, want] of parseCases) {
    it(`parses ${text}`, () => assert.deepEqual(parseTime(text), want));
  }
});

describe('duration formats (Go time.Duration.String)', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [1, '1ns'],
    [1_500, '1.5µs'],
    [2_000_000, '2ms'],
    [1_500_000_000, '1.5s'],
    [60e9, '1m0s'],
    [3_723e9, '1h2m3s'],
    [3_600e9, '1h0m0s'],
    [-90e9, '-1m30s'],
  ];
  for (const [ns, text] of cases) {
    it(`${ns}ns is ${text}`, () => {
      assert.equal(formatDuration(ns), text);
      assert.equal(parseDuration(text), ns);
    });
  }

  it('rejects malformed durations', () => {
    assert.equal(parseDuration('1x'), undefined);
    assert.equal(parseDuration(''), undefined);
    assert.equal(parseDuration('5'), undefined);
  });
});
