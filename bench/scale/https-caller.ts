/**
 * Raw HTTPS calls to the control plane as an outside client makes them (keep-alive agent,
 * bearer token, JSON), timed from request start to the last byte of the answer.
 */
import { Agent, request } from 'node:https';

export interface CallResult {
  readonly status: number;
  readonly ms: number;
  readonly body: string;
}

export interface HttpsCaller {
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<CallResult>;
  close(): void;
}

export function httpsCaller(url: string, caPem: string, token: string, sockets: number): HttpsCaller {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, ca: caPem });
  const base = new URL(url);
  return {
    call(method, path, body, contentType = 'application/json') {
      const started = performance.now();
      const text = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve) => {
        const req = request(
          { host: base.hostname, port: base.port, path, method, agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(text === undefined ? {} : { 'Content-Type': contentType }) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
            res.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - started }));
          },
        );
        req.on('socket', (socket) => socket.setNoDelay(true));
        req.on('error', (error) => resolve({ status: 0, body: String(error), ms: performance.now() - started }));
        req.end(text);
      });
    },
    close: () => agent.destroy(),
  };
}

/** The REST collection path of a namespaced object. */
export function collectionPath(apiVersion: string, plural: string, namespace: string): string {
  const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${prefix}/namespaces/${namespace}/${plural}`;
}
