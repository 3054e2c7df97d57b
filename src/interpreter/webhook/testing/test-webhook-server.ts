/**
 * A throwaway HTTPS interpreter webhook for tests: its own CA and serving certificate (for
 * `localhost`, `127.0.0.1` and any extra DNS names), a handler that turns a
 * ResourceInterpreterRequest into response fields, and a record of the requests received.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority, createServingCertificate, type CertKeyPair } from '../../../pki/certificates.js';
import type { ResourceInterpreterRequest } from '../interpreter-context.js';

/** Response fields for one request (`uid` is filled in); `undefined` answers unsuccessfully. */
export type TestWebhookHandler = (
  request: ResourceInterpreterRequest,
  path: string,
) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;

/** A running test webhook. */
export interface TestWebhookServer {
  /** `https://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Base64 of the CA's PEM: a `caBundle` value. */
  readonly caBundle: string;
  /** Every request received, oldest first. */
  readonly requests: { path: string; request: ResourceInterpreterRequest }[];
  close(): Promise<void>;
}

/** A JSON patch as a response's `patch` field (base64, as Go encodes `[]byte`). */
export function patchField(operations: readonly unknown[]): { patch: string; patchType: 'JSONPatch' } {
  return { patch: Buffer.from(JSON.stringify(operations)).toString('base64'), patchType: 'JSONPatch' };
}

/** Options of {@link startTestWebhookServer}. */
export interface TestWebhookServerOptions {
  /** DNS names the serving certificate is also valid for (e.g. `<service>.<namespace>.svc`). */
  readonly dnsNames?: readonly string[];
  /** A CA of its own rather than the one test servers share (RSA keys are slow to make). */
  readonly freshCa?: boolean;
}

let sharedCa: CertKeyPair | undefined;
const sharedServing = new Map<string, CertKeyPair>();

function servingCertificate(ca: CertKeyPair, dnsNames: readonly string[]): CertKeyPair {
  return createServingCertificate(ca, { commonName: 'test-webhook', dnsNames: ['localhost', ...dnsNames], ipAddresses: ['127.0.0.1'] });
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startTestWebhookServer(handler: TestWebhookHandler, options: TestWebhookServerOptions = {}): Promise<TestWebhookServer> {
  const ca = options.freshCa === true ? createCertificateAuthority('test-webhook-ca') : (sharedCa ??= createCertificateAuthority('test-webhook-ca'));
  const dnsNames = options.dnsNames ?? [];
  let serving: CertKeyPair;
  if (options.freshCa === true) {
    serving = servingCertificate(ca, dnsNames);
  } else {
    const key = dnsNames.join(',');
    serving = sharedServing.get(key) ?? servingCertificate(ca, dnsNames);
    sharedServing.set(key, serving);
  }
  const requests: { path: string; request: ResourceInterpreterRequest }[] = [];
  const server: Server = createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        try {
          const context = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: ResourceInterpreterRequest };
          requests.push({ path, request: context.request });
          const fields = await handler(context.request, path);
          const response =
            fields === undefined
              ? { uid: context.request.uid, successful: false, status: { code: 500, message: 'the test webhook declined' } }
              : { uid: context.request.uid, successful: true, ...fields };
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterContext', response }));
        } catch (error) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    caBundle: Buffer.from(ca.certPem).toString('base64'),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
