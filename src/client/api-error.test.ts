import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, failureStatus, isAlreadyExists, isConflict, isGone, isInvalid, isNotFound, statusFromResponse } from './api-error.js';

describe('ApiError helpers', () => {
  const checks = { isNotFound, isConflict, isAlreadyExists, isGone, isInvalid };
  const table: [number, string, keyof typeof checks | undefined][] = [
    [404, 'NotFound', 'isNotFound'],
    [409, 'Conflict', 'isConflict'],
    [409, 'AlreadyExists', 'isAlreadyExists'],
    [410, 'Expired', 'isGone'],
    [410, 'Gone', 'isGone'],
    [422, 'Invalid', 'isInvalid'],
    [404, '', 'isNotFound'],
    [409, '', 'isConflict'],
    [500, 'InternalError', undefined],
  ];
  for (const [code, reason, which] of table) {
    it(`${code} ${reason || '(no reason)'} is ${which ?? 'none of them'}`, () => {
      const err = new ApiError(failureStatus(code, reason, 'm'));
      for (const [name, fn] of Object.entries(checks)) {
        assert.equal(fn(err), name === which, name);
      }
    });
  }
  it('is false for other errors', () => {
    assert.equal(isNotFound(new Error('404')), false);
  });
  it('builds a Status from a bare HTTP answer', () => {
    const s = statusFromResponse(503, undefined, 'upstream down');
    assert.deepEqual([s.code, s.reason, s.message], [503, 'ServiceUnavailable', 'upstream down']);
    const own = statusFromResponse(409, { kind: 'Status', apiVersion: 'v1', metadata: {}, code: 409, reason: 'AlreadyExists', message: 'exists' });
    assert.equal(own.reason, 'AlreadyExists');
  });
});
