import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FakeApiServer } from '../../client/fake-api-server.js';
import { runCreate } from './create.js';
import { gracePeriod, parseCascade, runDelete } from './delete.js';
import { applyChanges, conflicts, runLabel, splitChanges } from './label-annotate.js';
import { parsePatch, runPatch } from './patch.js';
import { parseDryRun, splitResourceArgs } from './resource-args.js';

const CM = { apiVersion: 'v1', kind: 'ConfigMap' };
const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };

function io(): { out: string[]; err: string[]; io: { out: (t: string) => void; err: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => void out.push(t), err: (t) => void err.push(t) } };
}

function server(): FakeApiServer {
  const api = new FakeApiServer();
  api.seed('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a', namespace: 'default', labels: { app: 'x', tier: 'web' } },
    data: { k: 'v' },
  });
  api.seed('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default', labels: { app: 'x' } } });
  api.seed('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1 } });
  return api;
}

describe('resource arguments', () => {
  const cases: [string[], ReturnType<typeof splitResourceArgs>][] = [
    [
      ['deploy', 'a', 'b'],
      {
        pairs: [
          { type: 'deploy', name: 'a' },
          { type: 'deploy', name: 'b' },
        ],
        types: [],
      },
    ],
    [
      ['deploy/a', 'cm/b'],
      {
        pairs: [
          { type: 'deploy', name: 'a' },
          { type: 'cm', name: 'b' },
        ],
        types: [],
      },
    ],
    [
      ['deploy,cm', 'x'],
      {
        pairs: [
          { type: 'deploy', name: 'x' },
          { type: 'cm', name: 'x' },
        ],
        types: [],
      },
    ],
    [['deploy,cm'], { pairs: [], types: ['deploy', 'cm'] }],
  ];
  for (const [args, expected] of cases) {
    it(`splits ${args.join(' ')}`, () => assert.deepEqual(splitResourceArgs(args), expected));
  }
  it('refuses a type beside TYPE/NAME arguments', () => assert.throws(() => splitResourceArgs(['deploy', 'cm/b']), /no need to specify a resource type/));
  it('parses --dry-run', () => {
    assert.equal(parseDryRun(undefined), 'none');
    assert.equal(parseDryRun(true), 'client');
    assert.equal(parseDryRun('server'), 'server');
    assert.throws(() => parseDryRun('maybe'), /Invalid dry-run value/);
  });
});

describe('label and annotate', () => {
  it('splits resources from changes', () => {
    assert.deepEqual(splitChanges(['cm', 'a', 'x=1', 'y-']), { resources: ['cm', 'a'], changes: { set: { x: '1' }, remove: ['y'] } });
    assert.throws(() => splitChanges(['cm', 'a', 'x=1', 'x-']), /both modify and remove/);
  });

  it('finds conflicts and applies changes', () => {
    assert.deepEqual(conflicts({ a: '1' }, { set: { a: '2', b: '3' }, remove: [] }), ["'a' already has a value (1)"]);
    assert.deepEqual(applyChanges({ a: '1' }, { set: { a: '1' }, remove: ['zz'] }), { next: { a: '1' }, changed: false, missing: ['zz'] });
    assert.deepEqual(applyChanges({ a: '1' }, { set: {}, remove: ['a'] }), { next: {}, changed: true, missing: [] });
  });

  it('labels, says "not labeled" when nothing changes, and needs --overwrite to change a value', async () => {
    const api = server();
    const r = io();
    assert.equal(await runLabel(api.client, 'labels', ['cm', 'a', 'team=blue'], { namespace: 'default' }, r.io), 0);
    assert.equal(await runLabel(api.client, 'labels', ['cm/a', 'team=blue'], { namespace: 'default' }, r.io), 0);
    assert.equal(await runLabel(api.client, 'labels', ['cm', 'a', 'team=red'], { namespace: 'default' }, r.io), 1);
    assert.equal(await runLabel(api.client, 'labels', ['cm', 'a', 'team=red', 'tier-'], { namespace: 'default', overwrite: true }, r.io), 0);
    assert.deepEqual(r.out, ['configmap/a labeled', 'configmap/a not labeled', 'configmap/a labeled']);
    assert.deepEqual(r.err, ["error: 'team' already has a value (blue), and --overwrite is false"]);
    assert.deepEqual((await api.client.get(CM, 'a', { namespace: 'default' })).metadata.labels, { app: 'x', team: 'red' });
  });

  it('annotates every object a selector matches', async () => {
    const api = server();
    const r = io();
    assert.equal(await runLabel(api.client, 'annotations', ['cm', 'note=hi'], { namespace: 'default', selector: 'app=x' }, r.io), 0);
    assert.deepEqual(r.out.sort(), ['configmap/a annotated', 'configmap/b annotated']);
    assert.equal((await api.client.get(CM, 'b', { namespace: 'default' })).metadata.annotations?.['note'], 'hi');
  });

  it('leaves the object alone under --dry-run=client', async () => {
    const api = server();
    const r = io();
    await runLabel(api.client, 'labels', ['cm', 'a', 'x=1'], { namespace: 'default', dryRun: 'client' }, r.io);
    assert.deepEqual(r.out, ['configmap/a labeled (dry run)']);
    assert.equal((await api.client.get(CM, 'a', { namespace: 'default' })).metadata.labels?.['x'], undefined);
  });
});

