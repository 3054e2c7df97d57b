/**
 * Where `karmadactl register` leaves the agent's control-plane kubeconfig in the member (Secret
 * `karmada-system/karmada-kubeconfig`, which Karmada's agent Deployment mounts).
 */
import { isPlainObject } from '../api/object.js';
import { isNotFound } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import { SECRETS } from '../controllers/cluster/constants.js';

/** Member Secret holding the agent's kubeconfig (`KarmadaKubeconfigName`). */
export const AGENT_KUBECONFIG_SECRET = 'karmada-kubeconfig';
export const AGENT_KUBECONFIG_KEY = 'karmada-kubeconfig';

/** The agent kubeconfig stored in the member by `karmadactl register`, if any. */
export async function agentKubeconfigFromMember(member: KubeClient, namespace = 'karmada-system'): Promise<string | undefined> {
  try {
    const secret = await member.get(SECRETS, AGENT_KUBECONFIG_SECRET, { namespace });
    const data = secret['data'];
    const v = isPlainObject(data) ? data[AGENT_KUBECONFIG_KEY] : undefined;
    return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
