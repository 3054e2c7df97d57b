/**
 * `karmadactl register` (pull mode). Karmada's version discovers the control plane with a
 * bootstrap token, obtains a client certificate for the agent through a CSR and deploys
 * karmada-agent into the member. Members here are not real clusters, so this one discovers
 * and verifies the control plane the same way (cluster-info + CA public-key pin), checks the
 * name is free, stores the agent's kubeconfig in the member (Secret
 * `karmada-system/karmada-kubeconfig`, as Karmada does) and in a local file, and leaves
 * starting `karmada agent` to the caller. The agent authenticates with the bootstrap token.
 */
import { writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { isAlreadyExists, isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import { renderKubeconfig } from '../../pki/kubeconfig.js';
import { caCertHash, parseTokenString, splitPemCertificates } from '../../agent/bootstrap-token.js';
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE } from '../../agent/agent-rbac.js';
import { AGENT_KUBECONFIG_KEY, AGENT_KUBECONFIG_SECRET } from '../../agent/agent-kubeconfig.js';
import { CLUSTERS, CONFIGMAPS, KARMADA_SYSTEM_LABEL, KARMADA_SYSTEM_LABEL_VALUE, NAMESPACES, SECRETS } from '../../controllers/cluster/constants.js';
import { assertClusterName } from './cluster-name.js';

export interface RegisterOptions {
  /** `host:port` of the karmada apiserver (a leading https:// is accepted). */
  readonly endpoint: string;
  readonly token: string;
  readonly caCertHashes: readonly string[];
  readonly unsafeSkipCaVerification?: boolean;
  readonly clusterName: string;
  readonly memberConfig: RestConfig;
  readonly member?: KubeClient;
  /** Member namespace for the agent's Secret (default `karmada-system`). */
  readonly namespace?: string;
  /** Where to write the agent kubeconfig locally (default: not written). */
  readonly agentKubeconfigPath?: string;
  readonly out?: (line: string) => void;
}

export interface RegisterResult {
  readonly server: string;
  readonly caPem: string;
  readonly agentKubeconfig: string;
}

function serverOf(endpoint: string): string {
  return endpoint.startsWith('https://') ? endpoint : `https://${endpoint.replace(/^http:\/\//, '')}`;
}

/** The CA bundle cluster-info publishes. */
function caFromClusterInfo(configMap: KubeObject): { server: string; caPem: string } {
  const data = configMap['data'];
  const text = isPlainObject(data) && typeof data['kubeconfig'] === 'string' ? data['kubeconfig'] : undefined;
  if (text === undefined) {
    throw new Error(`there is no kubeconfig key in the ${CLUSTER_INFO_NAME} ConfigMap`);
  }
  const doc = parse(text) as unknown;
  const clusters = isPlainObject(doc) && Array.isArray(doc['clusters']) ? doc['clusters'] : [];
  const first = clusters[0];
  const cluster = isPlainObject(first) && isPlainObject(first['cluster']) ? first['cluster'] : {};
  const caData = typeof cluster['certificate-authority-data'] === 'string' ? cluster['certificate-authority-data'] : '';
  const server = typeof cluster['server'] === 'string' ? cluster['server'] : '';
  return { server, caPem: Buffer.from(caData, 'base64').toString('utf8') };
}

/** kubeadm's pin check: some CA certificate's public key hash is in the given set. */
export function verifyCaPins(caPem: string, pins: readonly string[]): void {
  const certs = splitPemCertificates(caPem);
  if (certs.length === 0) {
    throw new Error('cluster CA found in cluster-info ConfigMap is invalid: no certificates');
  }
  const hashes = certs.map(caCertHash);
  const wanted = new Set(pins.map((p) => p.toLowerCase()));
  if (!hashes.some((h) => wanted.has(h))) {
    throw new Error(`cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${hashes.join(',')}" are pinned`);
  }
}

export async function registerCluster(o: RegisterOptions): Promise<RegisterResult> {
  const out = o.out ?? (() => undefined);
  assertClusterName(o.clusterName);
  if (parseTokenString(o.token) === undefined) {
    throw new Error(`the bootstrap token "${o.token}" was not of the form "[a-z0-9]{6}.[a-z0-9]{16}"`);
  }
  if (o.unsafeSkipCaVerification !== true && o.caCertHashes.length === 0) {
    throw new Error('need to verify CACertHashes, or set --discovery-token-unsafe-skip-ca-verification=true');
  }
  const namespace = o.namespace ?? 'karmada-system';
  const member = o.member ?? createHttpClient(o.memberConfig, { userAgent: 'karmadactl' });
  try {
    out('[preflight] Running pre-flight checks');
    const problems: string[] = [];
    try {
      await member.get(SECRETS, AGENT_KUBECONFIG_SECRET, { namespace });
      problems.push(`${namespace}/${AGENT_KUBECONFIG_SECRET} Secret already exists`);
    } catch (err) {
      if (!isNotFound(err)) problems.push((err as Error).message);
    }
    if (problems.length > 0) {
      throw new Error(`[preflight] Some fatal errors occurred:\n${problems.map((p) => `\t[ERROR]: ${p}`).join('\n')}`);
    }
    out('[preflight] All pre-flight checks were passed');

    out('[karmada-agent-start] Waiting to perform the TLS Bootstrap');
    const server = serverOf(o.endpoint);
    // Discovery: cluster-info over a connection not verified yet; the CA it carries is checked
    // against the pins before anything else is trusted.
    const discovery = createHttpClient({ server, namespace: 'default', token: o.token, insecureSkipTlsVerify: true }, { userAgent: 'karmadactl' });
    let caPem: string;
    try {
      const info = caFromClusterInfo(await discovery.get(CONFIGMAPS, CLUSTER_INFO_NAME, { namespace: CLUSTER_INFO_NAMESPACE }));
      caPem = info.caPem;
    } catch (err) {
      throw new Error(`couldn't validate the identity of the API Server: ${(err as Error).message}`);
    } finally {
      discovery.close();
    }
    if (o.unsafeSkipCaVerification !== true) {
      verifyCaPins(caPem, o.caCertHashes);
    }
    const bootstrap = createHttpClient({ server, namespace: 'default', token: o.token, caPem }, { userAgent: 'karmadactl' });
    try {
      out('[karmada-agent-start] Waiting to check cluster exists');
      try {
        await bootstrap.get(CLUSTERS, o.clusterName);
        throw new Error(`failed to register as cluster with name ${o.clusterName} already exists`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    } finally {
      bootstrap.close();
    }

    out('[karmada-agent-start] Waiting to construct karmada-agent kubeconfig');
    const agentKubeconfig = renderKubeconfig({ clusterName: 'karmada-apiserver', server, caPem, token: o.token, user: `system:karmada:agent:${o.clusterName}` });
    if (o.agentKubeconfigPath !== undefined) {
      writeFileSync(o.agentKubeconfigPath, agentKubeconfig, { mode: 0o600 });
    }

    out('[karmada-agent-start] Waiting the necessary secret and RBAC');
    try {
      await member.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [KARMADA_SYSTEM_LABEL]: KARMADA_SYSTEM_LABEL_VALUE } } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    await member.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: AGENT_KUBECONFIG_SECRET, namespace },
      data: { [AGENT_KUBECONFIG_KEY]: Buffer.from(agentKubeconfig).toString('base64') },
    });
    return { server, caPem, agentKubeconfig };
  } finally {
    if (o.member === undefined) member.close();
  }
}
