/**
 * kubeconfig parsing: clusters, users, contexts and current-context, resolved into the
 * `RestConfig` one client needs. Relative file paths are resolved against the kubeconfig's
 * directory, as kubectl does. CA and client certificate files are read at load time; token
 * files are re-read while running (they rotate).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { isPlainObject } from '../api/object.js';

/** A `client.authentication.k8s.io` exec credential plugin, as configured in a kubeconfig user. */
export interface ExecConfig {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly provideClusterInfo: boolean;
  readonly interactiveMode?: string;
  readonly installHint?: string;
  /** Directory relative commands are resolved against (the kubeconfig's). */
  readonly baseDir: string;
}

/** Everything needed to talk to one API server as one user. */
export interface RestConfig {
  /** e.g. `https://127.0.0.1:5443`, possibly with a path prefix (a proxy). */
  readonly server: string;
  readonly contextName?: string;
  readonly clusterName?: string;
  readonly userName?: string;
  /** The context's namespace ('default' when the context names none). */
  readonly namespace: string;
  /** PEM CA bundle (from certificate-authority-data or certificate-authority); system CAs when absent. */
  readonly caPem?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly tlsServerName?: string;
  readonly proxyUrl?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
  readonly token?: string;
  /** Re-read periodically (rotating service-account tokens). */
  readonly tokenFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly exec?: ExecConfig;
  /** The kubeconfig cluster entry's certificate-authority-data (base64), handed to exec plugins. */
  readonly caData?: string;
}

/** A kubeconfig that cannot be used. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

function named(list: unknown, key: string, name: string): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) {
    return undefined;
  }
  for (const entry of list) {
    if (isPlainObject(entry) && entry['name'] === name && isPlainObject(entry[key])) {
      return entry[key];
    }
  }
  return undefined;
}

function str(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function decodeBase64(data: string, what: string): string {
  const text = Buffer.from(data, 'base64').toString('utf8');
  if (!text.includes('-----BEGIN')) {
    throw new KubeconfigError(`${what} is not base64-encoded PEM`);
  }
  return text;
}

function readRelative(baseDir: string, path: string, what: string): string {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read ${what} ${full}: ${(err as Error).message}`);
  }
}

/** True when text looks like kubeconfig YAML rather than a file path. */
function looksLikeYaml(text: string): boolean {
  return text.includes('\n') || /^\s*(\{|apiVersion\s*:|kind\s*:|clusters\s*:)/.test(text);
}

export interface ParseKubeconfigOptions {
  /** Context to use instead of current-context. */
  readonly context?: string;
  /** Directory relative paths resolve against (default: the process's working directory). */
  readonly baseDir?: string;
}

/** Parses kubeconfig YAML into a RestConfig for the chosen (or current) context. */
export function parseKubeconfig(text: string, options: ParseKubeconfigOptions = {}): RestConfig {
  const baseDir = options.baseDir ?? process.cwd();
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new KubeconfigError(`kubeconfig is not valid YAML: ${(err as Error).message}`);
  }
  if (!isPlainObject(doc)) {
    throw new KubeconfigError('kubeconfig is empty or not a mapping');
  }
  const contextName = options.context ?? str(doc, 'current-context');
  if (contextName === undefined) {
    throw new KubeconfigError('kubeconfig has no current-context and no context was given');
  }
  const context = named(doc['contexts'], 'context', contextName);
  if (context === undefined) {
    throw new KubeconfigError(`context "${contextName}" not found in kubeconfig`);
  }
  const clusterName = str(context, 'cluster');
  const cluster = clusterName === undefined ? undefined : named(doc['clusters'], 'cluster', clusterName);
  if (cluster === undefined || clusterName === undefined) {
    throw new KubeconfigError(`cluster "${clusterName ?? ''}" of context "${contextName}" not found in kubeconfig`);
  }
  const server = str(cluster, 'server');
  if (server === undefined) {
    throw new KubeconfigError(`cluster "${clusterName}" has no server`);
  }
  const userName = str(context, 'user');
  const user = userName === undefined ? {} : (named(doc['users'], 'user', userName) ?? {});

  const config: { -readonly [K in keyof RestConfig]: RestConfig[K] } = {
    server: server.replace(/\/+$/, ''),
    contextName,
    clusterName,
    namespace: str(context, 'namespace') ?? 'default',
  };
  if (userName !== undefined) {
    config.userName = userName;
  }

  const caData = str(cluster, 'certificate-authority-data');
  const caFile = str(cluster, 'certificate-authority');
  if (caData !== undefined) {
    config.caPem = decodeBase64(caData, `cluster "${clusterName}" certificate-authority-data`);
    config.caData = caData;
  } else if (caFile !== undefined) {
    config.caPem = readRelative(baseDir, caFile, 'certificate-authority');
    config.caData = Buffer.from(config.caPem).toString('base64');
  }
  if (cluster['insecure-skip-tls-verify'] === true) {
    config.insecureSkipTlsVerify = true;
  }
  const tlsServerName = str(cluster, 'tls-server-name');
  if (tlsServerName !== undefined) {
    config.tlsServerName = tlsServerName;
  }
  const proxyUrl = str(cluster, 'proxy-url');
  if (proxyUrl !== undefined) {
    config.proxyUrl = proxyUrl;
  }

  const certData = str(user, 'client-certificate-data');
  const certFile = str(user, 'client-certificate');
  const keyData = str(user, 'client-key-data');
  const keyFile = str(user, 'client-key');
  if (certData !== undefined) {
    config.certPem = decodeBase64(certData, `user "${userName ?? ''}" client-certificate-data`);
  } else if (certFile !== undefined) {
    config.certPem = readRelative(baseDir, certFile, 'client-certificate');
  }
  if (keyData !== undefined) {
    config.keyPem = decodeBase64(keyData, `user "${userName ?? ''}" client-key-data`);
  } else if (keyFile !== undefined) {
    config.keyPem = readRelative(baseDir, keyFile, 'client-key');
  }
  if ((config.certPem === undefined) !== (config.keyPem === undefined)) {
    throw new KubeconfigError(`user "${userName ?? ''}" has a client certificate without a key, or a key without a certificate`);
  }
  const token = str(user, 'token');
  if (token !== undefined) {
    config.token = token;
  }
  const tokenFile = str(user, 'tokenFile');
  if (tokenFile !== undefined) {
    config.tokenFile = isAbsolute(tokenFile) ? tokenFile : resolve(baseDir, tokenFile);
  }
  const username = str(user, 'username');
  const password = str(user, 'password');
  if (username !== undefined) {
    config.username = username;
    config.password = password ?? '';
  }
  const exec = user['exec'];
  if (isPlainObject(exec)) {
    config.exec = parseExec(exec, baseDir, userName ?? '');
  }
  return config;
}

