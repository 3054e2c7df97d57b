import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronParseError, mostRecentActivation, nextActivation, parseCronSchedule } from './cron-schedule.js';

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('nextActivation', () => {
  const table: [string, string, string][] = [
    ['*/5 * * * *', '2025-03-10T10:02:30Z', '2025-03-10T10:05:00.000Z'],
    ['0 * * * *', '2025-03-10T10:00:00Z', '2025-03-10T11:00:00.000Z'],
    ['@hourly', '2025-03-10T23:30:00Z', '2025-03-11T00:00:00.000Z'],
    ['30 2 * * *', '2025-03-10T03:00:00Z', '2025-03-11T02:30:00.000Z'],
    ['0 9 * * mon-fri', '2025-03-08T12:00:00Z', '2025-03-10T09:00:00.000Z'], // Saturday -> Monday
    ['0 0 1 jan *', '2025-03-10T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['0 0 31 * *', '2025-04-01T00:00:00Z', '2025-05-31T00:00:00.000Z'], // April has no 31st
    ['0 0 13 * 5', '2025-03-10T00:00:00Z', '2025-03-13T00:00:00.000Z'], // day-of-month OR weekday: Thu 13th
    ['0 0 * * 7', '2025-03-10T00:00:00Z', '2025-03-16T00:00:00.000Z'], // 7 is Sunday
    ['15,45 1-3/2 * * *', '2025-03-10T01:20:00Z', '2025-03-10T01:45:00.000Z'],
    ['TZ=UTC 0 12 * * *', '2025-03-10T12:00:00Z', '2025-03-11T12:00:00.000Z'],
    ['@every 30s', '2025-03-10T12:00:00Z', '2025-03-10T12:00:30.000Z'],
  ];
  for (const [schedule, after, want] of table) {
    it(`${schedule} after ${after}`, () => {
      assert.equal(iso(nextActivation(parseCronSchedule(schedule), t(after))), want);
    });
  }
});

describe('parseCronSchedule errors', () => {
  for (const bad of ['* * * *', '61 * * * *', '*/0 * * * *', '@fortnightly', 'TZ=Europe/Paris 0 * * * *', 'a b c d e']) {
    it(`refuses "${bad}"`, () => {
      assert.throws(() => parseCronSchedule(bad), CronParseError);
    });
  }
});

describe('mostRecentActivation', () => {
  it('finds the latest missed start in the window', () => {
    const s = parseCronSchedule('*/10 * * * *');
    assert.equal(iso(mostRecentActivation(s, t('2025-03-10T10:00:00Z'), t('2025-03-10T10:35:00Z'))), '2025-03-10T10:30:00.000Z');
    assert.equal(mostRecentActivation(s, t('2025-03-10T10:30:00Z'), t('2025-03-10T10:35:00Z')), undefined);
  });
  it('does not walk every missed start of a long gap', () => {
    const s = parseCronSchedule('* * * * *');
    assert.equal(iso(mostRecentActivation(s, t('2020-01-01T00:00:00Z'), t('2025-03-10T10:35:20Z'))), '2025-03-10T10:35:00.000Z');
  });
});
