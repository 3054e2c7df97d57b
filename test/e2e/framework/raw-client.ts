import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token?: string } }[];
}

/** Plain HTTPS requests with the kubeconfig's CA and token (or none), for protocol-level checks. */
export class RawClient {
  readonly server: string;
  private readonly ca: string;
  private readonly token: string | undefined;

  constructor(kubeconfigPath: string) {
    const config = parse(readFileSync(kubeconfigPath, 'utf8')) as KubeconfigFile;
    const cluster = config.clusters[0]?.cluster;
    this.server = cluster?.server ?? '';
    this.ca = Buffer.from(cluster?.['certificate-authority-data'] ?? '', 'base64').toString();
    this.token = config.users[0]?.user.token;
  }

  request(method: string, path: string, options: { body?: string | Buffer; contentType?: string; accept?: string; anonymous?: boolean } = {}): Promise<RawResponse> {
    const url = new URL(path, this.server);
    const headers: Record<string, string> = {};
    if (options.anonymous !== true && this.token !== undefined) {
      headers['Authorization'] = `Bearer ${this.token}`;
    }
    if (options.contentType !== undefined) {
      headers['Content-Type'] = options.contentType;
    }
    if (options.accept !== undefined) {
      headers['Accept'] = options.accept;
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body) as T });
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }
}
