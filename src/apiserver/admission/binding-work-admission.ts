/**
 * Karmada's ResourceBinding, ClusterResourceBinding and Work mutating webhooks
 * (pkg/webhook/{resourcebinding,clusterresourcebinding,work}/mutating.go): a permanent id, and for
 * Works the removal of Job fields members must not see. The ResourceBinding validating webhook
 * (FederatedResourceQuota enforcement) is behind Karmada's alpha FederatedQuotaEnforcement gate
 * and is not done here.
 */
import { isPlainObject } from '../../api/object.js';
import { objectAt } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { ensurePermanentId } from './permanent-id.js';

export const RB_PERMANENT_ID_LABEL = 'resourcebinding.karmada.io/permanent-id';
export const CRB_PERMANENT_ID_LABEL = 'clusterresourcebinding.karmada.io/permanent-id';
export const WORK_PERMANENT_ID_LABEL = 'work.karmada.io/permanent-id';

/** ResourceBinding: a permanent id. */
export function resourceBindingAdmission(newId?: () => string): KarmadaAdmissionRule {
  return {
    name: 'ResourceBinding',
    resources: ['work.karmada.io/resourcebindings'],
    mutate: (binding) => ensurePermanentId(binding, RB_PERMANENT_ID_LABEL, newId),
  };
}

/** ClusterResourceBinding: a permanent id. */
export function clusterResourceBindingAdmission(newId?: () => string): KarmadaAdmissionRule {
  return {
    name: 'ClusterResourceBinding',
    resources: ['work.karmada.io/clusterresourcebindings'],
    mutate: (binding) => ensurePermanentId(binding, CRB_PERMANENT_ID_LABEL, newId),
  };
}

/**
 * Work: a permanent id; Job manifests lose `spec.ttlSecondsAfterFinished` (prune.RemoveJobTTLSeconds),
 * so a member's TTL controller does not delete a Job Karmada still propagates.
 */
export function workAdmission(newId?: () => string): KarmadaAdmissionRule {
  return {
    name: 'Work',
    resources: ['work.karmada.io/works'],
    mutate(work) {
      const manifests = objectAt(objectAt(work, 'spec'), 'workload')?.['manifests'];
      if (Array.isArray(manifests)) {
        for (const manifest of manifests) {
          if (!isPlainObject(manifest) || manifest['kind'] !== 'Job' || manifest['apiVersion'] !== 'batch/v1') continue;
          const spec = manifest['spec'];
          if (isPlainObject(spec)) delete spec['ttlSecondsAfterFinished'];
        }
      }
      ensurePermanentId(work, WORK_PERMANENT_ID_LABEL, newId);
    },
  };
}
