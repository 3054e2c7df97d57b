import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FakeApiServer } from '../../client/fake-api-server.js';
import { createMergePatch, editorCommand, parseEdited, runEdit } from './edit.js';

const CM = { apiVersion: 'v1', kind: 'ConfigMap' };

function setup(): { api: FakeApiServer; out: string[]; err: string[]; io: { out: (t: string) => void; err: (t: string) => void } } {
  const api = new FakeApiServer();
  api.seed('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { mode: 'blue', drop: 'me' } });
  const out: string[] = [];
  const err: string[] = [];
  return { api, out, err, io: { out: (t) => void out.push(t), err: (t) => void err.push(t) } };
}

describe('edit', () => {
  it('computes merge patches', () => {
    assert.deepEqual(createMergePatch({ a: 1, b: { c: 1, d: 2 }, e: [1] }, { a: 1, b: { c: 2 }, e: [1, 2] }), { b: { c: 2, d: null }, e: [1, 2] });
    assert.deepEqual(createMergePatch({ a: 1 }, { a: 1 }), {});
  });

  it('ignores comment lines and treats an emptied file as cancel', () => {
    assert.deepEqual(parseEdited('# header\na: 1\n'), { a: 1 });
    assert.equal(parseEdited('# only comments\n\n'), undefined);
  });

  it('picks KUBE_EDITOR, then EDITOR, then vi', () => {
    assert.equal(editorCommand({ KUBE_EDITOR: 'nano', EDITOR: 'emacs' }), 'nano');
    assert.equal(editorCommand({ EDITOR: 'emacs' }), 'emacs');
    assert.equal(editorCommand({}), 'vi');
  });

  it('sends what the editor changed and says edited', async () => {
    const { api, out, io } = setup();
    const edit = (path: string): void =>
      writeFileSync(
        path,
        readFileSync(path, 'utf8')
          .replace('mode: blue', 'mode: green')
          .replace(/\n\s+drop: me/, ''),
      );
    assert.equal(await runEdit(api.client, ['cm', 'cfg'], { namespace: 'default' }, io, edit), 0);
    assert.deepEqual(out, ['configmap/cfg edited']);
    assert.deepEqual((await api.client.get(CM, 'cfg', { namespace: 'default' }))['data'], { mode: 'green' });
  });

  it('cancels when nothing changed', async () => {
    const { api, out, err, io } = setup();
    assert.equal(await runEdit(api.client, ['cm/cfg'], { namespace: 'default' }, io, () => undefined), 0);
    assert.deepEqual(out, []);
    assert.deepEqual(err, ['Edit cancelled, no changes made.']);
  });
});
