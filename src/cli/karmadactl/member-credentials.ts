/**
 * What `karmadactl join` sets up inside the member (`ObtainCredentialsFromMemberCluster`):
 * namespace `karmada-cluster`, ServiceAccount `karmada-<cluster>` bound to a ClusterRole with
 * full access, and its token. A member without a token controller (the simulated members)
 * never fills the token Secret; then the joining kubeconfig's own bearer token is used (at
 * once when the member has no `kube-system/default` ServiceAccount, i.e. no controller manager).
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { isAlreadyExists, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import {
  CLUSTER_ROLE_BINDINGS,
  CLUSTER_ROLES,
  KARMADA_SYSTEM_LABEL,
  KARMADA_SYSTEM_LABEL_VALUE,
  NAMESPACES,
  SECRETS,
  SERVICE_ACCOUNTS,
} from '../../controllers/cluster/constants.js';

const LABELS = { [KARMADA_SYSTEM_LABEL]: KARMADA_SYSTEM_LABEL_VALUE };

/** `names.GenerateServiceAccountName`. */
export function memberServiceAccountName(clusterName: string): string {
  return `karmada-${clusterName}`;
}

/** `names.GenerateRoleName`. */
export function memberClusterRoleName(serviceAccountName: string): string {
  return `karmada-controller-manager:${serviceAccountName}`;
}

export interface MemberCredentials {
  readonly token: string;
  /** PEM; '' when the member is trusted through system CAs. */
  readonly caBundle: string;
  /** Where the token came from. */
  readonly source: 'service-account' | 'kubeconfig';
}

async function createIfMissing(client: KubeClient, target: Parameters<KubeClient['create']>[0], object: KubeObject): Promise<void> {
  try {
    await client.create(target, object);
  } catch (err) {
    if (!isAlreadyExists(err)) {
      throw err;
    }
  }
}

function secretValue(secret: KubeObject, key: string): string {
  const data = secret['data'];
  const v = isPlainObject(data) ? data[key] : undefined;
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';
}

/**
 * Ensures the service account and its RBAC in the member and returns credentials for the
 * control plane: the service account's token when the member issues one within waitMs,
 * else the joining kubeconfig's bearer token.
 */
export async function obtainMemberCredentials(member: KubeClient, config: RestConfig, clusterName: string, namespace: string, waitMs: number): Promise<MemberCredentials> {
  await createIfMissing(member, NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: LABELS } });
  const sa = memberServiceAccountName(clusterName);
  const role = memberClusterRoleName(sa);
  await createIfMissing(member, SERVICE_ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace, labels: LABELS } });
  await createIfMissing(member, CLUSTER_ROLES, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: role, labels: LABELS },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['get'] },
    ],
  });
  await createIfMissing(member, CLUSTER_ROLE_BINDINGS, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: role, labels: LABELS },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  });
  // A service-account-token Secret: a real kube-controller-manager fills in token and ca.crt.
  await createIfMissing(member, SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: sa, namespace, labels: LABELS, annotations: { 'kubernetes.io/service-account.name': sa } },
    type: 'kubernetes.io/service-account-token',
  });
  // kube-controller-manager gives every namespace a `default` ServiceAccount; a member without
  // one has no token controller either (the simulated members), so waiting would be in vain.
  const hasControllerManager = await member.get(SERVICE_ACCOUNTS, 'default', { namespace: 'kube-system' }).then(
    () => true,
    () => false,
  );
  const deadline = Date.now() + (hasControllerManager ? waitMs : 0);
  for (;;) {
    try {
      const secret = await member.get(SECRETS, sa, { namespace });
      const token = secretValue(secret, 'token');
      if (token !== '') {
        return { token, caBundle: secretValue(secret, 'ca.crt') || (config.caPem ?? ''), source: 'service-account' };
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (Date.now() >= deadline) {
      break;
    }
    await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
  }
  if (config.token === undefined || config.token === '') {
    throw new Error(
      `failed to get serviceAccount secret from cluster(${clusterName}): the member issued no token for ${namespace}/${sa} and the cluster kubeconfig has no bearer token to use instead`,
    );
  }
  return { token: config.token, caBundle: config.caPem ?? '', source: 'kubeconfig' };
}

/** Removes what obtainMemberCredentials created (unjoin with --cluster-kubeconfig). */
export async function deleteMemberCredentials(member: KubeClient, clusterName: string, namespace: string, force: boolean, warn: (message: string) => void): Promise<void> {
  const sa = memberServiceAccountName(clusterName);
  const role = memberClusterRoleName(sa);
  const steps: [string, () => Promise<unknown>][] = [
    [`cluster role binding "${role}"`, () => member.delete(CLUSTER_ROLE_BINDINGS, role)],
    [`cluster role "${role}"`, () => member.delete(CLUSTER_ROLES, role)],
    [`service account "${sa}"`, () => member.delete(SERVICE_ACCOUNTS, sa, { namespace })],
    [`namespace "${namespace}"`, () => member.delete(NAMESPACES, namespace)],
  ];
  for (const [what, run] of steps) {
    try {
      await run();
    } catch (err) {
      if (isNotFound(err)) continue;
      if (!force) throw err;
      warn(`Force deletion. Could not delete ${what} in unjoining cluster "${clusterName}": ${(err as Error).message}.`);
    }
  }
}
