import type { KubeClient } from './client.js';
import type { HttpTransportOptions } from './http-transport.js';
import { HttpTransport } from './http-transport.js';
import { createKubeClient } from './kube-client.js';
import type { RestConfig } from './kubeconfig.js';

export type { RestConfig } from './kubeconfig.js';
export { loadKubeconfig, parseKubeconfig } from './kubeconfig.js';

/** A KubeClient over HTTP(S) to the API server described by config (see `loadKubeconfig`). */
export function createHttpClient(config: RestConfig, options: HttpTransportOptions = {}): KubeClient {
  return createKubeClient(new HttpTransport(config, options));
}
