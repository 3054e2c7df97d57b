import type { ResourceInfo } from '../../api/resource-info.js';

/** Storage keys as kube-apiserver lays them out: /registry/<group>/<resource>/[<namespace>/]<name>. */
export function resourcePrefix(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return `/registry/${info.group === '' ? 'core' : info.group}/${info.resource}/`;
}

export function collectionPrefix(info: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace: string): string {
  const base = resourcePrefix(info);
  return info.namespaced && namespace !== '' ? `${base}${namespace}/` : base;
}

export function objectKey(info: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace: string, name: string): string {
  const base = resourcePrefix(info);
  return info.namespaced ? `${base}${namespace}/${name}` : `${base}${name}`;
}
