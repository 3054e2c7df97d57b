/**
 * Bootstrap tokens as Kubernetes and kubeadm define them (`k8s.io/cluster-bootstrap`): a
 * token `[a-z0-9]{6}.[a-z0-9]{16}` stored as Secret `kube-system/bootstrap-token-<id>` of type
 * `bootstrap.kubernetes.io/token`, and the CA public-key pin `sha256:<hex>` that lets a
 * registering cluster check the control plane it talks to.
 */
import { X509Certificate, createHash, randomInt } from 'node:crypto';
import type { KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import { rfc3339 } from '../controllers/cluster/taints.js';

export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';
export const BOOTSTRAP_TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
export const BOOTSTRAP_TOKEN_ID_RE = /^[a-z0-9]{6}$/;
/** `bootstrapapi.KnownTokenUsages`, Karmada's default usages. */
export const DEFAULT_TOKEN_USAGES: readonly string[] = ['signing', 'authentication'];
/** Karmada's default extra group for tokens made by `karmadactl token create`. */
export const DEFAULT_TOKEN_GROUPS: readonly string[] = ['system:bootstrappers:karmada:default-cluster-token'];
/** `DefaultTokenDuration`: 24 h. */
export const DEFAULT_TOKEN_TTL_MS = 24 * 3600 * 1000;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface BootstrapToken {
  readonly id: string;
  readonly secret: string;
  readonly description?: string;
  /** RFC 3339; absent = never expires. */
  readonly expiration?: string;
  readonly usages: readonly string[];
  readonly groups: readonly string[];
}

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHABET.charAt(randomInt(ALPHABET.length));
  }
  return out;
}

/** A fresh random token `id.secret` (`bootstraputil.GenerateBootstrapToken`). */
export function generateTokenString(): string {
  return `${randomString(6)}.${randomString(16)}`;
}

/** Splits `id.secret`; undefined when the string is not a bootstrap token. */
export function parseTokenString(token: string): { id: string; secret: string } | undefined {
  const m = BOOTSTRAP_TOKEN_RE.exec(token);
  return m === null || m[1] === undefined || m[2] === undefined ? undefined : { id: m[1], secret: m[2] };
}

export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

export interface NewBootstrapTokenOptions {
  readonly token?: string;
  /** 0 = never expires. Default 24 h. */
  readonly ttlMs?: number;
  readonly description?: string;
  readonly usages?: readonly string[];
  readonly groups?: readonly string[];
  readonly nowMs?: number;
}

/** A token with Karmada's defaults (`GenerateRandomBootstrapToken`). */
export function newBootstrapToken(options: NewBootstrapTokenOptions = {}): BootstrapToken {
  const parsed = parseTokenString(options.token ?? generateTokenString());
  if (parsed === undefined) {
    throw new Error(`the bootstrap token "${options.token ?? ''}" was not of the form "\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z"`);
  }
  const ttl = options.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
  return {
    ...parsed,
    ...(options.description === undefined || options.description === '' ? {} : { description: options.description }),
    ...(ttl > 0 ? { expiration: rfc3339((options.nowMs ?? Date.now()) + ttl) } : {}),
    usages: options.usages ?? DEFAULT_TOKEN_USAGES,
    groups: options.groups ?? DEFAULT_TOKEN_GROUPS,
  };
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The Secret storing a token (`ConvertBootstrapTokenToSecret`). */
export function bootstrapTokenSecret(token: BootstrapToken): KubeObject {
  const data: Record<string, string> = { 'token-id': b64(token.id), 'token-secret': b64(token.secret) };
  if (token.description !== undefined) data['description'] = b64(token.description);
  if (token.expiration !== undefined) data['expiration'] = b64(token.expiration);
  for (const usage of token.usages) {
    data[`usage-bootstrap-${usage}`] = b64('true');
  }
  if (token.groups.length > 0) data['auth-extra-groups'] = b64(token.groups.join(','));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(token.id), namespace: BOOTSTRAP_TOKEN_NAMESPACE },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data,
  };
}

function secretValue(secret: KubeObject, key: string): string | undefined {
  const data = secret['data'];
  const v = isPlainObject(data) ? data[key] : undefined;
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

/** Reads a token Secret (`GetBootstrapTokenFromSecret`); undefined when it is not a valid one. */
export function bootstrapTokenFromSecret(secret: KubeObject): BootstrapToken | undefined {
  if (secret['type'] !== BOOTSTRAP_TOKEN_SECRET_TYPE) {
    return undefined;
  }
  const id = secretValue(secret, 'token-id');
  const tokenSecret = secretValue(secret, 'token-secret');
  if (id === undefined || tokenSecret === undefined || secret.metadata.name !== bootstrapTokenSecretName(id)) {
    return undefined;
  }
  if (parseTokenString(`${id}.${tokenSecret}`) === undefined) {
    return undefined;
  }
  const data = secret['data'];
  const usages = isPlainObject(data)
    ? Object.keys(data)
        .filter((k) => k.startsWith('usage-bootstrap-') && secretValue(secret, k) === 'true')
        .map((k) => k.slice('usage-bootstrap-'.length))
        .sort()
    : [];
  const groups = (secretValue(secret, 'auth-extra-groups') ?? '').split(',').filter((g) => g !== '');
  const description = secretValue(secret, 'description');
  const expiration = secretValue(secret, 'expiration');
  return {
    id,
    secret: tokenSecret,
    ...(description === undefined ? {} : { description }),
    ...(expiration === undefined ? {} : { expiration }),
    usages,
    groups,
  };
}

/** True when the token's expiration passed. */
export function tokenExpired(token: BootstrapToken, nowMs: number): boolean {
  if (token.expiration === undefined) {
    return false;
  }
  const at = Date.parse(token.expiration);
  return Number.isNaN(at) || at <= nowMs;
}

/**
 * kubeadm's CA public key pin (`pubkeypin.Hash`): `sha256:` + hex SHA-256 of the
 * certificate's DER SubjectPublicKeyInfo.
 */
export function caCertHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Every certificate in a PEM bundle. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