function parseExec(exec: Record<string, unknown>, baseDir: string, userName: string): ExecConfig {
  const command = str(exec, 'command');
  const apiVersion = str(exec, 'apiVersion');
  if (command === undefined || apiVersion === undefined) {
    throw new KubeconfigError(`user "${userName}" exec needs command and apiVersion`);
  }
  const args = Array.isArray(exec['args']) ? exec['args'].map(String) : [];
  const env = Array.isArray(exec['env'])
    ? exec['env'].flatMap((e) => (isPlainObject(e) && typeof e['name'] === 'string' ? [{ name: e['name'], value: String(e['value'] ?? '') }] : []))
    : [];
  const out: { -readonly [K in keyof ExecConfig]: ExecConfig[K] } = {
    apiVersion,
    command,
    args,
    env,
    provideClusterInfo: exec['provideClusterInfo'] === true,
    baseDir,
  };
  const mode = str(exec, 'interactiveMode');
  if (mode !== undefined) {
    out.interactiveMode = mode;
  }
  const hint = str(exec, 'installHint');
  if (hint !== undefined) {
    out.installHint = hint;
  }
  return out;
}

/**
 * Loads a kubeconfig from a file path, or from YAML text given directly, for the named
 * context (default: current-context).
 */
export function loadKubeconfig(pathOrYaml: string, context?: string): RestConfig {
  if (looksLikeYaml(pathOrYaml)) {
    return parseKubeconfig(pathOrYaml, context === undefined ? {} : { context });
  }
  const path = resolve(pathOrYaml);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(err as Error).message}`);
  }
  return parseKubeconfig(text, { baseDir: dirname(path), ...(context === undefined ? {} : { context }) });
}
