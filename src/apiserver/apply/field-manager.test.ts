import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../status-error.js';
import { applyConfig, BEFORE_FIRST_APPLY, recordUpdate, type FieldContext } from './field-manager.js';
import { memberPaths, type FieldSet } from './field-set.js';
import { LAST_APPLIED_ANNOTATION } from './last-applied.js';
import { printPath } from './path-element.js';
import { deployment, deploymentType } from './testing/deployment.js';

const ctx = (now = '2024-01-01T00:00:00Z', statusSubresource = true): FieldContext => ({ type: deploymentType(), apiVersion: 'apps/v1', kind: 'Deployment', statusSubresource, now });

interface Entry {
  manager: string;
  operation: string;
  subresource?: string;
  time?: string;
  fieldsV1: FieldSet;
}

const entries = (object: KubeObject): Entry[] => (object.metadata.managedFields ?? []) as Entry[];
/** manager(/operation) -> printed paths */
const owners = (object: KubeObject): Record<string, string[]> =>
  Object.fromEntries(entries(object).map((e) => [`${e.manager}/${e.operation}${e.subresource === undefined ? '' : `/${e.subresource}`}`, memberPaths(e.fieldsV1).map(printPath)]));

/** What a stored object looks like: identity fields set by the registry. */
function stored(object: KubeObject, rv = '1'): KubeObject {
  return { ...object, metadata: { ...object.metadata, uid: 'uid-1', resourceVersion: rv, creationTimestamp: '2024-01-01T00:00:00Z', generation: 1 } };
}

const apply = (live: KubeObject | undefined, config: KubeObject, manager: string, force = false, now?: string): KubeObject =>
  stored(applyConfig(ctx(now), live === undefined ? undefined : live, config, manager, { force, subresource: '' }));

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  assert.fail('expected a conflict');
}

