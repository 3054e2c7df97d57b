import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { applyBuiltinDefaults } from '../defaults/apply-builtin-defaults.js';
import { ClusterIpAllocator, NodePortAllocator } from '../defaults/cluster-ip-allocator.js';
import { prepareForCreate } from '../defaults/prepare-for-create.js';
import { allocateServiceAddresses, preserveAllocatedServiceFields } from '../defaults/service-defaults.js';
import type { FieldError } from '../status-error.js';
import { validateBuiltin } from '../validation/index.js';
import type { BuiltinRules } from './strategy-resolver.js';

/** The validation module's errors in the apiserver's shape (detail = the text after `field: `). */
function toFieldErrors(errors: readonly { type: string; field: string; message: string }[]): FieldError[] {
  return errors.map((e) => ({ type: e.type, field: e.field, detail: e.message }));
}

function isService(info: ResourceInfo): boolean {
  return info.group === '' && info.kind === 'Service';
}

/**
 * Defaulting, preparation (pod phase, job selector, service addresses) and validation of the
 * built-in kinds, as kube-apiserver's strategies do. One instance per API server (it owns that
 * server's clusterIP and nodePort allocators).
 */
export function createBuiltinRules(): BuiltinRules {
  const clusterIps = new ClusterIpAllocator();
  const nodePorts = new NodePortAllocator();
  return {
    defaults(info: ResourceInfo, object: KubeObject) {
      applyBuiltinDefaults(info.group, info.version, info.kind, object);
    },
    validate(info: ResourceInfo, object: KubeObject, old: KubeObject | undefined) {
      return toFieldErrors(validateBuiltin({ group: info.group, kind: info.kind, namespaced: info.namespaced }, object, old));
    },
    prepareForCreate(info: ResourceInfo, object: KubeObject) {
      prepareForCreate(info.group, info.kind, object);
      if (isService(info)) {
        return toFieldErrors(allocateServiceAddresses(object, clusterIps, nodePorts));
      }
      return [];
    },
    prepareForUpdate(info: ResourceInfo, object: KubeObject, old: KubeObject) {
      if (isService(info)) {
        preserveAllocatedServiceFields(object, old);
      }
    },
  };
}
