/**
 * The order groups appear in under /apis (and the order kubectl tries them when a name is
 * ambiguous): kube-apiserver's built-in group priorities, then Karmada's aggregated apiservers
 * (APIService groupPriorityMinimum 2000), then every other group (CRDs) alphabetically.
 */
const ORDERED_GROUPS: readonly string[] = [
  '',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'cluster.karmada.io',
  'search.karmada.io',
];

const RANK = new Map(ORDERED_GROUPS.map((group, index) => [group, index]));

/** Negative when group `a` comes before group `b`. */
export function compareGroupPriority(a: string, b: string): number {
  const ra = RANK.get(a);
  const rb = RANK.get(b);
  if (ra !== undefined && rb !== undefined) return ra - rb;
  if (ra !== undefined) return -1;
  if (rb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
