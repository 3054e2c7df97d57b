import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { ResourceStrategy } from '../registry/strategy.js';

const KUBERNETES_FINALIZER = 'kubernetes';

function specFinalizers(object: KubeObject): string[] {
  const spec = object['spec'];
  if (!isPlainObject(spec) || !Array.isArray(spec['finalizers'])) {
    return [];
  }
  return spec['finalizers'].filter((f): f is string => typeof f === 'string');
}

/** Namespaces: Active on create with the `kubernetes` finalizer; Terminating while their content is removed. */
export const namespaceStrategy: ResourceStrategy = {
  prepareForCreate(object) {
    object.metadata.labels = { ...(object.metadata.labels ?? {}), 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
    object['spec'] = { ...(isPlainObject(object['spec']) ? object['spec'] : {}), finalizers: [KUBERNETES_FINALIZER] };
    object['status'] = { phase: 'Active' };
  },
  prepareForUpdate(object, old) {
    object.metadata.labels = { ...(object.metadata.labels ?? {}), 'kubernetes.io/metadata.name': old.metadata.name ?? '' };
  },
  hasPendingFinalizers(object) {
    return specFinalizers(object).length > 0;
  },
  prepareForDelete(object) {
    object['status'] = { ...(isPlainObject(object['status']) ? object['status'] : {}), phase: 'Terminating' };
  },
};

/** The namespace without its `kubernetes` finalizer (what the namespace controller writes when it is empty). */
export function withoutKubernetesFinalizer(object: KubeObject): KubeObject {
  const next = structuredClone(object);
  const spec = isPlainObject(next['spec']) ? next['spec'] : {};
  spec['finalizers'] = specFinalizers(next).filter((f) => f !== KUBERNETES_FINALIZER);
  next['spec'] = spec;
  return next;
}

export function isTerminating(namespace: KubeObject): boolean {
  return namespace.metadata.deletionTimestamp !== undefined || (isPlainObject(namespace['status']) && namespace['status']['phase'] === 'Terminating');
}
