import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from './json-value.js';
import { applyMergePatch } from './merge-patch.js';
import { PatchError } from './patch-error.js';

// RFC 7386 appendix A, then kube-specific shapes.
const cases: [string, JsonValue, JsonValue, JsonValue][] = [
  ['replaces a member', { a: 'b' }, { a: 'c' }, { a: 'c' }],
  ['adds a member', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  ['null deletes a member', { a: 'b' }, { a: null }, {}],
  ['null deletes only that member', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  ['a scalar replaces a list', { a: ['b'] }, { a: 'c' }, { a: 'c' }],
  ['a list replaces a scalar', { a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  ['objects merge recursively', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  ['lists are replaced, not merged', { a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  ['nulls already in the document stay', { e: null }, { a: 1 }, { e: null, a: 1 }],
  ['nulls inside a new object are dropped', {}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ['nulls in objects inside a new list are dropped, null elements stay', {}, { a: [{ b: null, c: 1 }, null] }, { a: [{ c: 1 }, null] }],
  ['an object replacing an object-valued member keeps nulls of a list value', { a: { x: 1 } }, { a: [{ b: null }] }, { a: [{ b: null }] }],
  ['removing a label', { metadata: { labels: { k: 'v', o: 'p' } } }, { metadata: { labels: { k: null } } }, { metadata: { labels: { o: 'p' } } }],
  ['deleting an absent member is harmless', { a: 1 }, { b: null }, { a: 1 }],
  ['scale subresource shape', { spec: { replicas: 1 }, status: { replicas: 1 } }, { spec: { replicas: 3 } }, { spec: { replicas: 3 }, status: { replicas: 1 } }],
  ['a list patch replaces the whole document', { a: 1 }, [{ b: null }, null], [{}, null]],
];

describe('applyMergePatch', () => {
  for (const [name, original, patch, want] of cases) {
    it(name, () => {
      const before = structuredClone(original);
      const patchBefore = structuredClone(patch);
      assert.deepEqual(applyMergePatch(original, patch), want);
      assert.deepEqual(original, before, 'the document is not modified');
      assert.deepEqual(patch, patchBefore, 'the patch is not modified');
    });
  }

  for (const patch of [null, 'c', 1, true]) {
    it(`rejects a ${JSON.stringify(patch)} patch with 400 Invalid JSON Patch`, () => {
      assert.throws(
        () => applyMergePatch({ a: 1 }, patch),
        (error: unknown) => error instanceof PatchError && error.code === 400 && error.message === 'Invalid JSON Patch',
      );
    });
  }
});
