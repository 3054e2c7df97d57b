/**
 * `KubeTransport` over HTTP(S) to any Kubernetes API server, configured from a kubeconfig
 * (`RestConfig`): keep-alive agents, bearer/basic/client-certificate/exec authentication,
 * 429 and Retry-After handling, and watch streams decoded from newline-delimited JSON.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AgentOptions } from 'node:https';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { KubeList, KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import { ApiError, statusFromResponse } from './api-error.js';
import type {
  ApiGroup,
  ApiResourceList,
  CreateOptions,
  DeleteOptions,
  DiscoveryDocument,
  GetOptions,
  KubeTransport,
  ListOptions,
  PatchOptions,
  RawResponse,
  RequestOptions,
  ResourceRef,
  UpdateOptions,
  VersionInfo,
  WatchEvent,
  WatchEventType,
  WatchOptions,
  WatchStream,
} from './client.js';
import type { Clock } from './clock.js';
import { realClock, sleep } from './clock.js';
import { ExecCredentialProvider } from './exec-credential.js';
import { jsonLines } from './json-lines.js';
import type { RestConfig } from './kubeconfig.js';
import type { Logger } from './logger.js';
import { noopLogger } from './logger.js';
import { ConnectProxyAgent } from './proxy-agent.js';
import { PATCH_CONTENT_TYPES, deleteBody, listQuery, resourcePath, watchQuery, withQuery, writeQuery } from './resource-path.js';

export interface HttpTransportOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Default `karmada-ts`. */
  readonly userAgent?: string;
  /** Per-request timeout for non-watch requests (default 30 s). */
  readonly timeoutMs?: number;
  /** Retries of a request answered 429 (or 5xx with Retry-After); default 3. */
  readonly maxRetries?: number;
  /** Longest wait honoured from Retry-After (default 10 s). */
  readonly maxRetryDelayMs?: number;
  /**
   * Sockets per agent (default unlimited). Over HTTP/1.1 every open watch holds a socket, so
   * a low cap would starve requests behind long-running watches; idle sockets are reused.
   */
  readonly maxSockets?: number;
}

interface Sent {
  readonly req: ClientRequest;
  readonly res: IncomingMessage;
}

interface Auth {
  readonly headers: Record<string, string>;
  readonly agent: HttpAgent;
}

