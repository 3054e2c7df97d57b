import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ServedResources } from './served-resources.js';
import type { ResourceInfo } from '../api/resource-info.js';
import type { Store } from '../storage/storage.js';
import type { ServerPki } from '../pki/pki-dir.js';
import { handleResourceRequest } from './handlers/crud-handlers.js';
import { sendJson, sendText } from './http-util.js';
import { ApiMetrics } from './metrics.js';
import { ObjectRegistry } from './registry/object-registry.js';
import { ResourceOperations } from './operations/resource-operations.js';
import type { StrategyResolver } from './registry/object-registry.js';
import { parseRequestInfo } from './request-info.js';
import type { ResourceDeps } from './resource-deps.js';
import type { ResourceRequest } from './handlers/request-context.js';
import { internalError, pathNotFound, StatusError, unauthorized } from './status-error.js';
import { NamespaceGuard } from './builtin/namespace-guard.js';
import { RequestAuth } from './auth/request-auth.js';
import type { TokenAuthenticator } from './auth/authenticator.js';
import type { UserInfo } from './auth/user-info.js';

/** Answers non-resource GETs: discovery, OpenAPI, version. Returns false when the path is not its own. */
export type NonResourceHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** Serves one resource's subresource (or, for subresource '', the resource itself) instead of the registry. */
export type SubresourceHandler = (request: ResourceRequest) => Promise<void>;

/** Extra bearer-token authenticators (bootstrap tokens, service accounts): a user name, a user with groups, or undefined. */
export type { TokenAuthenticator, TokenUser } from './auth/authenticator.js';

export interface ApiServerOptions {
  readonly store: Store;
  readonly resources: ServedResources;
  readonly strategies: StrategyResolver;
  readonly deps: ResourceDeps;
  readonly nonResource: NonResourceHandler;
  readonly pki: ServerPki;
  readonly logger: Logger;
  readonly tokenAuthenticators?: readonly TokenAuthenticator[];
  /** Users of `--token-auth-file` (token -> user). */
  readonly staticTokens?: ReadonlyMap<string, UserInfo>;
  /** The openAPIV3Schema of custom and Karmada kinds (field ownership for server-side apply). */
  readonly schemaOf?: (info: ResourceInfo) => Readonly<Record<string, unknown>> | undefined;
  /** Answered without authentication. */
  readonly versionInfo: Record<string, string>;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

/**
 * The Kubernetes-compatible API server: HTTPS, bearer-token and client-certificate
 * authentication, discovery/OpenAPI via `nonResource`, and resource CRUD/watch on the registry.
 */
export class ApiServer {
  readonly registry: ObjectRegistry;
  readonly ops: ResourceOperations;
  readonly metrics = new ApiMetrics();
  private server: Server | undefined;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<AbortController>();
  /** Authentication, impersonation and RBAC; `auth.start` (assemble does it) loads the policy. */
  readonly auth: RequestAuth;
  private readonly subresourceHandlers = new Map<string, SubresourceHandler>();

  constructor(private readonly options: ApiServerOptions) {
    this.registry = new ObjectRegistry(options.store, options.strategies, new NamespaceGuard(() => this.registry, options.resources));
    this.ops = new ResourceOperations(this.registry, options.deps, options.schemaOf === undefined ? {} : { openAPIV3Schema: options.schemaOf });
    this.auth = new RequestAuth({
      store: options.store,
      adminToken: options.pki.adminToken,
      ...(options.staticTokens === undefined ? {} : { staticTokens: options.staticTokens }),
      ...(options.tokenAuthenticators === undefined ? {} : { tokenAuthenticators: options.tokenAuthenticators }),
      onError: (error) => options.logger.error({ err: error }, 'rbac error'),
    });
  }

