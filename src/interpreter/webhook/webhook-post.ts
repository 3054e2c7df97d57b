/**
 * One HTTPS POST of a JSON body to a hook, with a deadline: the apiserver webhook client's
 * behaviour (JSON in and out, `?timeout=Ns` telling the hook its budget, the CA bundle and the
 * server name of the endpoint checked, no client certificate).
 */
import { Agent, request } from 'node:https';
import type { WebhookEndpoint } from './webhook-endpoint.js';

/** Sends `body` and resolves with the decoded JSON answer. */
export type WebhookPost = (endpoint: WebhookEndpoint, body: unknown, timeoutMs: number, agent?: Agent) => Promise<unknown>;

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** A keep-alive agent for one endpoint (hooks are called often; TLS handshakes are not free). */
export function webhookAgent(endpoint: WebhookEndpoint): Agent {
  return new Agent({ keepAlive: true, maxSockets: 32, ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }) });
}

/** The default {@link WebhookPost}, over node:https. */
export const postJson: WebhookPost = (endpoint, body, timeoutMs, agent) => {
  const url = new URL(endpoint.url);
  url.searchParams.set('timeout', `${Math.ceil(timeoutMs / 1000)}s`);
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length },
        ...(agent === undefined ? {} : { agent }),
        ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }),
        // Node checks the certificate against `servername` when it is set: services are verified
        // by their DNS name, not by the address dialled.
        ...(endpoint.serverName === undefined ? {} : { servername: endpoint.serverName }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) {
            reject(new Error(`the server responded with status ${code}: ${text.slice(0, 512).trim()}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(new Error(`could not decode the response as JSON: ${(error as Error).message}`));
          }
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`Post "${endpoint.url.href}": context deadline exceeded`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(payload);
  });
};