const WATCH_TYPES = new Set<WatchEventType>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);
const TOKEN_FILE_REFRESH_MS = 60_000;

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfterMs(res: IncomingMessage): number | undefined {
  const header = res.headers['retry-after'];
  if (header === undefined) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function apiErrorFrom(res: IncomingMessage, text: string): ApiError {
  const status = statusFromResponse(res.statusCode ?? 0, parseJson(text), text);
  const after = retryAfterMs(res);
  if (after !== undefined && status.details?.retryAfterSeconds === undefined) {
    status.details = { ...status.details, retryAfterSeconds: Math.ceil(after / 1000) };
  }
  return new ApiError(status);
}

export class HttpTransport implements KubeTransport {
  private readonly url: URL;
  private readonly basePath: string;
  private readonly secure: boolean;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxSockets: number;
  private readonly agents = new Map<string, HttpAgent>();
  private readonly exec: ExecCredentialProvider | undefined;
  private tokenFromFile: { token: string; readAt: number } | undefined;

  constructor(
    private readonly config: RestConfig,
    options: HttpTransportOptions = {},
  ) {
    this.url = new URL(config.server);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') {
      throw new Error(`server ${config.server}: only http and https are supported`);
    }
    this.secure = this.url.protocol === 'https:';
    this.basePath = this.url.pathname.replace(/\/+$/, '');
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? noopLogger;
    this.userAgent = options.userAgent ?? 'karmada-ts';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.maxSockets = options.maxSockets ?? Number.POSITIVE_INFINITY;
    this.exec =
      config.exec === undefined
        ? undefined
        : new ExecCredentialProvider(
            config.exec,
            {
              server: config.server,
              ...(config.caData === undefined ? {} : { certificateAuthorityData: config.caData }),
              ...(config.tlsServerName === undefined ? {} : { tlsServerName: config.tlsServerName }),
              ...(config.insecureSkipTlsVerify === true ? { insecureSkipTlsVerify: true } : {}),
            },
            this.clock,
          );
  }

  // ---- KubeTransport ----

  async get(ref: ResourceRef, name: string, options: GetOptions & { subresource?: string; path?: string }): Promise<unknown> {
    const q: Record<string, string> = {};
    if (options.resourceVersion !== undefined && options.resourceVersion !== '') {
      q['resourceVersion'] = options.resourceVersion;
    }
    const path = withQuery(resourcePath(ref, options.namespace, name, options.subresource, options.path), q);
    const { text, contentType } = await this.call('GET', path, { signal: options.signal, accept: options.path === undefined ? undefined : '*/*' });
    if (options.path !== undefined && !contentType.includes('json')) {
      return text;
    }
    return parseJson(text) ?? text;
  }

  async list(ref: ResourceRef, options: ListOptions): Promise<KubeList> {
    const path = withQuery(resourcePath(ref, options.namespace), listQuery(options));
    return (await this.json('GET', path, { signal: options.signal })) as KubeList;
  }

  async create(ref: ResourceRef, body: KubeObject, options: CreateOptions): Promise<KubeObject> {
    const path = withQuery(resourcePath(ref, options.namespace), writeQuery(options));
    return (await this.json('POST', path, { body: JSON.stringify(body), signal: options.signal })) as KubeObject;
  }

  async update(ref: ResourceRef, name: string, body: KubeObject, options: UpdateOptions & { subresource?: string }): Promise<KubeObject> {
    const path = withQuery(resourcePath(ref, options.namespace, name, options.subresource), writeQuery(options));
    return (await this.json('PUT', path, { body: JSON.stringify(body), signal: options.signal })) as KubeObject;
  }

  async patch(ref: ResourceRef, name: string, body: unknown, options: PatchOptions): Promise<KubeObject> {
    const path = withQuery(resourcePath(ref, options.namespace, name, options.subresource), writeQuery(options));
    return (await this.json('PATCH', path, {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      contentType: PATCH_CONTENT_TYPES[options.type],
      signal: options.signal,
    })) as KubeObject;
  }

  async delete(ref: ResourceRef, name: string, options: DeleteOptions): Promise<KubeObject> {
    const path = resourcePath(ref, options.namespace, name);
    return (await this.json('DELETE', path, { body: JSON.stringify(deleteBody(options)), signal: options.signal })) as KubeObject;
  }

  async watch(ref: ResourceRef, options: WatchOptions): Promise<WatchStream> {
    const path = withQuery(resourcePath(ref, options.namespace), watchQuery(options));
    const { req, res } = await this.send('GET', path, { signal: options.signal, timeoutMs: 0 });
    if (res.statusCode !== 200) {
      throw apiErrorFrom(res, await readBody(res));
    }
    let closed = false;
    const signal = options.signal;
    const close = (): void => {
      if (!closed) {
        closed = true;
        req.destroy();
        res.destroy();
      }
    };
    async function* events(): AsyncGenerator<WatchEvent> {
      try {
        for await (const value of jsonLines(res)) {
          if (!isPlainObject(value) || typeof value['type'] !== 'string' || !WATCH_TYPES.has(value['type'] as WatchEventType) || !isPlainObject(value['object'])) {
            throw new Error('malformed watch event');
          }
          yield { type: value['type'] as WatchEventType, object: value['object'] as KubeObject };
        }
      } catch (err) {
        // A stream we closed (or whose signal aborted) ends quietly.
        if (closed || signal?.aborted === true) {
          return;
        }
        throw err;
      } finally {
        close();
      }
    }
    return { [Symbol.asyncIterator]: events, close };
  }

  async discover(options: RequestOptions = {}): Promise<DiscoveryDocument> {
    const core = (await this.json('GET', '/api', { signal: options.signal })) as { versions?: string[] };
    const apis = (await this.json('GET', '/apis', { signal: options.signal })) as { groups?: ApiGroup[] };
    const coreVersions = (core.versions ?? []).map((v) => ({ groupVersion: v, version: v }));
    const groups: ApiGroup[] = [
      { name: '', versions: coreVersions, ...(coreVersions[0] === undefined ? {} : { preferredVersion: coreVersions[0] }) },
      ...(apis.groups ?? []),
    ];
    const gvs = groups.flatMap((g) => g.versions.map((v) => (g.name === '' ? { gv: v.groupVersion, path: `/api/${v.version}` } : { gv: v.groupVersion, path: `/apis/${v.groupVersion}` })));
    const lists = await Promise.all(
      gvs.map(async ({ gv, path }) => {
        try {
          const list = (await this.json('GET', path, { signal: options.signal })) as ApiResourceList;
          return { groupVersion: gv, resources: list.resources ?? [] };
        } catch (err) {
          // One broken aggregated API must not hide the rest (kubectl does the same).
          this.logger.warn({ err, groupVersion: gv }, 'discovery: group version unavailable');
          return undefined;
        }
      }),
    );
    return { groups, resourceLists: lists.filter((l): l is ApiResourceList => l !== undefined) };
  }

  async serverVersion(options: RequestOptions = {}): Promise<VersionInfo> {
    return (await this.json('GET', '/version', { signal: options.signal })) as VersionInfo;
  }

  async getRaw(path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const { res } = await this.send('GET', path, { signal: options.signal, accept: '*/*' });
    const body = await readBody(res);
    const contentType = res.headers['content-type'];
    return { statusCode: res.statusCode ?? 0, body, ...(contentType === undefined ? {} : { contentType }) };
  }

  close(): void {
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
    this.agents.clear();
  }

  // ---- internals ----

  private async json(method: string, path: string, o: { body?: string; contentType?: string; signal?: AbortSignal | undefined }): Promise<unknown> {
    const { text } = await this.call(method, path, o);
    const parsed = parseJson(text);
    if (parsed === undefined) {
      throw new Error(`${method} ${path}: the server answered with something that is not JSON`);
    }
    return parsed;
  }

  /** One request with retries on 429/Retry-After and one credential refresh on 401; throws ApiError on non-2xx. */
  private async call(
    method: string,
    path: string,
    o: { body?: string; contentType?: string; signal?: AbortSignal | undefined; accept?: string | undefined },
  ): Promise<{ text: string; contentType: string }> {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const { res } = await this.send(method, path, { ...o, timeoutMs: this.timeoutMs });
      const text = await readBody(res);
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 300) {
        return { text, contentType: String(res.headers['content-type'] ?? '') };
      }
      if (code === 401 && this.exec !== undefined && !refreshed) {
        refreshed = true;
        this.exec.invalidate();
        continue;
      }
      const after = retryAfterMs(res);
      if ((code === 429 || (code >= 500 && after !== undefined)) && attempt < this.maxRetries && o.signal?.aborted !== true) {
        const wait = Math.min(after ?? 1000, this.maxRetryDelayMs);
        this.logger.debug({ method, path, code, wait }, 'retrying after server asked to wait');
        await sleep(this.clock, wait, o.signal);
        continue;
      }
      throw apiErrorFrom(res, text);
    }
  }

  /** Sends a request and resolves with its response head (body unread). */
  private async send(
    method: string,
    path: string,
    o: { body?: string; contentType?: string; signal?: AbortSignal | undefined; accept?: string | undefined; timeoutMs?: number },
  ): Promise<Sent> {
    const auth = await this.auth();
    const headers: OutgoingHttpHeaders = {
      Accept: o.accept ?? 'application/json',
      'User-Agent': this.userAgent,
      ...auth.headers,
    };
    if (o.body !== undefined) {
      headers['Content-Type'] = o.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(o.body);
    }
    const requestFn = this.secure ? httpsRequest : httpRequest;
    return await new Promise<Sent>((resolve, reject) => {
      const req = requestFn(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.url.port === '' ? (this.secure ? 443 : 80) : Number(this.url.port),
          method,
          path: `${this.basePath}${path}`,
          headers,
          agent: auth.agent,
          ...(o.signal === undefined ? {} : { signal: o.signal }),
        },
        (res) => resolve({ req, res }),
      );
      req.once('error', reject);
      if (o.timeoutMs !== undefined && o.timeoutMs > 0) {
        req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`${method} ${path}: timed out after ${String(o.timeoutMs)} ms`)));
      }
      req.end(o.body);
    });
  }

  private async auth(): Promise<Auth> {
    const c = this.config;
    if (this.exec !== undefined) {
      const cred = await this.exec.get();
      if (cred.token !== undefined) {
        return { headers: { Authorization: `Bearer ${cred.token}` }, agent: this.agent(c.certPem, c.keyPem) };
      }
      // ExecCredential carries PEM text (not base64) in clientCertificateData/clientKeyData.
      return { headers: {}, agent: this.agent(cred.clientCertificateData, cred.clientKeyData) };
    }
    const agent = this.agent(c.certPem, c.keyPem);
    const token = this.bearerToken();
    if (token !== undefined) {
      return { headers: { Authorization: `Bearer ${token}` }, agent };
    }
    if (c.username !== undefined) {
      return { headers: { Authorization: `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}` }, agent };
    }
    return { headers: {}, agent };
  }

  private bearerToken(): string | undefined {
    const c = this.config;
    if (c.tokenFile !== undefined) {
      const now = this.clock.now();
      if (this.tokenFromFile === undefined || now - this.tokenFromFile.readAt > TOKEN_FILE_REFRESH_MS) {
        try {
          this.tokenFromFile = { token: readFileSync(c.tokenFile, 'utf8').trim(), readAt: now };
        } catch (err) {
          // Keep the last good token; a rotating file may be briefly missing.
          if (this.tokenFromFile === undefined) {
            throw new Error(`cannot read tokenFile ${c.tokenFile}: ${(err as Error).message}`, { cause: err });
          }
        }
      }
      return this.tokenFromFile.token;
    }
    return c.token;
  }

  /** One keep-alive agent per client certificate (exec plugins may rotate it). */
  private agent(certPem: string | undefined, keyPem: string | undefined): HttpAgent {
    const key = `${certPem ?? ''}\u0000${keyPem ?? ''}`;
    let agent = this.agents.get(key);
    if (agent !== undefined) {
      return agent;
    }
    const c = this.config;
    if (!this.secure) {
      agent = new HttpAgent({ keepAlive: true, maxSockets: this.maxSockets });
    } else {
      const host = this.url.hostname.replace(/^\[(.*)\]$/, '$1');
      const servername = c.tlsServerName ?? (isIP(host) === 0 ? host : undefined);
      const tls: AgentOptions = {
        keepAlive: true,
        maxSockets: this.maxSockets,
        rejectUnauthorized: c.insecureSkipTlsVerify !== true,
        ...(c.caPem === undefined ? {} : { ca: c.caPem }),
        ...(certPem === undefined ? {} : { cert: certPem }),
        ...(keyPem === undefined ? {} : { key: keyPem }),
        ...(servername === undefined ? {} : { servername }),
      };
      agent = c.proxyUrl === undefined ? new HttpsAgent(tls) : new ConnectProxyAgent(new URL(c.proxyUrl), tls);
    }
    this.agents.set(key, agent);
    return agent;
  }
}