describe('patch', () => {
  it('parses JSON and YAML patches and checks their shape', () => {
    assert.deepEqual(parsePatch('{"a":1}', 'merge'), { a: 1 });
    assert.deepEqual(parsePatch('spec: {replicas: 2}', 'strategic'), { spec: { replicas: 2 } });
    assert.throws(() => parsePatch('{"a":1}', 'json'), /list of operations/);
  });

  it('patches, and says (no change) when the object stays the same', async () => {
    const api = server();
    const r = io();
    await runPatch(api.client, ['deploy', 'web'], { namespace: 'default', patch: '{"spec":{"replicas":3}}', type: 'merge' }, r.io);
    await runPatch(api.client, ['deploy/web'], { namespace: 'default', patch: '{"spec":{"replicas":3}}', type: 'merge' }, r.io);
    await runPatch(api.client, ['deploy', 'web'], { namespace: 'default', patch: '[{"op":"replace","path":"/spec/replicas","value":5}]', type: 'json' }, r.io);
    assert.deepEqual(r.out, ['deployment.apps/web patched', 'deployment.apps/web patched (no change)', 'deployment.apps/web patched']);
    assert.deepEqual((await api.client.get(DEPLOY, 'web', { namespace: 'default' }))['spec'], { replicas: 5 });
  });

  it('reports a missing object as kubectl does', async () => {
    const api = server();
    const r = io();
    assert.equal(await runPatch(api.client, ['deploy', 'nope'], { namespace: 'default', patch: '{}' }, r.io), 1);
    assert.match(r.err[0] ?? '', /^Error from server \(NotFound\): /);
  });
});

describe('create and delete', () => {
  it('creates the objects of a file and reports the ones that exist', async () => {
    const api = server();
    const dir = mkdtempSync(join(tmpdir(), 'karmadactl-create-'));
    const file = join(dir, 'objs.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const r = io();
    assert.equal(await runCreate(api.client, { filename: [file], namespace: 'default' }, r.io), 1);
    assert.deepEqual(r.out, ['configmap/c created']);
    assert.match(r.err[0] ?? '', /^Error from server \(AlreadyExists\)/);
    assert.equal((await api.client.get(CM, 'c', { namespace: 'default' })).metadata.namespace, 'default');
  });

  it('parses --cascade and the grace period flags', () => {
    assert.equal(parseCascade(undefined), 'Background');
    assert.equal(parseCascade('orphan'), 'Orphan');
    assert.equal(parseCascade('foreground'), 'Foreground');
    assert.equal(gracePeriod({}), undefined);
    assert.equal(gracePeriod({ now: true }), 1);
    assert.equal(gracePeriod({ force: true }), 0);
    assert.equal(gracePeriod({ gracePeriod: '30' }), 30);
  });

  it('deletes by name and by selector, with kubectl wording and --ignore-not-found', async () => {
    const api = server();
    const r = io();
    assert.equal(await runDelete(api.client, ['deploy', 'web', 'nope'], { namespace: 'default' }, r.io), 1);
    assert.deepEqual(r.out, ['deployment.apps "web" deleted']);
    assert.match(r.err[0] ?? '', /^Error from server \(NotFound\)/);
    const r2 = io();
    assert.equal(await runDelete(api.client, ['cm'], { namespace: 'default', selector: 'app=x' }, r2.io), 0);
    assert.deepEqual(r2.out.sort(), ['configmap "a" deleted', 'configmap "b" deleted']);
    const r3 = io();
    assert.equal(await runDelete(api.client, ['cm', 'a'], { namespace: 'default', ignoreNotFound: true }, r3.io), 0);
    assert.deepEqual(r3.out, []);
    assert.equal((await api.client.list(CM, { namespace: 'default' })).items.length, 0);
  });
});
