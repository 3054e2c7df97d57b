import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyJson } from './json-copy.js';

describe('copyJson', () => {
  it('copies like structuredClone and shares nothing', () => {
    const value = { a: 1, b: 'x', c: [1, { d: null, e: undefined }], f: { g: true, h: [] }, i: {} };
    const copy = copyJson(value);
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.notEqual(copy.c, value.c);
    assert.notEqual(copy.c[1], value.c[1]);
    assert.notEqual(copy.f, value.f);
    assert.ok(Object.hasOwn(copy.c[1] as object, 'e'));
  });
  it('copies other objects, such as a Date, with structuredClone', () => {
    const date = new Date(0);
    const copy = copyJson({ when: date, list: [1, 2] });
    assert.ok(copy.when instanceof Date && copy.when !== date && copy.when.getTime() === 0);
    assert.deepEqual(copy.list, [1, 2]);
  });
  it('copies primitives as they are', () => {
    for (const value of [1, 'a', true, null, undefined]) assert.equal(copyJson(value), value);
  });
});
