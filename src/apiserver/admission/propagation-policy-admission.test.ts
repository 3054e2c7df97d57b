import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { clusterPropagationPolicyAdmission, PP_PERMANENT_ID_LABEL, propagationPolicyAdmission } from './propagation-policy-admission.js';
import { admit, messages } from './test-support.js';

const pp = propagationPolicyAdmission({ newId: () => 'id-1' });

function policy(spec: Record<string, unknown>, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name: 'p', namespace: 'team', ...(labels ? { labels } : {}) },
    spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }], ...spec },
  };
}

const placement = (p: Record<string, unknown>): Record<string, unknown> => ({ placement: p });

/** One accepted and one refused example per rule; `refused` is the expected 422 line. */
const rules: { name: string; accepted: Record<string, unknown>; refused: Record<string, unknown>; message: string }[] = [
  {
    name: 'clusterAffinity and clusterAffinities are exclusive',
    accepted: placement({ clusterAffinity: { clusterNames: ['m1'] } }),
    refused: placement({ clusterAffinity: { clusterNames: ['m1'] }, clusterAffinities: [{ affinityName: 'a', clusterNames: ['m1'] }] }),
    message: 'spec.placement: Invalid value: ',
  },
  {
    name: 'affinity names are unique',
    accepted: placement({ clusterAffinities: [{ affinityName: 'a' }, { affinityName: 'b' }] }),
    refused: placement({ clusterAffinities: [{ affinityName: 'a' }, { affinityName: 'a' }] }),
    message: 'each affinity term in a policy must have a unique name',
  },
  {
    name: 'affinity names are qualified names',
    accepted: placement({ clusterAffinities: [{ affinityName: 'primary' }] }),
    refused: placement({ clusterAffinities: [{ affinityName: 'not valid!' }] }),
    message: 'spec.placement.clusterAffinities[0]: Invalid value: "not valid!": name part must consist of alphanumeric characters',
  },
  {
    name: 'field selector keys',
    accepted: placement({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['r1'] }] } } }),
    refused: placement({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'color', operator: 'In', values: ['r1'] }] } } }),
    message: 'unsupported key "color", must be provider, region, or zone',
  },
  {
    name: 'field selector operators',
    accepted: placement({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z'] }] } } }),
    refused: placement({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } } }),
    message: 'unsupported operator "Exists", must be In or NotIn',
  },
  {
    name: 'maxGroups not lower than minGroups',
    accepted: placement({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: 2, maxGroups: 3 }] }),
    refused: placement({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: 3, maxGroups: 2 }] }),
    message: 'spec.placement.spreadConstraints[0]: Invalid value: {"spreadByField":"cluster","minGroups":3,"maxGroups":2}: maxGroups lower than minGroups is not allowed',
  },
  {
    name: 'minGroups not negative',
    accepted: placement({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1 }] }),
    refused: placement({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: -1 }] }),
    message: 'minGroups lower than 0 is not allowed',
  },
  {
    name: 'maxGroups not negative',
    accepted: placement({ spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 1 }] }),
    refused: placement({ spreadConstraints: [{ spreadByField: 'cluster', maxGroups: -1 }] }),
    message: 'maxGroups lower than 0 is not allowed',
  },
  {
    name: 'spreadByLabel and spreadByField are exclusive',
    accepted: placement({ spreadConstraints: [{ spreadByLabel: 'team' }] }),
    refused: placement({ spreadConstraints: [{ spreadByField: 'cluster', spreadByLabel: 'team' }] }),
    message: 'spreadByLabel should not co-exist with spreadByField',
  },
  {
    name: 'one constraint per spread field',
    accepted: placement({ spreadConstraints: [{ spreadByField: 'cluster' }, { spreadByField: 'region' }] }),
    refused: placement({ spreadConstraints: [{ spreadByField: 'cluster' }, { spreadByField: 'cluster' }] }),
    message: 'multiple cluster spread constraints are not allowed',
  },
  {
    name: 'a field spread needs a cluster spread',
    accepted: placement({ spreadConstraints: [{ spreadByField: 'region' }, { spreadByField: 'cluster' }] }),
    refused: placement({ spreadConstraints: [{ spreadByField: 'region' }] }),
    message: 'the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled',
  },
  {
    name: 'workload affinity and anti-affinity group by different keys',
    accepted: placement({ workloadAffinity: { affinity: { groupByLabelKey: 'app.group' }, antiAffinity: { groupByLabelKey: 'app.region' } } }),
    refused: placement({ workloadAffinity: { affinity: { groupByLabelKey: 'app.group' }, antiAffinity: { groupByLabelKey: 'app.group' } } }),
    message: 'affinity and antiAffinity must not use the same groupByLabelKey',
  },
  {
    name: 'application failover needs propagateDeps',
    accepted: { propagateDeps: true, failover: { application: { decisionConditions: { tolerationSeconds: 30 }, purgeMode: 'Never' } } },
    refused: { failover: { application: { decisionConditions: { tolerationSeconds: 30 }, purgeMode: 'Never' } } },
    message: 'spec.propagateDeps: Invalid value: false: application failover is set, propagateDeps must be true',
  },
  {
    name: 'failover toleration not negative',
    accepted: { propagateDeps: true, failover: { application: { decisionConditions: { tolerationSeconds: 0 }, purgeMode: 'Never' } } },
    refused: { propagateDeps: true, failover: { application: { decisionConditions: { tolerationSeconds: -1 }, purgeMode: 'Never' } } },
    message: 'spec.failover.application.decisionConditions.tolerationSeconds: Invalid value: -1: must be greater than or equal to 0',
  },
  {
    name: 'grace period only with Graciously',
    accepted: { propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Graciously', gracePeriodSeconds: 10 } } },
    refused: { propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Never', gracePeriodSeconds: 10 } } },
    message: 'spec.failover.application.gracePeriodSeconds: Invalid value: 10: only takes effect when purgeMode is graciously',
  },
  {
    name: 'grace period positive',
    accepted: { propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Graciously', gracePeriodSeconds: 1 } } },
    refused: { propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Graciously', gracePeriodSeconds: 0 } } },
    message: 'spec.failover.application.gracePeriodSeconds: Invalid value: 0: must be greater than 0',
  },
  {
    name: 'preemption Always needs named selectors',
    accepted: { preemption: 'Always' },
    refused: { preemption: 'Always', resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }] },
    message: 'spec.resourceSelectors[0].name: Invalid value: "": name cannot be empty if preemption is Always',
  },
  {
    name: 'suspension dispatching excludes dispatchingOnClusters',
    accepted: { suspension: { dispatching: true } },
    refused: { suspension: { dispatching: true, dispatchingOnClusters: { clusterNames: ['m1'] } } },
    message: 'suspension dispatching cannot co-exist with dispatchingOnClusters.clusterNames',
  },
];

describe('PropagationPolicy admission', () => {
  for (const rule of rules) {
    it(`accepts and refuses: ${rule.name}`, async () => {
      const ok = await admit(pp, 'PropagationPolicy', policy(rule.accepted));
      assert.deepEqual(messages(ok.errors), []);
      const bad = await admit(pp, 'PropagationPolicy', policy(rule.refused));
      assert.ok(
        messages(bad.errors).some((m) => m.includes(rule.message)),
        `expected "${rule.message}" in ${JSON.stringify(messages(bad.errors))}`,
      );
    });
  }

  it('fills Karmada defaults', async () => {
    const { object, errors } = await admit(
      pp,
      'PropagationPolicy',
      policy({
        resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport', name: 'svc' }],
        placement: { spreadConstraints: [{ maxGroups: 2 }], replicaScheduling: { replicaSchedulingType: 'Divided' } },
        failover: { application: { decisionConditions: {}, purgeMode: 'Graciously' } },
      }),
    );
    assert.deepEqual(messages(errors), []);
    assert.deepEqual(object.metadata.labels, { [PP_PERMANENT_ID_LABEL]: 'id-1' });
    assert.deepEqual(object['spec'], {
      resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport', name: 'svc', namespace: 'team' }],
      placement: {
        spreadConstraints: [{ maxGroups: 2, spreadByField: 'cluster', minGroups: 1 }],
        replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' },
      },
      failover: { application: { decisionConditions: {}, purgeMode: 'Graciously', gracePeriodSeconds: 600 } },
      propagateDeps: true,
    });
  });

  it('keeps an explicit division preference and selector namespace', async () => {
    const { object } = await admit(
      pp,
      'PropagationPolicy',
      policy({
        resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'other' }],
        placement: { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' } },
      }),
    );
    const spec = object['spec'] as { resourceSelectors: { namespace: string }[]; placement: { replicaScheduling: unknown } };
    assert.equal(spec.resourceSelectors[0]?.namespace, 'other');
    assert.deepEqual(spec.placement.replicaScheduling, { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' });
  });

  it('refuses changing schedulerName or the permanent id', async () => {
    const old = policy({ schedulerName: 'default-scheduler' }, { [PP_PERMANENT_ID_LABEL]: 'id-0' });
    const same = await admit(pp, 'PropagationPolicy', old, old);
    assert.deepEqual(messages(same.errors), []);
    const renamed = await admit(pp, 'PropagationPolicy', policy({ schedulerName: 'other' }, { [PP_PERMANENT_ID_LABEL]: 'id-0' }), old);
    assert.deepEqual(messages(renamed.errors), ['spec.schedulerName: Invalid value: "other": the schedulerName should not be updated']);
    const relabelled = await admit(pp, 'PropagationPolicy', policy({ schedulerName: 'default-scheduler' }, { [PP_PERMANENT_ID_LABEL]: 'x' }), old);
    assert.deepEqual(messages(relabelled.errors), [
      `metadata.labels[${PP_PERMANENT_ID_LABEL}]: Forbidden: label ${PP_PERMANENT_ID_LABEL} is immutable, it can only be set by the system during creation`,
    ]);
  });

  it('does not default the namespace of ClusterPropagationPolicy selectors', async () => {
    const cpp = clusterPropagationPolicyAdmission({ newId: () => 'c-1' });
    const { object, errors } = await admit(cpp, 'ClusterPropagationPolicy', {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'c' },
      spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Namespace', name: 'x' }], placement: { spreadConstraints: [{ spreadByField: 'region' }] } },
    });
    assert.deepEqual(messages(errors).length, 1);
    assert.deepEqual((object['spec'] as { resourceSelectors: unknown[] }).resourceSelectors, [{ apiVersion: 'v1', kind: 'Namespace', name: 'x' }]);
    assert.equal(object.metadata.labels?.['clusterpropagationpolicy.karmada.io/permanent-id'], 'c-1');
  });
});
