import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOG_PERIOD_MS, logLines, renderLog, type ContainerRun } from './log-lines.js';

const start = Date.parse('2025-01-01T00:00:00Z');
const run: ContainerRun = { pod: 'web-1', container: 'web', image: 'docker.io/library/nginx:latest', startedAt: start };

describe('simulated container logs', () => {
  it('starts with the image, then one line per period, the same every time', () => {
    const lines = logLines(run, start + 3 * LOG_PERIOD_MS + 5);
    assert.equal(lines.length, 4);
    assert.equal(lines[0]?.text, '[simulator] container web started (image docker.io/library/nginx:latest)');
    assert.deepEqual(logLines(run, start + 3 * LOG_PERIOD_MS + 9), lines);
  });
  it('ends with the exit code of a finished container', () => {
    const lines = logLines({ ...run, finishedAt: start + 15_000, exitCode: 0 }, start + 999_999);
    assert.equal(lines.at(-1)?.text, '[simulator] container web exited with code 0');
    assert.equal(lines.length, 3);
  });
  it('applies tail, since, timestamps and limitBytes', () => {
    const lines = logLines(run, start + 5 * LOG_PERIOD_MS);
    assert.equal(renderLog(lines, { tailLines: 2 }).split('\n').length, 3);
    assert.equal(renderLog(lines, { sinceMs: start + 4 * LOG_PERIOD_MS }).split('\n').filter(Boolean).length, 2);
    assert.match(renderLog(lines, { tailLines: 1, timestamps: true }), /^2025-01-01T00:00:50\.000000000Z \[simulator\] /);
    assert.equal(renderLog(lines, { limitBytes: 10 }).length, 10);
  });
});
