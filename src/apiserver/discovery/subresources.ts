import { createHash } from 'node:crypto';

import type { ResourceInfo } from '../../api/resource-info.js';
import { SUBRESOURCE_RW_VERBS } from '../../api/catalog/verbs.js';

/** One subresource of a resource as discovery and OpenAPI describe it. */
export interface SubresourceDescriptor {
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly string[];
  /** The response kind lives in the parent's group/version (discovery then omits group/version for built-ins). */
  readonly sameGroupVersion: boolean;
}

/** status, scale (autoscaling/v1 Scale) and the other subresources of `info`, sorted by name. */
export function subresourcesOf(info: ResourceInfo): readonly SubresourceDescriptor[] {
  const result: SubresourceDescriptor[] = [];
  if (info.statusSubresource) {
    result.push({ name: 'status', group: info.group, version: info.version, kind: info.kind, verbs: SUBRESOURCE_RW_VERBS, sameGroupVersion: true });
  }
  if (info.scaleSubresource) {
    result.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUBRESOURCE_RW_VERBS, sameGroupVersion: info.group === 'autoscaling' && info.version === 'v1' });
  }
  for (const other of info.otherSubresources ?? []) {
    const group = other.group ?? info.group;
    const version = other.version ?? info.version;
    result.push({ name: other.name, group, version, kind: other.kind, verbs: other.verbs, sameGroupVersion: group === info.group && version === info.version });
  }
  return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * kube-apiserver's storageVersionHash: base64 of the first 8 bytes of SHA-256 over
 * `<group>/<storage version>/<kind>`. Resources without storage (reviews) have none.
 */
export function storageVersionHash(info: ResourceInfo): string | undefined {
  const verbs = info.verbs;
  if (verbs !== undefined && !verbs.includes('get')) return undefined;
  const storageVersion = info.storageVersion ?? info.version;
  return createHash('sha256').update(`${info.group}/${storageVersion}/${info.kind}`).digest().subarray(0, 8).toString('base64');
}
