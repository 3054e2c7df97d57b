import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { serveClusterProxy } from '../aggregated/cluster-proxy.js';
import { assembleApiServer, type AssembledApiServer } from '../apiserver/assemble.js';
import { ensureServerPki, type ServerPki } from '../pki/pki-dir.js';
import { renderKubeconfig } from '../pki/kubeconfig.js';
import { openStore } from '../storage/registry.js';
import type { Store } from '../storage/storage.js';
import { adminKubeconfigPath } from '../util/paths.js';
import { bootstrapTokenAuthenticator } from '../agent/bootstrap-token-authenticator.js';
import { createBuiltinRules } from '../apiserver/builtin/builtin-rules.js';
import { startCompactor } from '../storage/compactor.js';
import { loadTokenFile } from '../apiserver/auth/token-file.js';

export interface ControlPlaneOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly bind: string;
  /** Storage URL; default sqlite:<dataDir>/karmada.db. */
  readonly storage?: string;
  readonly logger: Logger;
  /** kube's `--token-auth-file`: CSV of `token,user,uid,"group1,group2"`. */
  readonly tokenAuthFile?: string;
  /** kube's `--event-ttl` in milliseconds (default one hour). */
  readonly eventTtlMs?: number;
}

export interface RunningControlPlane {
  readonly apiserver: AssembledApiServer;
  readonly store: Store;
  readonly pki: ServerPki;
  readonly port: number;
  readonly url: string;
  readonly kubeconfigPath: string;
  stop(): Promise<void>;
}

/** The host to put in kubeconfigs for a bind address. */
export function advertisedHost(bind: string): string {
  return bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
}

/**
 * Starts the control plane's API server on its storage, with TLS material and the admin
 * kubeconfig in the data dir. Controllers and the scheduler are started by the caller.
 */
export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  mkdirSync(options.dataDir, { recursive: true });
  const pki = ensureServerPki(options.dataDir, 'karmada-apiserver', [advertisedHost(options.bind)]);
  const staticTokens = options.tokenAuthFile === undefined ? undefined : loadTokenFile(options.tokenAuthFile);
  for (const warning of staticTokens?.warnings ?? []) {
    options.logger.warn(warning);
  }
  const store = await openStore(options.storage ?? `sqlite:${join(options.dataDir, 'karmada.db')}`);
  const apiserver = assembleApiServer({
    store,
    pki,
    logger: options.logger,
    rules: createBuiltinRules(),
    systemNamespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'karmada-system', 'karmada-cluster'],
    ...(staticTokens === undefined ? {} : { staticTokens: staticTokens.tokens }),
    // Bootstrap tokens (`karmadactl token create`) for pull-mode registration; read through the in-process client.
    tokenAuthenticators: [bootstrapTokenAuthenticator(() => apiserver.client)],
    ...(options.eventTtlMs === undefined ? {} : { eventTtlMs: options.eventTtlMs }),
  });
  await apiserver.start();
  const clusterProxy = serveClusterProxy(apiserver.server, apiserver.client, options.logger);
  const port = await apiserver.server.listen(options.port, options.bind);
  const compactor = startCompactor(store, { onError: (error) => options.logger.warn({ err: error }, 'compaction failed') });
  const url = `https://${advertisedHost(options.bind)}:${port}`;
  const kubeconfigPath = adminKubeconfigPath(options.dataDir);
  writeFileSync(
    kubeconfigPath,
    renderKubeconfig({ clusterName: 'karmada-apiserver', server: url, caPem: pki.ca.certPem, token: pki.adminToken, user: 'karmada-admin' }),
    {
      mode: 0o600,
    },
  );
  return {
    apiserver,
    store,
    pki,
    port,
    url,
    kubeconfigPath,
    async stop() {
      compactor.stop();
      clusterProxy.close();
      await apiserver.server.close();
      await store.close();
    },
  };
}
