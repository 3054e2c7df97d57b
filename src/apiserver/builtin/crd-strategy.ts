import type { KubeObject } from '../../api/object.js';
import type { ResourceStrategy } from '../registry/strategy.js';
import { establishedCrdStatus } from './crd-resources.js';

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

function nowString(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** CRDs are Established as soon as they are accepted; deleting one first removes its objects. */
export const crdStrategy: ResourceStrategy = {
  prepareForCreate(object: KubeObject) {
    object.metadata.finalizers = [...new Set([...(object.metadata.finalizers ?? []), CRD_CLEANUP_FINALIZER])];
    object['status'] = establishedCrdStatus(object, nowString());
  },
  prepareForUpdate(object: KubeObject, old: KubeObject) {
    object['status'] = establishedCrdStatus({ ...object, status: old['status'] }, nowString());
  },
};
