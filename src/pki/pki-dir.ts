import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority, createServingCertificate, type CertKeyPair } from './certificates.js';

/** The TLS material and admin token of one API server, kept in `<dataDir>/pki`. */
export interface ServerPki {
  readonly ca: CertKeyPair;
  readonly serving: CertKeyPair;
  readonly adminToken: string;
}

function readPair(dir: string, name: string): CertKeyPair | undefined {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (!existsSync(cert) || !existsSync(key)) {
    return undefined;
  }
  return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
}

function writePair(dir: string, name: string, pair: CertKeyPair): void {
  writeFileSync(join(dir, `${name}.crt`), pair.certPem);
  writeFileSync(join(dir, `${name}.key`), pair.keyPem, { mode: 0o600 });
}

/**
 * Loads the CA, serving certificate and admin token from `<dataDir>/pki`, generating whatever is
 * missing on first start. The serving certificate covers localhost, 127.0.0.1 and `extraHosts`.
 */
export function ensureServerPki(dataDir: string, commonName: string, extraHosts: readonly string[] = []): ServerPki {
  const dir = join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true });
  let ca = readPair(dir, 'ca');
  if (ca === undefined) {
    ca = createCertificateAuthority(`${commonName}-ca`);
    writePair(dir, 'ca', ca);
  }
  let serving = readPair(dir, 'apiserver');
  if (serving === undefined) {
    const isIp = (h: string): boolean => /^[\d.]+$/.test(h) || h.includes(':');
    serving = createServingCertificate(ca, {
      commonName,
      dnsNames: ['localhost', commonName, 'kubernetes', 'kubernetes.default', ...extraHosts.filter((h) => !isIp(h))],
      ipAddresses: ['127.0.0.1', '::1', ...extraHosts.filter(isIp)],
    });
    writePair(dir, 'apiserver', serving);
  }
  const tokenFile = join(dir, 'admin.token');
  let adminToken: string;
  if (existsSync(tokenFile)) {
    adminToken = readFileSync(tokenFile, 'utf8').trim();
  } else {
    adminToken = randomBytes(24).toString('hex');
    writeFileSync(tokenFile, `${adminToken}\n`, { mode: 0o600 });
  }
  return { ca, serving, adminToken };
}
