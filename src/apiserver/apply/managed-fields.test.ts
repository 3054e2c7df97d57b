import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setOf } from './field-set.js';
import { ANCIENT_CHANGES, capUpdateManagers, decodeManagedFields, encodeManagedFields, isResetManagedFields, ManagedFieldsError, managerId, type Managers } from './managed-fields.js';

const entry = (manager: string, operation: string, time: string, fieldsV1: unknown = { 'f:spec': { 'f:replicas': {} } }): Record<string, unknown> => ({
  manager,
  operation,
  apiVersion: 'apps/v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1,
});

test('entries are keyed by manager, operation, subresource and (for Update) apiVersion', () => {
  assert.equal(managerId('kubectl', 'Apply', 'apps/v1', ''), '{"manager":"kubectl","operation":"Apply"}');
  assert.equal(managerId('kcm', 'Update', 'apps/v1', 'status'), '{"manager":"kcm","operation":"Update","apiVersion":"apps/v1","subresource":"status"}');
  const managers = decodeManagedFields([entry('a', 'Apply', '2024-01-01T00:00:00Z'), { ...entry('b', 'Update', '2024-01-01T00:00:00Z'), subresource: 'status' }], false);
  assert.deepEqual([...managers.keys()], ['{"manager":"a","operation":"Apply"}', '{"manager":"b","operation":"Update","apiVersion":"apps/v1","subresource":"status"}']);
});

test('encoding sorts entries (Apply first, then by time and manager) and their field sets', () => {
  const list = [
    entry('z', 'Update', '2024-01-01T00:00:00Z'),
    entry('b', 'Update', '2023-01-01T00:00:00Z'),
    entry('y', 'Apply', '2025-01-01T00:00:00Z', { 'f:spec': { 'f:replicas': {}, 'f:paused': {} }, 'f:metadata': {} }),
  ];
  const encoded = encodeManagedFields(decodeManagedFields(list, false)) ?? [];
  assert.deepEqual(encoded.map((e) => e['manager']), ['y', 'b', 'z']);
  assert.equal(JSON.stringify(encoded[0]), '{"manager":"y","operation":"Apply","apiVersion":"apps/v1","time":"2025-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{},"f:spec":{"f:paused":{},"f:replicas":{}}}}');
});

test('trusted entries are written back verbatim; client key spellings are canonicalised', () => {
  const stored = [entry('a', 'Apply', '2024-01-01T00:00:00Z')];
  const encoded = encodeManagedFields(decodeManagedFields(stored, true));
  assert.equal(encoded?.[0], stored[0]);
  const client = decodeManagedFields([entry('a', 'Update', '2024-01-01T00:00:00Z', { 'f:spec': { 'k:{"protocol":"TCP","port":80}': {} } })], false);
  assert.deepEqual([...client.values()][0]?.fields, { 'f:spec': { 'k:{"port":80,"protocol":"TCP"}': {} } });
});

test('malformed entries are refused', () => {
  const bad: unknown[] = [
    'x',
    [{ ...entry('a', 'Apply', ''), operation: 'Patch' }],
    [{ ...entry('a', 'Apply', ''), fieldsType: 'FieldsV2' }],
    [entry('a', 'Apply', '', { 'q:x': {} })],
    [entry('a', 'Apply', '', { 'f:x': 1 })],
  ];
  for (const list of bad) assert.throws(() => decodeManagedFields(list, false), ManagedFieldsError, JSON.stringify(list));
});

test('[] and [{}] reset managedFields', () => {
  assert.equal(isResetManagedFields([]), true);
  assert.equal(isResetManagedFields([{}]), true);
  assert.equal(isResetManagedFields([entry('a', 'Apply', '')]), false);
  assert.equal(isResetManagedFields(undefined), false);
});

test('more than ten Update managers: the oldest merge into ancient-changes', () => {
  const managers: Managers = new Map();
  for (let i = 0; i < 12; i++) {
    const id = managerId(`m${i}`, 'Update', 'apps/v1', '');
    managers.set(id, { manager: `m${i}`, operation: 'Update', apiVersion: 'apps/v1', subresource: '', time: `2024-01-01T00:00:${String(10 + i)}Z`, fields: setOf(['f:spec', `f:f${i}`]) });
  }
  managers.set(managerId('applier', 'Apply', '', ''), { manager: 'applier', operation: 'Apply', apiVersion: 'apps/v1', subresource: '', fields: setOf(['f:x']) });
  capUpdateManagers(managers);
  const updaters = [...managers.values()].filter((e) => e.operation === 'Update');
  assert.equal(updaters.length, 10);
  const ancient = updaters.find((e) => e.manager === ANCIENT_CHANGES);
  assert.deepEqual(ancient?.fields, setOf(['f:spec', 'f:f0'], ['f:spec', 'f:f1'], ['f:spec', 'f:f2']));
  assert.equal(ancient?.time, '2024-01-01T00:00:12Z');
  assert.ok(managers.has(managerId('applier', 'Apply', '', '')));
});
