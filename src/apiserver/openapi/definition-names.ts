/** The names kube-apiserver gives schemas in `components.schemas`. */
import type { GroupVersionKind } from '../../api/resource-info.js';

/** Groups whose types live in k8s.io/api (core, `apps`, `*.k8s.io`). */
function isKubernetesGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * `io.k8s.api.apps.v1.Deployment`, `io.k8s.api.core.v1.Pod`,
 * `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition`, and for
 * other groups the reversed group as CRDs get it: `io.karmada.policy.v1alpha1.PropagationPolicy`.
 */
export function definitionName(gvk: GroupVersionKind): string {
  const { group, version, kind } = gvk;
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  if (isKubernetesGroup(group)) {
    const packageName = group === '' ? 'core' : (group.split('.')[0] ?? group);
    return `io.k8s.api.${packageName}.${version}.${kind}`;
  }
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** Names of the apimachinery meta/v1 types. */
export const META_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const OBJECT_META = `${META_V1}.ObjectMeta`;
export const LIST_META = `${META_V1}.ListMeta`;
export const STATUS = `${META_V1}.Status`;
export const DELETE_OPTIONS = `${META_V1}.DeleteOptions`;
export const PATCH = `${META_V1}.Patch`;

/** `#/components/schemas/<name>`. */
export function schemaRef(name: string): { readonly $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
