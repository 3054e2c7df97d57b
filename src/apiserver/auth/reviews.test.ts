import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../status-error.js';
import { reviewAttributes, rulesReviewStatus } from './reviews.js';

const alice = { name: 'alice', groups: [] };

describe('access review attributes', () => {
  test('resource attributes as kubectl auth can-i sends them', () => {
    const a = reviewAttributes('SelfSubjectAccessReview', { resourceAttributes: { namespace: 'ns', verb: 'list', group: 'apps', resource: 'deployments' } }, alice);
    assert.deepEqual([a.resourceRequest, a.verb, a.apiGroup, a.resource, a.namespace, a.name, a.subresource], [true, 'list', 'apps', 'deployments', 'ns', '', '']);
  });
  test('non-resource attributes', () => {
    const a = reviewAttributes('SelfSubjectAccessReview', { nonResourceAttributes: { path: '/healthz', verb: 'get' } }, alice);
    assert.deepEqual([a.resourceRequest, a.verb, a.path], [false, 'get', '/healthz']);
  });
  test('neither or both is a 422 worded as upstream', () => {
    assert.throws(
      () => reviewAttributes('SelfSubjectAccessReview', {}, alice),
      (e: unknown) =>
        e instanceof StatusError &&
        e.code === 422 &&
        e.message === 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    assert.throws(() => reviewAttributes('SubjectAccessReview', { resourceAttributes: {}, nonResourceAttributes: {} }, alice), /cannot be specified in combination with resourceAttributes/);
  });
});

describe('rules review status', () => {
  test('resource and non-resource rules are reported apart', () => {
    assert.deepEqual(
      rulesReviewStatus(
        [
          { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
          { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        ],
        [],
      ),
      {
        resourceRules: [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
        incomplete: false,
      },
    );
  });
  test('errors make it incomplete', () => {
    assert.deepEqual(rulesReviewStatus([], ['role.rbac.authorization.k8s.io "x" not found']), {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: true,
      evaluationError: 'role.rbac.authorization.k8s.io "x" not found',
    });
  });
});
