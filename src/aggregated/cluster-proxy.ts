/**
 * The `clusters/{name}/proxy/{path}` subresource of karmada-aggregated-apiserver: a request to
 * `/apis/cluster.karmada.io/v1alpha1/clusters/member1/proxy/api/v1/pods` is forwarded to
 * member1's API server as `/api/v1/pods`, with the cluster's credentials (the Secret in
 * `spec.impersonatorSecretRef`, else `spec.secretRef`) and the caller's identity in
 * `Impersonate-User` / `Impersonate-Group` headers, so the member's RBAC decides what the
 * caller may do there, as Karmada's proxy does. Bodies and answers are streamed unchanged
 * (protobuf request bodies and watch streams included). Pointing a kubeconfig's `server` at
 * `.../clusters/member1/proxy` gives kubectl access to the member through the control plane.
 *
 * Not served: the fan-out to all clusters (`clusters/* /proxy`), and upgraded connections
 * (exec, attach, port-forward).
 */
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { AgentOptions } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { Cluster } from '../api/cluster/cluster.js';
import type { ApiServer } from '../apiserver/api-server.js';
import type { ResourceRequest } from '../apiserver/handlers/request-context.js';
import { badRequest, StatusError } from '../apiserver/status-error.js';
import type { KubeClient } from '../client/client.js';
import type { RestConfig } from '../client/kubeconfig.js';
import type { Logger } from '../client/logger.js';
import { ConnectProxyAgent } from '../client/proxy-agent.js';
import { clientSource, MemberClientError, memberRestConfig } from '../controllers/member-clients.js';

const GROUP = 'cluster.karmada.io';

/** Request headers that belong to this hop or to the caller's credentials, never forwarded. */
const DROPPED_REQUEST_HEADERS = new Set([
  'authorization',
  'connection',
  'keep-alive',
  'host',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
]);
/** Answer headers that belong to the member's hop. */
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'trailer', 'transfer-encoding', 'upgrade']);

interface Target {
  readonly config: RestConfig;
  readonly agent: HttpsAgent;
}

function agentFor(config: RestConfig): HttpsAgent {
  const url = new URL(config.server);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: AgentOptions = {
    keepAlive: true,
    rejectUnauthorized: config.insecureSkipTlsVerify !== true,
    ...(config.caPem === undefined ? {} : { ca: config.caPem }),
    ...(isIP(host) === 0 ? { servername: host } : {}),
  };
  return config.proxyUrl === undefined ? new HttpsAgent(options) : new ConnectProxyAgent(new URL(config.proxyUrl), options);
}

/** The path after `/proxy` in the raw request URL (still encoded), with its query. */
export function proxiedPath(rawUrl: string, clusterName: string): string {
  const marker = `/clusters/${encodeURIComponent(clusterName)}/proxy`;
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : rawUrl.slice(queryAt);
  const at = path.indexOf(marker);
  const rest = at < 0 ? '' : path.slice(at + marker.length);
  return `${rest === '' ? '/' : rest}${query}`;
}

function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  token: string | undefined,
  user: ResourceRequest['userInfo'],
  fallbackUser: string,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name) || name.startsWith('impersonate-')) continue;
    headers[name] = value;
  }
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  headers['impersonate-user'] = user?.name ?? fallbackUser;
  const groups = (user?.groups ?? []).filter((g) => g !== 'system:authenticated');
  if (groups.length > 0) headers['impersonate-group'] = groups;
  if (user?.uid !== undefined && user.uid !== '') headers['impersonate-uid'] = user.uid;
  return headers;
}

function answerHeaders(upstream: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) headers[name] = value;
  }
  return headers;
}

function serviceUnavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

/** Serves `clusters/{name}/proxy` on the control plane's API server; clusters and secrets are read through `client`. */
export function serveClusterProxy(server: ApiServer, client: KubeClient, logger: Logger): { close(): void } {
  const source = clientSource(client);
  const targets = new Map<string, { fingerprint: string; target: Target }>();

  const targetOf = async (name: string): Promise<Target> => {
    const cluster = await source.getCluster(name);
    if (cluster === undefined) {
      throw new StatusError(404, 'NotFound', `clusters.${GROUP} "${name}" not found`, { name, group: GROUP, kind: 'clusters' });
    }
    const ref = cluster.spec.impersonatorSecretRef ?? cluster.spec.secretRef;
    const secret = ref === undefined ? undefined : await source.getSecret(ref.namespace, ref.name);
    const fingerprint = JSON.stringify([
      cluster.metadata.uid,
      cluster.spec.apiEndpoint,
      ref,
      cluster.spec.insecureSkipTLSVerification,
      cluster.spec.proxyURL,
      secret?.metadata.resourceVersion,
    ]);
    const cached = targets.get(name);
    if (cached?.fingerprint === fingerprint) return cached.target;
    let config: RestConfig;
    try {
      const withRef: Cluster = ref === undefined ? cluster : { ...cluster, spec: { ...cluster.spec, secretRef: ref } };
      config = memberRestConfig(withRef, secret);
    } catch (error) {
      if (error instanceof MemberClientError) throw serviceUnavailable(`cluster ${name} cannot be proxied: ${error.message}`);
      throw error;
    }
    if (new URL(config.server).protocol !== 'https:') throw serviceUnavailable(`cluster ${name} cannot be proxied: api endpoint ${config.server} is not https`);
    cached?.target.agent.destroy();
    const target = { config, agent: agentFor(config) };
    targets.set(name, { fingerprint, target });
    return target;
  };

  const handle = async (r: ResourceRequest): Promise<void> => {
    const name = r.requestInfo.name;
    if (name === '*') throw badRequest('proxying to all clusters ("*") is not supported');
    const { config, agent } = await targetOf(name);
    const endpoint = new URL(config.server);
    const basePath = endpoint.pathname.replace(/\/+$/, '');
    const path = `${basePath}${proxiedPath(r.req.url ?? '/', name)}`;
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpsRequest(
        {
          hostname: endpoint.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: endpoint.port === '' ? 443 : Number(endpoint.port),
          method: r.req.method ?? 'GET',
          path,
          headers: forwardedHeaders(r.req.headers, config.token, r.userInfo, r.user),
          agent,
          signal: r.signal,
        },
        (upstream) => {
          r.res.writeHead(upstream.statusCode ?? 502, answerHeaders(upstream));
          r.res.flushHeaders();
          upstream.pipe(r.res);
          upstream.once('end', resolve);
          upstream.once('error', () => resolve());
          r.res.once('close', () => {
            upstream.destroy();
            resolve();
          });
        },
      );
      outgoing.once('error', (error) => {
        if (r.signal.aborted) {
          resolve();
          return;
        }
        logger.debug({ err: error, cluster: name }, 'cluster proxy request failed');
        reject(serviceUnavailable(`error trying to reach cluster ${name}: ${error.message}`));
      });
      r.req.pipe(outgoing);
    });
  };

  server.addSubresourceHandler(GROUP, 'clusters', 'proxy', handle);
  return {
    close() {
      for (const { target } of targets.values()) target.agent.destroy();
      targets.clear();
    },
  };
}