  /**
   * Routes `group/resource/subresource` requests (every verb) to handler, e.g. `('', 'pods', 'log')`;
   * subresource '' takes over the resource itself (metrics.k8s.io on simulated members).
   */
  addSubresourceHandler(group: string, resource: string, subresource: string, handler: SubresourceHandler): void {
    this.subresourceHandlers.set(`${group}/${resource}/${subresource}`, handler);
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  async listen(port: number, host: string): Promise<number> {
    const server = createServer(
      {
        key: this.options.pki.serving.keyPem,
        cert: this.options.pki.serving.certPem,
        ca: [this.options.pki.ca.certPem],
        requestCert: true,
        rejectUnauthorized: false,
        keepAlive: true,
        noDelay: true,
      },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 130_000;
    server.requestTimeout = 0; // watches are long-lived
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.stopping.abort();
    for (const request of this.inFlight) {
      request.abort();
    }
    const server = this.server;
    if (server === undefined) {
      return;
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'https://localhost');
    const method = req.method ?? 'GET';
    const requestInfo = parseRequestInfo(method, url.pathname, url.searchParams);
    // One controller per request, aborted when the client goes or the server stops (AbortSignal.any
    // on the long-lived stop signal would pile up dependants on it). Made on first use: only
    // long-running handlers (watch, proxy) ask for it, and aborting one costs a DOMException.
    let client: AbortController | undefined;
    let closed = false;
    const signal = (): AbortSignal => {
      if (client === undefined) {
        client = new AbortController();
        if (closed || this.stopping.signal.aborted) client.abort();
        else this.inFlight.add(client);
      }
      return client.signal;
    };
    res.on('close', () => {
      closed = true;
      if (client !== undefined) {
        this.inFlight.delete(client);
        client.abort();
      }
    });
    try {
      if (PUBLIC_PATHS.has(url.pathname)) {
        this.handlePublic(url.pathname, res);
        return;
      }
      const pending = this.auth.authenticate(req);
      const authenticated = pending instanceof Promise ? await pending : pending;
      if (authenticated === undefined) {
        throw unauthorized();
      }
      const user = this.auth.authorize(req, authenticated, method, url.pathname, requestInfo, url.searchParams);
      if (!requestInfo.isResourceRequest) {
        if (url.pathname === '/metrics') {
          sendText(res, 200, await this.metrics.render(), 'text/plain; version=0.0.4');
          return;
        }
        if (method === 'GET' && this.options.nonResource(req, res, url)) {
          return;
        }
        throw pathNotFound();
      }
      const info = this.options.resources.get(requestInfo.group, requestInfo.version, requestInfo.resource);
      if (info === undefined) {
        throw pathNotFound();
      }
      if (requestInfo.namespace !== '' && !info.namespaced) {
        throw pathNotFound();
      }
      const request: ResourceRequest = {
        req,
        res,
        requestInfo,
        info,
        query: url.searchParams,
        user: user.name,
        userInfo: user,
        ops: this.ops,
        deps: this.options.deps,
        get signal() {
          return signal();
        },
      };
      if (this.auth.reviews.serves(requestInfo)) {
        await this.auth.reviews.serve(request, user);
        return;
      }
      const custom = this.subresourceHandlers.get(`${requestInfo.group}/${requestInfo.resource}/${requestInfo.subresource}`);
      await (custom ?? handleResourceRequest)(request);
    } catch (error) {
      this.sendError(res, error, method, url);
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observe(requestInfo, res.statusCode, seconds);
    }
  }

  private handlePublic(pathname: string, res: ServerResponse): void {
    if (pathname.startsWith('/version')) {
      sendJson(res, 200, this.options.versionInfo);
      return;
    }
    sendText(res, 200, 'ok');
  }

  private sendError(res: ServerResponse, error: unknown, method: string, url: URL): void {
    const status = error instanceof StatusError ? error : internalError(error instanceof Error ? error.message : String(error));
    if (!(error instanceof StatusError)) {
      this.options.logger.error({ err: error, method, path: url.pathname }, 'request failed');
    }
    if (res.headersSent) {
      if (!res.writableEnded) {
        res.end();
      }
      return;
    }
    sendJson(res, status.code, status.toStatus());
  }
}
