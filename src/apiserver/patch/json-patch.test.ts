import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
import type { JsonValue } from './json-value.js';
import { PatchError } from './patch-error.js';

const doc = {
  metadata: { name: 'x', labels: { app: 'web' }, annotations: { 'example.com/key': 'v', 'a~b': 't' } },
  spec: { replicas: 1, list: ['a', 'b', 'c'], empty: null },
};

interface Case {
  name: string;
  patch: JsonValue;
  want?: JsonValue;
  /** The json-patch message kube returns as the cause of its 422. */
  error?: string;
}

const cases: Case[] = [
  { name: 'add a member', patch: [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }], want: { ...doc, metadata: { ...doc.metadata, labels: { app: 'web', tier: 'fe' } } } },
  { name: 'add overwrites an existing member', patch: [{ op: 'add', path: '/spec/replicas', value: 3 }], want: { ...doc, spec: { ...doc.spec, replicas: 3 } } },
  { name: 'add inserts into an array', patch: [{ op: 'add', path: '/spec/list/1', value: 'x' }], want: { ...doc, spec: { ...doc.spec, list: ['a', 'x', 'b', 'c'] } } },
  { name: 'add appends with -', patch: [{ op: 'add', path: '/spec/list/-', value: 'd' }], want: { ...doc, spec: { ...doc.spec, list: ['a', 'b', 'c', 'd'] } } },
  { name: 'add with index -1 appends (negative indices count from the end)', patch: [{ op: 'add', path: '/spec/list/-1', value: 'd' }], want: { ...doc, spec: { ...doc.spec, list: ['a', 'b', 'c', 'd'] } } },
  { name: 'add without a value adds null', patch: [{ op: 'add', path: '/spec/x' }], want: { ...doc, spec: { ...doc.spec, x: null } } },
  { name: 'remove a member with an escaped key', patch: [{ op: 'remove', path: '/metadata/annotations/example.com~1key' }], want: { ...doc, metadata: { ...doc.metadata, annotations: { 'a~b': 't' } } } },
  { name: '~0 unescapes to ~', patch: [{ op: 'remove', path: '/metadata/annotations/a~0b' }], want: { ...doc, metadata: { ...doc.metadata, annotations: { 'example.com/key': 'v' } } } },
  { name: 'remove the last element with -1', patch: [{ op: 'remove', path: '/spec/list/-1' }], want: { ...doc, spec: { ...doc.spec, list: ['a', 'b'] } } },
  { name: 'replace an existing member', patch: [{ op: 'replace', path: '/spec/replicas', value: 5 }], want: { ...doc, spec: { ...doc.spec, replicas: 5 } } },
  { name: 'replace the whole document', patch: [{ op: 'replace', path: '', value: { a: 1 } }], want: { a: 1 } },
  { name: 'move a member', patch: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' }], want: { ...doc, metadata: { ...doc.metadata, labels: { name: 'web' } } } },
  { name: 'copy a member', patch: [{ op: 'copy', from: '/spec/list/0', path: '/spec/first' }], want: { ...doc, spec: { ...doc.spec, first: 'a' } } },
  { name: 'a passing test changes nothing', patch: [{ op: 'test', path: '/spec/list', value: ['a', 'b', 'c'] }, { op: 'test', path: '/metadata/labels', value: { app: 'web' } }], want: doc },
  { name: 'testing a missing or null member against null passes', patch: [{ op: 'test', path: '/spec/ghost', value: null }, { op: 'test', path: '/spec/empty', value: null }], want: doc },
  { name: 'an empty patch changes nothing', patch: [], want: doc },
  { name: 'a null patch changes nothing', patch: null, want: doc },
  { name: 'add below a missing parent', patch: [{ op: 'add', path: '/spec/foo/bar', value: 1 }], error: 'add operation does not apply: doc is missing path: "/spec/foo/bar": missing value' },
  { name: 'add below a scalar', patch: [{ op: 'add', path: '/spec/replicas/x', value: 1 }], error: 'add operation does not apply: doc is missing path: "/spec/replicas/x": missing value' },
  { name: 'add past the end of an array', patch: [{ op: 'add', path: '/spec/list/5', value: 1 }], error: "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced" },
  { name: 'add at a non-numeric array index', patch: [{ op: 'add', path: '/spec/list/x', value: 1 }], error: `error in add for path: '/spec/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax` },
  { name: 'remove a missing member', patch: [{ op: 'remove', path: '/metadata/labels/nope' }], error: "error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value" },
  { name: 'replace a missing member (kube rejects what RFC-lax libraries add)', patch: [{ op: 'replace', path: '/spec/foo', value: 1 }], error: 'replace operation does not apply: doc is missing key: /spec/foo: missing value' },
  { name: 'replace out of range', patch: [{ op: 'replace', path: '/spec/list/3', value: 1 }], error: 'replace operation does not apply: doc is missing key: /spec/list/3: missing value' },
  { name: 'a failing test', patch: [{ op: 'test', path: '/spec/replicas', value: 2 }], error: 'testing value /spec/replicas failed: test failed' },
  { name: 'testing a missing member against a value', patch: [{ op: 'test', path: '/spec/ghost', value: 1 }], error: 'testing value /spec/ghost failed: test failed' },
  { name: 'move from a missing member', patch: [{ op: 'move', from: '/spec/ghost', path: '/spec/x' }], error: "error in move for path: 'ghost': unable to get nonexistent key: ghost: missing value" },
  { name: 'copy from a missing parent', patch: [{ op: 'copy', from: '/nope/a', path: '/spec/x' }], error: 'copy operation does not apply: doc is missing from path: /nope/a: missing value' },
  { name: 'an unknown op', patch: [{ op: 'frob', path: '/spec' }], error: 'Unexpected kind: frob' },
  { name: 'an operation without op', patch: [{ path: '/spec' }], error: 'Unexpected kind: unknown' },
  { name: 'a null operation', patch: [null], error: 'Unexpected kind: unknown' },
  { name: 'an add without path', patch: [{ op: 'add', value: 1 }], error: 'add operation failed to decode path: missing value' },
  { name: 'a replace without path', patch: [{ op: 'replace', value: 1 }], error: 'replace operation failed to decode path: operation missing path field: missing value' },
  { name: 'a later failure undoes nothing but fails the whole patch', patch: [{ op: 'add', path: '/spec/x', value: 1 }, { op: 'remove', path: '/spec/ghost' }], error: "error in remove for path: '/spec/ghost': Unable to remove nonexistent key: ghost: missing value" },
];