test('two appliers own different fields of one Deployment; a third conflicts on an owned field', () => {
  let live = apply(undefined, deployment({ replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', image: 'nginx:1' }] }), 'a');
  live = apply(live, deployment({ containers: [{ name: 'nginx', env: [{ name: 'MODE', value: 'x' }] }] }), 'b');
  assert.deepEqual(owners(live), {
    'a/Apply': [
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.template.spec.containers[name="nginx"]',
      '.spec.template.spec.containers[name="nginx"].image',
      '.spec.template.spec.containers[name="nginx"].name',
    ],
    'b/Apply': [
      '.spec.template.spec.containers[name="nginx"]',
      '.spec.template.spec.containers[name="nginx"].name',
      '.spec.template.spec.containers[name="nginx"].env[name="MODE"]',
      '.spec.template.spec.containers[name="nginx"].env[name="MODE"].name',
      '.spec.template.spec.containers[name="nginx"].env[name="MODE"].value',
    ],
  });
  const error = conflictOf(() => apply(live, deployment({ replicas: 5 }), 'c'));
  assert.equal(error.code, 409);
  assert.equal(error.reason, 'Conflict');
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "a": .spec.replicas');
  assert.deepEqual(error.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.replicas' }]);

  const several = conflictOf(() => apply(live, deployment({ replicas: 5, containers: [{ name: 'nginx', image: 'nginx:2', env: [{ name: 'MODE', value: 'y' }] }] }), 'c'));
  assert.equal(
    several.message,
    'Apply failed with 3 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image\nconflicts with "b":\n- .spec.template.spec.containers[name="nginx"].env[name="MODE"].value',
  );
  assert.equal(several.details?.causes?.length, 3);
});

test('force takes ownership; the old owner keeps the rest', () => {
  let live = apply(undefined, deployment({ replicas: 2, labels: { app: 'web' } }), 'a');
  live = apply(live, deployment({ replicas: 5 }), 'c', true);
  assert.equal((live['spec'] as Record<string, unknown>)['replicas'], 5);
  assert.deepEqual(owners(live), { 'a/Apply': ['.metadata.labels.app'], 'c/Apply': ['.spec.replicas'] });
});

test('applying the same value as another manager shares ownership without conflict', () => {
  let live = apply(undefined, deployment({ replicas: 2 }), 'a');
  live = apply(live, deployment({ replicas: 2 }), 'b');
  assert.deepEqual(owners(live), { 'a/Apply': ['.spec.replicas'], 'b/Apply': ['.spec.replicas'] });
  // a gives the field up: b still owns it, so it stays
  live = apply(live, deployment({ labels: { x: 'y' } }), 'a');
  assert.equal((live['spec'] as Record<string, unknown>)['replicas'], 2);
  // b gives it up too: now it is removed
  live = apply(live, deployment({}), 'b');
  assert.equal((live['spec'] as Record<string, unknown> | undefined)?.['replicas'], undefined);
});

test('removing a field from the applied config removes it when no one else owns it', () => {
  let live = apply(undefined, deployment({ labels: { a: '1', b: '2' }, containers: [{ name: 'c', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] }), 'a');
  live = apply(live, deployment({ labels: { a: '1' }, containers: [{ name: 'c', env: [{ name: 'A', value: '1' }] }] }), 'a');
  assert.deepEqual(live.metadata.labels, { a: '1' });
  assert.deepEqual(((live['spec'] as Record<string, Record<string, Record<string, unknown[]>>>)['template']?.['spec']?.['containers']?.[0] as Record<string, unknown>)['env'], [{ name: 'A', value: '1' }]);
});

test('an Update takes the fields it changes from their owners', () => {
  const live = apply(undefined, deployment({ replicas: 2, labels: { app: 'web' } }), 'a');
  const next = structuredClone(live);
  (next['spec'] as Record<string, unknown>)['replicas'] = 7;
  delete next.metadata.managedFields;
  recordUpdate(ctx('2024-02-02T00:00:00Z'), live, next, 'kubectl-edit', '');
  assert.deepEqual(owners(next), { 'a/Apply': ['.metadata.labels.app'], 'kubectl-edit/Update': ['.spec.replicas'] });
  assert.equal(entries(next).find((e) => e.manager === 'kubectl-edit')?.time, '2024-02-02T00:00:00Z');
  assert.equal(entries(next).find((e) => e.manager === 'a')?.time, '2024-01-01T00:00:00Z', 'untouched managers keep their time');
  const error = conflictOf(() => apply(stored(next, '2'), deployment({ replicas: 2, labels: { app: 'web' } }), 'a'));
  assert.equal(error.message, 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas');
});

test('a no-op update keeps managedFields as they were (same list)', () => {
  const live = apply(undefined, deployment({ replicas: 2 }), 'a');
  const next = structuredClone(live);
  delete next.metadata.managedFields;
  recordUpdate(ctx('2030-01-01T00:00:00Z'), live, next, 'other', '');
  assert.equal(next.metadata.managedFields, live.metadata.managedFields);
  const same = applyConfig(ctx('2030-01-01T00:00:00Z'), live, deployment({ replicas: 2 }), 'a', { force: false, subresource: '' });
  assert.equal(JSON.stringify(same.metadata.managedFields), JSON.stringify(live.metadata.managedFields), 'a no-op apply keeps its time');
});

test('create records every field the manager set (defaults included by the caller)', () => {
  const object = deployment({ replicas: 1, labels: { app: 'web' } });
  recordUpdate(ctx(), undefined, object, 'kubectl-create', '');
  assert.ok(owners(object)['kubectl-create/Update']?.includes('.spec.replicas'));
  assert.ok(owners(object)['kubectl-create/Update']?.includes('.metadata.labels.app'));
  assert.ok(!JSON.stringify(object.metadata.managedFields).includes('f:name'), 'name, namespace, apiVersion and kind are never owned');
});

test('managedFields sent by the client are taken as the new base; [{}] resets them', () => {
  const live = apply(undefined, deployment({ replicas: 2, labels: { app: 'web' } }), 'kubectl-client-side-apply');
  // kubectl's migration: a JSON patch replacing managedFields, nothing else
  const migrated = structuredClone(live);
  migrated.metadata.managedFields = [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-03-03T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
  recordUpdate(ctx(), live, migrated, 'kubectl', '');
  assert.deepEqual(owners(migrated), { 'kubectl/Apply': ['.spec.replicas'] });
  const reset = structuredClone(live);
  reset.metadata.managedFields = [{}];
  recordUpdate(ctx(), live, reset, 'x', '');
  assert.equal(reset.metadata.managedFields, undefined);
  const ignored = structuredClone(live);
  ignored.metadata.managedFields = [{ manager: 'x', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: {} }];
  recordUpdate(ctx(), live, ignored, 'x', 'status');
  assert.deepEqual(ignored.metadata.managedFields, live.metadata.managedFields, 'subresource writes cannot set managedFields');
});

test('status: the main resource ignores it, the status subresource owns only it', () => {
  const config = deployment({ replicas: 1 });
  config['status'] = { replicas: 9 };
  let live = apply(undefined, config, 'a');
  assert.equal(live['status'], undefined);
  assert.deepEqual(owners(live), { 'a/Apply': ['.spec.replicas'] });
  const statusConfig = deployment({ replicas: 4 });
  statusConfig['status'] = { replicas: 3 };
  live = stored(applyConfig(ctx(), live, statusConfig, 'kcm', { force: false, subresource: 'status' }));
  assert.deepEqual(live['status'], { replicas: 3 });
  assert.equal((live['spec'] as Record<string, unknown>)['replicas'], 1);
  assert.deepEqual(owners(live)['kcm/Apply/status'], ['.status.replicas']);
  const next = structuredClone(live);
  next['status'] = { replicas: 4 };
  recordUpdate(ctx(), live, next, 'kcm', 'status');
  assert.deepEqual(owners(next)['kcm/Update/status'], ['.status.replicas']);
  assert.deepEqual(owners(next)['kcm/Apply/status'], undefined, 'the update took the field from the applier');
});

test('kubectl server-side apply takes over from client-side apply without conflicts on unchanged fields', () => {
  const csa = deployment({ replicas: 2, labels: { app: 'web' } });
  const annotation = JSON.stringify(csa);
  csa.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: annotation };
  const created = structuredClone(csa);
  recordUpdate(ctx(), undefined, created, 'kubectl-client-side-apply', '');
  const live = stored(created);
  const result = apply(live, deployment({ replicas: 3, labels: { app: 'web' } }), 'kubectl');
  assert.equal((result['spec'] as Record<string, unknown>)['replicas'], 3);
  assert.deepEqual(owners(result)['kubectl/Apply'], ['.metadata.labels.app', '.spec.replicas']);
  const lastApplied = JSON.parse(result.metadata.annotations?.[LAST_APPLIED_ANNOTATION] ?? '{}') as KubeObject;
  assert.equal((lastApplied['spec'] as Record<string, unknown>)['replicas'], 3, 'the annotation follows the applied config');
  // another manager (not kubectl) gets the conflict
  assert.equal(conflictOf(() => apply(live, deployment({ replicas: 3 }), 'someone')).message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  // a field changed since the last client-side apply still conflicts
  const drifted = structuredClone(live);
  (drifted['spec'] as Record<string, unknown>)['replicas'] = 4;
  const driftedNext = structuredClone(drifted);
  recordUpdate(ctx(), live, driftedNext, 'kubectl-client-side-apply', '');
  assert.equal(conflictOf(() => apply(stored(driftedNext), deployment({ replicas: 3 }), 'kubectl')).code, 409);
});

test('the kubectl-last-applied apply (only the annotation) succeeds next to the client-side owner', () => {
  const csa = deployment({ replicas: 2 });
  csa.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: '{"x":1}\n' };
  recordUpdate(ctx(), undefined, csa, 'kubectl-client-side-apply', '');
  const live = stored(csa);
  const body: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', annotations: { [LAST_APPLIED_ANNOTATION]: '{"x":1}\n' } } };
  const result = apply(live, body, 'kubectl-last-applied');
  assert.deepEqual(owners(result)['kubectl-last-applied/Apply'], [`.metadata.annotations.${LAST_APPLIED_ANNOTATION}`]);
  assert.equal((result['spec'] as Record<string, unknown>)['replicas'], 2);
});

test('fields that predate the first apply belong to before-first-apply', () => {
  const live = stored(deployment({ replicas: 2, labels: { app: 'web' } }));
  const error = conflictOf(() => apply(live, deployment({ replicas: 3 }), 'a'));
  assert.equal(error.message, `Apply failed with 1 conflict: conflict with "${BEFORE_FIRST_APPLY}" using apps/v1: .spec.replicas`);
  const forced = apply(live, deployment({ replicas: 3 }), 'a', true);
  const before = owners(forced)[`${BEFORE_FIRST_APPLY}/Update`] ?? [];
  assert.ok(before.includes('.metadata.labels.app'));
  assert.ok(!before.includes('.spec.replicas'), 'forcing took replicas');
  assert.deepEqual(owners(forced)['a/Apply'], ['.spec.replicas']);
});

test('an applied list item without its key is refused', () => {
  const error = conflictOf(() => apply(undefined, deployment({ containers: [{ image: 'x' } as never] }), 'a'));
  assert.equal(error.code, 500);
  assert.match(error.message, /failed to create typed patch object \(default\/web; apps\/v1, Kind=Deployment\): \.spec\.template\.spec\.containers: element 0: associative list with keys has an element that omits key field "name"/);
});
