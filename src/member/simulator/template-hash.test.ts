import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeTemplateHash, safeEncode, templatesEqualIgnoringHash } from './template-hash.js';

describe('pod template hash', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
  it('ignores the pod-template-hash label and what Go decodes as absent', () => {
    const undone = { metadata: { creationTimestamp: null, labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'web', image: 'nginx', resources: {} }] } };
    assert.equal(templatesEqualIgnoringHash(template, undone as never), true);
    assert.equal(computeTemplateHash(template), computeTemplateHash(undone as never));
  });
  it('changes with the template and the collision count', () => {
    const other = { ...template, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } };
    assert.equal(templatesEqualIgnoringHash(template, other), false);
    assert.notEqual(computeTemplateHash(template), computeTemplateHash(other));
    assert.notEqual(computeTemplateHash(template), computeTemplateHash(template, 1));
    assert.match(computeTemplateHash(template), /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
  });
  it('safe-encodes like rand.SafeEncodeString', () => {
    assert.equal(safeEncode('0123456789'), '456789bcdf');
  });
});
