import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceMapping } from '../../client/client.js';
import { renderApiResources, selectResources } from './api-resources.js';

function m(group: string, version: string, resource: string, kind: string, namespaced: boolean, extra: Partial<ResourceMapping> = {}): ResourceMapping {
  return {
    group,
    version,
    resource,
    kind,
    namespaced,
    singularName: kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
    preferred: true,
    ...extra,
  };
}

const MAPPINGS = [
  m('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], verbs: ['create', 'get', 'list'] }),
  m('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'] }),
  m('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'] }),
  m('policy.karmada.io', 'v1alpha1', 'propagationpolicies', 'PropagationPolicy', true, { shortNames: ['pp'] }),
  m('policy.karmada.io', 'v1', 'propagationpolicies', 'PropagationPolicy', true, { preferred: false }),
  m('work.karmada.io', 'v1alpha1', 'works', 'Work', true, { preferred: false }),
];

describe('api-resources', () => {
  it('lists preferred versions (and resources only other versions serve) sorted by group then name, in kubectl columns', () => {
    assert.equal(
      renderApiResources(selectResources(MAPPINGS, {}), {}),
      [
        'NAME                  SHORTNAMES   APIVERSION                   NAMESPACED   KIND',
        'namespaces            ns           v1                           false        Namespace',
        'pods                  po           v1                           true         Pod',
        'deployments           deploy       apps/v1                      true         Deployment',
        'propagationpolicies   pp           policy.karmada.io/v1alpha1   true         PropagationPolicy',
        'works                              work.karmada.io/v1alpha1     true         Work',
        '',
      ].join('\n'),
    );
  });

  it('filters by group, scope, verbs and categories; -o name and wide', () => {
    const names = (flags: Parameters<typeof selectResources>[1]) => selectResources(MAPPINGS, flags).map((r) => r.resource);
    assert.deepEqual(names({ apiGroup: '' }), ['namespaces', 'pods']);
    assert.deepEqual(names({ namespaced: false }), ['namespaces']);
    assert.deepEqual(names({ verbs: ['create'] }), ['deployments']);
    assert.deepEqual(names({ categories: ['all'] }), ['deployments']);
    assert.deepEqual(names({ sortBy: 'kind' }), ['deployments', 'namespaces', 'pods', 'propagationpolicies', 'works']);
    assert.equal(renderApiResources(selectResources(MAPPINGS, { apiGroup: 'apps' }), { output: 'name' }), 'deployments.apps\n');
    assert.match(renderApiResources(selectResources(MAPPINGS, { apiGroup: 'apps' }), { output: 'wide' }), /create,get,list\s+all\n$/);
  });
});
