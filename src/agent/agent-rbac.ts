/**
 * What the control plane needs before a pull cluster can register with a bootstrap token
 * (what `karmadactl init` prepares in Karmada): the `kube-public/cluster-info` ConfigMap
 * (server and CA, for discovery), read access to it for bootstrappers, and the agent's
 * permissions for the bootstrap token group. Karmada's agent switches to a client certificate
 * obtained through a CSR; karmada-ts agents keep using their bootstrap token, so the token
 * group carries the agent role.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../api/object.js';
import { isAlreadyExists, isNotFound } from '../client/api-error.js';
import type { KubeClient, ResourceRef } from '../client/client.js';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, CONFIGMAPS } from '../controllers/cluster/constants.js';
import { DEFAULT_TOKEN_GROUPS } from './bootstrap-token.js';

export const CLUSTER_INFO_NAMESPACE = 'kube-public';
export const CLUSTER_INFO_NAME = 'cluster-info';
/** Karmada's group for agents with client certificates; bound too, for agents that have one. */
export const AGENTS_GROUP = 'system:karmada:agents';
export const AGENT_CLUSTER_ROLE = 'system:karmada:agent';

const ROLES: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', namespaced: true, kind: 'Role' };
const ROLE_BINDINGS: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', namespaced: true, kind: 'RoleBinding' };
const RBAC = 'rbac.authorization.k8s.io';

/** The agent's rules (Karmada's `GenerateClusterRole` and work access, without per-cluster names). */
export function agentClusterRole(): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name: AGENT_CLUSTER_ROLE },
    rules: [
      { apiGroups: ['cluster.karmada.io'], resources: ['clusters'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['cluster.karmada.io'], resources: ['clusters/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['work.karmada.io'], resources: ['works'], verbs: ['get', 'create', 'list', 'watch', 'update', 'patch', 'delete'] },
      { apiGroups: ['work.karmada.io'], resources: ['works/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['config.karmada.io'], resources: ['resourceinterpreterwebhookconfigurations', 'resourceinterpretercustomizations'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update', 'patch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['list', 'watch'] },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    ],
  };
}

function agentClusterRoleBinding(groups: readonly string[]): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: AGENT_CLUSTER_ROLE },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: AGENT_CLUSTER_ROLE },
    subjects: groups.map((name) => ({ apiGroup: RBAC, kind: 'Group', name })),
  };
}

/** The kubeconfig cluster-info carries: server and CA, no credentials. */
export function clusterInfoKubeconfig(server: string, caPem: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: '', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    contexts: [],
    'current-context': '',
    preferences: {},
    users: [],
  });
}

async function createOrReplace(client: KubeClient, target: ResourceRef, object: KubeObject): Promise<void> {
  const namespace = object.metadata.namespace;
  try {
    await client.create(target, object);
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const existing = await client.get(target, object.metadata.name ?? '', namespace === undefined ? {} : { namespace });
  await client.update(target, { ...object, metadata: { ...existing.metadata, labels: object.metadata.labels ?? existing.metadata.labels } });
}

/**
 * Ensures cluster-info (server, CA), its read access for bootstrappers, and the agent role
 * bound to the default token group (plus `extraGroups`). Idempotent; needs admin rights.
 */
export async function ensurePullModeBootstrap(client: KubeClient, server: string, caPem: string, extraGroups: readonly string[] = []): Promise<void> {
  await createOrReplace(client, CONFIGMAPS, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CLUSTER_INFO_NAME, namespace: CLUSTER_INFO_NAMESPACE },
    data: { kubeconfig: clusterInfoKubeconfig(server, caPem) },
  });
  const reader = 'kubeadm:bootstrap-signer-clusterinfo';
  await createOrReplace(client, ROLES, {
    apiVersion: `${RBAC}/v1`,
    kind: 'Role',
    metadata: { name: reader, namespace: CLUSTER_INFO_NAMESPACE },
    rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [CLUSTER_INFO_NAME], verbs: ['get'] }],
  });
  await createOrReplace(client, ROLE_BINDINGS, {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: reader, namespace: CLUSTER_INFO_NAMESPACE },
    roleRef: { apiGroup: RBAC, kind: 'Role', name: reader },
    subjects: [
      { apiGroup: RBAC, kind: 'Group', name: 'system:bootstrappers' },
      { apiGroup: RBAC, kind: 'User', name: 'system:anonymous' },
    ],
  });
  await createOrReplace(client, CLUSTER_ROLES, agentClusterRole());
  let groups = [...DEFAULT_TOKEN_GROUPS, AGENTS_GROUP, ...extraGroups];
  try {
    const existing = await client.get(CLUSTER_ROLE_BINDINGS, AGENT_CLUSTER_ROLE);
    const subjects = existing['subjects'];
    if (Array.isArray(subjects)) {
      for (const s of subjects) {
        const name = (s as { name?: unknown }).name;
        if (typeof name === 'string') groups.push(name);
      }
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  groups = [...new Set(groups)];
  await createOrReplace(client, CLUSTER_ROLE_BINDINGS, agentClusterRoleBinding(groups));
}
