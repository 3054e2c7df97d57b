import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import { retainClusterFields } from './retain-cluster-fields.js';

describe('retainClusterFields', () => {
  it('keeps the member resourceVersion, finalizers and the labels and annotations members added', () => {
    const desired: KubeObject = { kind: 'ConfigMap', metadata: { name: 'c', labels: { app: 'a', tier: 'web' }, annotations: { note: 'template' } } };
    const observed: KubeObject = {
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        resourceVersion: '42',
        finalizers: ['member/cleanup'],
        labels: { app: 'changed-in-member', 'member-added': 'x', removed: 'old' },
        annotations: {
          note: 'member',
          'member/annotation': 'y',
          'resourcetemplate.karmada.io/managed-labels': 'app,removed,tier',
          'resourcetemplate.karmada.io/managed-annotations': 'note',
        },
      },
    };
    assert.deepEqual(retainClusterFields(desired, observed).metadata, {
      name: 'c',
      resourceVersion: '42',
      finalizers: ['member/cleanup'],
      labels: { app: 'a', tier: 'web', 'member-added': 'x' },
      annotations: {
        note: 'template',
        'member/annotation': 'y',
        'resourcetemplate.karmada.io/managed-labels': 'app,removed,tier',
        'resourcetemplate.karmada.io/managed-annotations': 'note',
      },
    });
    assert.deepEqual(desired.metadata.labels, { app: 'a', tier: 'web' }, 'the input is not modified');
  });
});