describe('applyJsonPatch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = structuredClone(doc);
      if (c.error !== undefined) {
        const expected = c.error;
        assert.throws(
          () => applyJsonPatch(doc, c.patch),
          (error: unknown) =>
            error instanceof PatchError &&
            error.code === 422 &&
            error.reason === 'Invalid' &&
            error.message === 'the server rejected our request due to an error in our request' &&
            error.causes[0]?.message === expected,
        );
      } else {
        assert.deepEqual(applyJsonPatch(doc, c.patch), c.want);
      }
      assert.deepEqual(doc, before, 'the input is not modified');
    });
  }

  it('does not alias values of the patch into the result', () => {
    const value = { deep: { x: 1 } };
    const result = applyJsonPatch({}, [{ op: 'add', path: '/a', value }]) as { a: { deep: { x: number } } };
    result.a.deep.x = 2;
    assert.equal(value.deep.x, 1);
  });

  const shapeErrors: [string, JsonValue, string][] = [
    ['an object body', { op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    ['a string operation', ['add'], 'json: cannot unmarshal string into Go value of type jsonpatch.Operation'],
  ];
  for (const [name, patch, message] of shapeErrors) {
    it(`rejects ${name} with 400`, () => {
      assert.throws(
        () => applyJsonPatch(doc, patch),
        (error: unknown) => error instanceof PatchError && error.code === 400 && error.reason === 'BadRequest' && error.message === message,
      );
    });
  }

  it(`rejects more than ${MAX_JSON_PATCH_OPERATIONS} operations with 413`, () => {
    const patch = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/spec/replicas', value: 1 }));
    assert.throws(
      () => applyJsonPatch(doc, patch),
      (error: unknown) =>
        error instanceof PatchError &&
        error.code === 413 &&
        error.message === 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });

  it('renders the 422 as kube does', () => {
    try {
      applyJsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 2 }]);
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof PatchError);
      assert.deepEqual(error.toStatus(), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server rejected our request due to an error in our request',
        reason: 'Invalid',
        details: { causes: [{ message: 'testing value /spec/replicas failed: test failed' }] },
        code: 422,
      });
    }
  });
});
