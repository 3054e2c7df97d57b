import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiscoveryDocument } from './client.js';
import { FakeClock } from './fake-clock.js';
import { NoMatchError, RestMapper } from './rest-mapper.js';

function doc(extra: DiscoveryDocument['resourceLists'] = []): DiscoveryDocument {
  return {
    groups: [
      { name: '', versions: [{ groupVersion: 'v1', version: 'v1' }], preferredVersion: { groupVersion: 'v1', version: 'v1' } },
      {
        name: 'autoscaling',
        versions: [
          { groupVersion: 'autoscaling/v2', version: 'v2' },
          { groupVersion: 'autoscaling/v1', version: 'v1' },
        ],
        preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
      },
      { name: 'policy.karmada.io', versions: [{ groupVersion: 'policy.karmada.io/v1alpha1', version: 'v1alpha1' }] },
    ],
    resourceLists: [
      {
        groupVersion: 'v1',
        resources: [
          { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get'], shortNames: ['po'] },
          { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
          { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
        ],
      },
      {
        groupVersion: 'autoscaling/v1',
        resources: [{ name: 'legacythings', singularName: 'legacything', namespaced: true, kind: 'LegacyThing', verbs: ['get'] }],
      },
      {
        groupVersion: 'autoscaling/v1',
        resources: [
          {
            name: 'horizontalpodautoscalers',
            singularName: 'horizontalpodautoscaler',
            namespaced: true,
            kind: 'HorizontalPodAutoscaler',
            verbs: ['get'],
            shortNames: ['hpa'],
          },
        ],
      },
      {
        groupVersion: 'autoscaling/v2',
        resources: [
          {
            name: 'horizontalpodautoscalers',
            singularName: 'horizontalpodautoscaler',
            namespaced: true,
            kind: 'HorizontalPodAutoscaler',
            verbs: ['get'],
            shortNames: ['hpa'],
          },
        ],
      },
      {
        groupVersion: 'policy.karmada.io/v1alpha1',
        resources: [
          { name: 'propagationpolicies', singularName: 'propagationpolicy', namespaced: true, kind: 'PropagationPolicy', verbs: ['get'], shortNames: ['pp'] },
        ],
      },
      ...extra,
    ],
  };
}

describe('RestMapper', () => {
  it('maps kinds and kubectl-style names, preferring the preferred version', async () => {
    const mapper = new RestMapper(async () => doc());
    const table: [string, string][] = [
      ['pods', 'v1 pods'],
      ['po', 'v1 pods'],
      ['pod', 'v1 pods'],
      ['Pod', 'v1 pods'],
      ['hpa', 'autoscaling/v2 horizontalpodautoscalers'],
      ['horizontalpodautoscalers.autoscaling', 'autoscaling/v2 horizontalpodautoscalers'],
      ['hpa.v1.autoscaling', 'autoscaling/v1 horizontalpodautoscalers'],
      ['pp', 'policy.karmada.io/v1alpha1 propagationpolicies'],
      ['propagationpolicies.policy', 'policy.karmada.io/v1alpha1 propagationpolicies'],
      // served only in a version the group does not prefer (as work.karmada.io's Work)
      ['legacything', 'autoscaling/v1 legacythings'],
      ['legacythings.autoscaling', 'autoscaling/v1 legacythings'],
    ];
    for (const [name, want] of table) {
      const m = await mapper.resolveName(name);
      assert.equal(`${m.group === '' ? '' : `${m.group}/`}${m.version} ${m.resource}`, want, name);
    }
    const pod = await mapper.resourceFor('v1', 'Pod');
    assert.deepEqual([pod.namespaced, pod.subresources], [true, ['status', 'log']]);
    assert.equal((await mapper.resourceFor('autoscaling/v1', 'HorizontalPodAutoscaler')).version, 'v1');
  });

  it('refreshes discovery on a miss (a CRD installed later), at most once per interval', async () => {
    const clock = new FakeClock();
    let calls = 0;
    let installed = false;
    const mapper = new RestMapper(
      async () => {
        calls++;
        return doc(installed ? [{ groupVersion: 'example.com/v1', resources: [{ name: 'widgets', namespaced: false, kind: 'Widget', verbs: ['get'] }] }] : []);
      },
      { clock, minRefreshIntervalMs: 1000 },
    );
    await mapper.resourceFor('v1', 'Pod');
    assert.equal(calls, 1);
    await assert.rejects(mapper.resourceFor('example.com/v1', 'Widget'), NoMatchError);
    assert.equal(calls, 1, 'a miss right after a refresh does not refresh again');
    installed = true;
    await clock.advance(1000);
    const w = await mapper.resourceFor('example.com/v1', 'Widget');
    assert.equal(calls, 2);
    assert.deepEqual([w.resource, w.namespaced, w.singularName], ['widgets', false, 'widget']);
    mapper.invalidate();
    await mapper.mappings();
    assert.equal(calls, 3);
  });
});
