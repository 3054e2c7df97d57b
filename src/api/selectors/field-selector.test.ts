import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import {
  compileFieldSelector,
  FieldSelectorError,
  fieldLabelValue,
  parseFieldSelector,
} from './field-selector.js';

const pods = { group: '', resource: 'pods' };
const events = { group: '', resource: 'events' };
const widgets = { group: 'example.com', resource: 'widgets' };

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always' },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.7' }] },
};

const event: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.17', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u-1', namespace: 'default' },
  reason: 'Scheduled',
  type: 'Normal',
  source: { component: 'default-scheduler' },
};

describe('parseFieldSelector', () => {
  it('parses terms and keeps upstream order (sorted) and escapes', () => {
    const s = parseFieldSelector('status.phase!=Failed,metadata.name==a\\,b');
    assert.deepEqual(s.requirements, [
      { field: 'metadata.name', operator: '=', value: 'a,b' },
      { field: 'status.phase', operator: '!=', value: 'Failed' },
    ]);
    assert.equal(s.toString(), 'metadata.name=a\\,b,status.phase!=Failed');
  });

  const errors: readonly [string, string][] = [
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
  ];
  for (const [selector, message] of errors) {
    it(`rejects ${JSON.stringify(selector)}`, () => {
      assert.throws(
        () => parseFieldSelector(selector),
        (err: unknown) => err instanceof FieldSelectorError && err.message === message,
      );
    });
  }
});

describe('compileFieldSelector', () => {
  const cases: readonly [string, { group: string; resource: string }, KubeObject, boolean][] = [
    ['metadata.name=web-1', pods, pod, true],
    ['metadata.namespace=default,metadata.name!=web-1', pods, pod, false],
    ['spec.nodeName=node-a', pods, pod, true],
    ['spec.nodeName=', pods, pod, false],
    ['status.phase=Running', pods, pod, true],
    ['status.podIP=10.0.0.7', pods, pod, true],
    ['spec.hostNetwork=false', pods, pod, true],
    ['involvedObject.name=web-1,involvedObject.kind=Pod', events, event, true],
    ['involvedObject.uid=u-1', events, event, true],
    ['source=default-scheduler,type=Normal,reason=Scheduled', events, event, true],
    ['metadata.name=x', widgets, { metadata: { name: 'x' } }, true],
  ];
  for (const [selector, resource, object, expected] of cases) {
    it(`${selector} on ${resource.resource}`, () => {
      assert.equal(compileFieldSelector(selector, resource)(object), expected);
    });
  }

  const unsupported: readonly [string, { group: string; resource: string }][] = [
    ['spec.foo=bar', pods],
    ['status.phase=Running', { group: 'apps', resource: 'deployments' }],
    ['spec.replicas=1', widgets],
    ['involvedObject.name=x', pods],
  ];
  for (const [selector, resource] of unsupported) {
    it(`rejects ${selector} on ${resource.resource}`, () => {
      const label = selector.split('=')[0] ?? '';
      assert.throws(() => compileFieldSelector(selector, resource), {
        name: 'FieldSelectorError',
        message: `field label not supported: ${label}`,
      });
    });
  }

  it('accepts extra labels (CRD selectableFields)', () => {
    const match = compileFieldSelector('spec.color=red', widgets, ['spec.color']);
    assert.equal(match({ metadata: { name: 'w' }, spec: { color: 'red' } }), true);
  });

  it('computes derived values', () => {
    assert.equal(fieldLabelValue({ metadata: {}, spec: {} }, { group: '', resource: 'nodes' }, 'spec.unschedulable'), 'false');
    assert.equal(fieldLabelValue({ metadata: {} }, { group: 'apps', resource: 'replicasets' }, 'status.replicas'), '0');
    assert.equal(fieldLabelValue({ metadata: {}, status: { succeeded: 2 } }, { group: 'batch', resource: 'jobs' }, 'status.successful'), '2');
  });
});
