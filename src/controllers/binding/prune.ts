/**
 * Removes what the control plane's apiserver generated and what must not reach a member
 * (`pkg/resourceinterpreter/default/native/prune`): server metadata, status, Service cluster
 * IPs, service-account token data, generated Job selectors, Deployment revisions, Job TTL.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

const SERVER_METADATA = [
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'managedFields',
  'resourceVersion',
  'selfLink',
  'uid',
  'ownerReferences',
  'finalizers',
] as const;

function dropKeys(map: unknown, keys: readonly string[]): void {
  if (!isPlainObject(map)) return;
  for (const k of keys) delete map[k];
}

const KIND_PRUNERS: Readonly<Record<string, (obj: KubeObject) => void>> = {
  Deployment: (obj) => dropKeys(obj.metadata.annotations, ['deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history']),
  Job: (obj) => {
    const spec = obj['spec'];
    if (!isPlainObject(spec)) return;
    // Members' ttl-after-finished controllers would delete the Job under Karmada's feet.
    delete spec['ttlSecondsAfterFinished'];
    if (spec['manualSelector'] === true) return;
    const selector = spec['selector'];
    if (isPlainObject(selector)) dropKeys(selector['matchLabels'], ['controller-uid', 'batch.kubernetes.io/controller-uid']);
    const template = spec['template'];
    const meta = isPlainObject(template) ? template['metadata'] : undefined;
    if (isPlainObject(meta)) dropKeys(meta['labels'], ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name']);
  },
  Secret: (obj) => {
    if (obj['type'] !== 'kubernetes.io/service-account-token') return;
    dropKeys(obj.metadata.annotations, ['kubernetes.io/service-account.uid']);
    obj['data'] = null;
  },
  ServiceAccount: (obj) => {
    const secrets = obj['secrets'];
    if (!Array.isArray(secrets)) return;
    const prefix = `${obj.metadata.name ?? ''}-token-`;
    obj['secrets'] = secrets.filter((s) => !(isPlainObject(s) && typeof s['name'] === 'string' && s['name'].startsWith(prefix)));
  },
  Service: (obj) => {
    const spec = obj['spec'];
    if (!isPlainObject(spec)) return;
    if (typeof spec['clusterIP'] === 'string' && spec['clusterIP'] !== 'None') {
      delete spec['clusterIP'];
      delete spec['clusterIPs'];
    }
  },
  PersistentVolumeClaim: (obj) => dropKeys(obj.metadata.annotations, ['volume.kubernetes.io/selected-node']),
};

/** A copy of obj without the fields that must not be propagated. */
export function removeIrrelevantFields(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  for (const key of SERVER_METADATA) delete copy.metadata[key];
  delete copy['status'];
  KIND_PRUNERS[copy.kind ?? '']?.(copy);
  return copy;
}
