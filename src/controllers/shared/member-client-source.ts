/**
 * How controllers reach a member cluster's API. The member-clients module implements it for
 * push clusters (Cluster apiEndpoint + Secret); tests pass in-process clients.
 */
import type { KubeClient } from '../../client/client.js';

/** Hands out a KubeClient for a member cluster by name (cached by the implementation). */
export interface MemberClientSource {
  get(cluster: string): Promise<KubeClient>;
}
