import { request as httpRequest } from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';

/**
 * An HTTPS agent that reaches the server through an HTTP proxy's CONNECT tunnel
 * (a kubeconfig cluster's `proxy-url`), with keep-alive on the tunnelled connections.
 */
export class ConnectProxyAgent extends HttpsAgent {
  constructor(
    private readonly proxy: URL,
    options: AgentOptions,
  ) {
    if (proxy.protocol !== 'http:') {
      throw new Error(`proxy-url ${proxy.href}: only http:// proxies are supported`);
    }
    super(options);
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    const target = `${options.host ?? options.hostname ?? 'localhost'}:${String(options.port ?? 443)}`;
    const headers: Record<string, string> = { Host: target };
    if (this.proxy.username !== '') {
      const creds = `${decodeURIComponent(this.proxy.username)}:${decodeURIComponent(this.proxy.password)}`;
      headers['Proxy-Authorization'] = `Basic ${Buffer.from(creds).toString('base64')}`;
    }
    const req = httpRequest({
      host: this.proxy.hostname,
      port: this.proxy.port === '' ? 80 : Number(this.proxy.port),
      method: 'CONNECT',
      path: target,
      headers,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(new Error(`proxy ${this.proxy.host} refused CONNECT ${target}: HTTP ${String(res.statusCode)}`), socket);
        return;
      }
      const tlsSocket = tlsConnect({ ...(options as ConnectionOptions), socket });
      done(null, tlsSocket);
    });
    req.once('error', (err) => done(err, req.socket ?? (undefined as unknown as Duplex)));
    req.end();
    return undefined;
  }
}
