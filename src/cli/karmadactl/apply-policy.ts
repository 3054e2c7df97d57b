/**
 * The policy `karmadactl apply --all-clusters | --cluster` writes beside each applied object
 * (Karmada's `generatePropagationObject`): a PropagationPolicy for a namespaced object, a
 * ClusterPropagationPolicy for a cluster-scoped one, selecting exactly that object, with an
 * empty clusterAffinity (every cluster) or the named clusters.
 */
import type { KubeObject } from '../../api/object.js';
import { hashStringForName } from '../../controllers/shared/go-hash.js';

/** Go's `schema.GroupVersionKind.String()`: `apps/v1, Kind=Deployment`, `/v1, Kind=ConfigMap`. */
export function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
  return `${gv}, Kind=${kind}`;
}

/** Karmada's `names.GeneratePolicyName(namespace, name, gvk)`. */
export function generatePolicyName(namespace: string, name: string, gvk: string): string {
  return `${name.replaceAll(':', '.')}-${hashStringForName(namespace + gvk)}`.toLowerCase();
}

/** The policy propagating `object` (already carrying apiVersion, kind, name and, if namespaced, namespace). */
export function propagationFor(object: KubeObject, namespaced: boolean, clusters: readonly string[] | 'all'): KubeObject {
  const apiVersion = object.apiVersion ?? '';
  const kind = object.kind ?? '';
  const name = object.metadata.name ?? '';
  const namespace = namespaced ? (object.metadata.namespace ?? '') : '';
  const selector: Record<string, string> = { apiVersion, kind, name };
  if (namespace !== '') selector['namespace'] = namespace;
  const spec = {
    resourceSelectors: [selector],
    placement: { clusterAffinity: clusters === 'all' ? {} : { clusterNames: [...clusters] } },
  };
  const policyName = generatePolicyName(namespace, name, gvkString(apiVersion, kind));
  return namespaced
    ? { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: policyName, namespace }, spec }
    : { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy', metadata: { name: policyName }, spec };
}
