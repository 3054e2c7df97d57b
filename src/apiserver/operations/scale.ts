import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { ResourceInfo, ScaleSubresource } from '../../api/resource-info.js';
import { badRequest } from '../status-error.js';

/** `.spec.replicas` -> ['spec', 'replicas'] */
function pathParts(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter((p) => p !== '');
}

export function readPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const part of pathParts(path)) {
    if (!isPlainObject(current)) {
      return undefined;
    }
    current = current[part];
  }
  return current;
}

export function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = pathParts(path);
  let current: Record<string, unknown> = object;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!isPlainObject(next)) {
      const created: Record<string, unknown> = {};
      current[part] = created;
      current = created;
    } else {
      current = next;
    }
  }
  const last = parts[parts.length - 1];
  if (last !== undefined) {
    current[last] = value;
  }
}

export function scaleSpec(info: ResourceInfo): ScaleSubresource {
  if (info.scaleSubresource === undefined) {
    throw badRequest(`the server could not find the requested resource`);
  }
  return info.scaleSubresource;
}

/** The autoscaling/v1 Scale view of an object. */
export function toScale(info: ResourceInfo, object: KubeObject, formatSelector: (s: unknown) => string): KubeObject {
  const spec = scaleSpec(info);
  const selectorValue = spec.labelSelectorPath === undefined ? undefined : readPath(object, spec.labelSelectorPath);
  const selector = typeof selectorValue === 'string' ? selectorValue : selectorValue === undefined ? undefined : formatSelector(selectorValue);
  const specReplicas = readPath(object, spec.specReplicasPath);
  const statusReplicas = readPath(object, spec.statusReplicasPath);
  const m = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      ...(m.namespace === undefined ? {} : { namespace: m.namespace }),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: {
      replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
      ...(selector === undefined || selector === '' ? {} : { selector }),
    },
  };
}

/** Applies a desired Scale to the object (spec replicas only), keeping the resourceVersion precondition. */
export function applyScale(info: ResourceInfo, object: KubeObject, scale: KubeObject): KubeObject {
  const spec = scaleSpec(info);
  const replicas = isPlainObject(scale['spec']) ? scale['spec']['replicas'] : undefined;
  const next = structuredClone(object);
  writePath(next, spec.specReplicasPath, typeof replicas === 'number' ? replicas : 0);
  const rv = scale.metadata.resourceVersion;
  if (rv !== undefined && rv !== '') {
    next.metadata.resourceVersion = rv;
  }
  return next;
}
