import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakePatchSchema } from './fake-patch-schema.js';
import { applyPatch, PatchError, UnsupportedMediaTypeError } from './index.js';
import type { PatchSchema } from '../../api/schema/patch-schema.js';

const podSpec: PatchSchema = fakePatchSchema('PodSpec', () => ({
  containers: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name' },
}));
const pod: PatchSchema = fakePatchSchema('Pod', () => ({ spec: { shape: 'object', schema: podSpec } }));

const live = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1' } },
  spec: { containers: [{ name: 'c', image: 'x:1' }] },
};

const CR_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';
const BUILTIN_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';

function rejects(run: () => unknown, code: number, message: string): void {
  assert.throws(run, (error: unknown) => error instanceof PatchError && error.code === code && error.message === message);
}

describe('applyPatch', () => {
  it('dispatches a strategic merge patch using the schema', () => {
    const body = '{"spec":{"containers":[{"name":"c","image":"x:2"}]}}';
    assert.deepEqual(applyPatch('application/strategic-merge-patch+json', live, body, pod), {
      ...live,
      spec: { containers: [{ name: 'c', image: 'x:2' }] },
    });
  });

  it('dispatches a merge patch (lists replaced) and ignores Content-Type parameters', () => {
    const body = Buffer.from('{"metadata":{"labels":{"a":null,"b":"2"}},"spec":{"containers":[{"name":"d"}]}}');
    assert.deepEqual(applyPatch('application/merge-patch+json; charset=utf-8', live, body, undefined), {
      ...live,
      metadata: { name: 'p', labels: { b: '2' } },
      spec: { containers: [{ name: 'd' }] },
    });
  });

  it('dispatches a JSON patch', () => {
    const body = '[{"op":"replace","path":"/spec/containers/0/image","value":"x:3"}]';
    assert.deepEqual(applyPatch('application/json-patch+json', live, body, undefined), {
      ...live,
      spec: { containers: [{ name: 'c', image: 'x:3' }] },
    });
  });

  it('does not modify the original', () => {
    const before = structuredClone(live);
    applyPatch('application/strategic-merge-patch+json', live, '{"metadata":{"labels":{"a":null}}}', pod);
    assert.deepEqual(live, before);
  });

  it('answers 415 for a strategic merge patch on a kind without schema (custom resources)', () => {
    assert.throws(
      () => applyPatch('application/strategic-merge-patch+json', live, '{}', undefined),
      (error: unknown) =>
        error instanceof UnsupportedMediaTypeError &&
        error.code === 415 &&
        error.reason === 'UnsupportedMediaType' &&
        error.message === CR_TYPES,
    );
  });

  it('answers 415 for unknown types, listing what a built-in kind accepts', () => {
    rejects(() => applyPatch('application/json', live, '{}', pod), 415, BUILTIN_TYPES);
    rejects(() => applyPatch(' application/merge-patch+json', live, '{}', pod), 415, BUILTIN_TYPES);
  });

  it('leaves server-side apply to its own handler', () => {
    assert.throws(() => applyPatch('application/apply-patch+yaml', live, '{}', pod), /server-side apply/);
  });

  it('answers 400 with Go wording for malformed bodies', () => {
    rejects(() => applyPatch('application/json-patch+json', live, '[{', undefined), 400, 'unexpected end of JSON input');
    rejects(() => applyPatch('application/merge-patch+json', live, '{x}', undefined), 400, 'Invalid JSON Patch');
    rejects(
      () => applyPatch('application/strategic-merge-patch+json', live, 'nope', pod),
      400,
      "invalid character 'o' in literal null (expecting 'u')",
    );
    rejects(
      () => applyPatch('application/strategic-merge-patch+json', live, '[]', pod),
      400,
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });

  it('treats a null strategic merge patch as empty', () => {
    assert.deepEqual(applyPatch('application/strategic-merge-patch+json', live, 'null', pod), live);
  });

  it('answers 422 Invalid when a patch leaves no object behind', () => {
    assert.throws(
      () => applyPatch('application/json-patch+json', live, '[{"op":"replace","path":"","value":[1]}]', undefined),
      (error: unknown) =>
        error instanceof PatchError &&
        error.code === 422 &&
        error.reason === 'Invalid' &&
        error.message.startsWith(' "" is invalid: patch: Invalid value: "[1]": couldn\'t get version/kind;') &&
        error.causes[0]?.field === 'patch',
    );
  });
});
