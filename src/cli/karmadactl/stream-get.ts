/**
 * A streaming GET of a non-JSON body (`pods/NAME/log?follow=true`), chunk by chunk, with the
 * kubeconfig's TLS and token or client-certificate credentials. The shared client reads whole
 * bodies, which a followed log never ends; exec credential plugins and proxies are not used here.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RestConfig } from '../../client/kubeconfig.js';
import { rawResponseError } from './server-error.js';

/** GETs `path` (after the server's own path) and hands each chunk to `onChunk` until the server ends the body. */
export function streamGet(config: RestConfig, path: string, onChunk: (chunk: string) => void, signal?: AbortSignal): Promise<void> {
  if (config.exec !== undefined) return Promise.reject(new Error('following logs with an exec credential plugin is not supported'));
  const url = new URL(config.server);
  const fullPath = `${url.pathname.replace(/\/+$/, '')}${path}`;
  const headers: Record<string, string> = { Accept: '*/*', 'User-Agent': 'karmadactl' };
  const token = config.token ?? (config.tokenFile === undefined ? undefined : readFileSync(config.tokenFile, 'utf8').trim());
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  else if (config.username !== undefined) headers['Authorization'] = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage): void => {
      const code = res.statusCode ?? 0;
      res.setEncoding('utf8');
      if (code < 200 || code >= 300) {
        let body = '';
        res.on('data', (d: string) => (body += d));
        res.on('end', () => reject(rawResponseError(code, body)));
        return;
      }
      res.on('data', (d: string) => onChunk(d));
      res.on('end', () => resolve());
      res.on('error', reject);
    };
    const common = { method: 'GET', hostname: url.hostname, port: url.port, path: fullPath, headers, ...(signal === undefined ? {} : { signal }) };
    const req =
      url.protocol === 'https:'
        ? httpsRequest(
            {
              ...common,
              ...(config.caPem === undefined ? {} : { ca: config.caPem }),
              ...(config.certPem === undefined ? {} : { cert: config.certPem }),
              ...(config.keyPem === undefined ? {} : { key: config.keyPem }),
              ...(config.tlsServerName === undefined ? {} : { servername: config.tlsServerName }),
              rejectUnauthorized: config.insecureSkipTlsVerify !== true,
            },
            onResponse,
          )
        : httpRequest(common, onResponse);
    req.on('error', (err) => (signal?.aborted === true ? resolve() : reject(err)));
    req.end();
  });
}
