/**
 * Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1): run the configured
 * command, read an ExecCredential from its stdout, and cache it until its
 * expirationTimestamp (or until `invalidate`, e.g. after a 401).
 */
import { execFile } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { isPlainObject } from '../api/object.js';
import type { Clock } from './clock.js';
import { realClock } from './clock.js';
import type { ExecConfig } from './kubeconfig.js';

/** What a plugin hands back. */
export interface ExecCredentialStatus {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  /** RFC 3339. */
  readonly expirationTimestamp?: string;
}

/** Cluster details passed to plugins that ask for them (provideClusterInfo). */
export interface ExecClusterInfo {
  readonly server: string;
  readonly certificateAuthorityData?: string;
  readonly tlsServerName?: string;
  readonly insecureSkipTlsVerify?: boolean;
}

const SUPPORTED = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);

/** Runs a plugin (sharing one run among concurrent callers) and caches its answer. */
export class ExecCredentialProvider {
  private cached: { status: ExecCredentialStatus; expiresAt: number } | undefined;
  private inflight: Promise<ExecCredentialStatus> | undefined;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: ExecClusterInfo,
    private readonly clock: Clock = realClock,
    private readonly timeoutMs = 60_000,
  ) {
    if (!SUPPORTED.has(exec.apiVersion)) {
      throw new Error(`exec plugin: unsupported apiVersion "${exec.apiVersion}"`);
    }
  }

  /** The current credential: cached while unexpired, else from a fresh run. */
  async get(): Promise<ExecCredentialStatus> {
    const c = this.cached;
    if (c !== undefined && this.clock.now() < c.expiresAt) {
      return c.status;
    }
    this.inflight ??= this.run().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forgets the cached credential (the server refused it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async run(): Promise<ExecCredentialStatus> {
    const e = this.exec;
    // A relative command with a path separator is relative to the kubeconfig (client-go).
    const command = e.command.includes('/') && !isAbsolute(e.command) ? resolve(e.baseDir, e.command) : e.command;
    const spec: Record<string, unknown> = { interactive: false };
    if (e.provideClusterInfo) {
      spec['cluster'] = {
        server: this.cluster.server,
        ...(this.cluster.certificateAuthorityData === undefined ? {} : { 'certificate-authority-data': this.cluster.certificateAuthorityData }),
        ...(this.cluster.tlsServerName === undefined ? {} : { 'tls-server-name': this.cluster.tlsServerName }),
        ...(this.cluster.insecureSkipTlsVerify === true ? { 'insecure-skip-tls-verify': true } : {}),
      };
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const { name, value } of e.env) {
      env[name] = value;
    }
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify({ apiVersion: e.apiVersion, kind: 'ExecCredential', spec });
    const stdout = await new Promise<string>((resolvePromise, reject) => {
      execFile(command, [...e.args], { env, timeout: this.timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, out, errOut) => {
        if (err !== null) {
          const hint = e.installHint === undefined ? '' : `\n${e.installHint}`;
          reject(new Error(`exec plugin ${e.command} failed: ${err.message}${errOut === '' ? '' : `: ${errOut.trim()}`}${hint}`, { cause: err }));
        } else {
          resolvePromise(out);
        }
      });
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch {
      throw new Error(`exec plugin ${e.command} did not print an ExecCredential (not JSON)`);
    }
    if (!isPlainObject(parsed) || parsed['kind'] !== 'ExecCredential' || !isPlainObject(parsed['status'])) {
      throw new Error(`exec plugin ${e.command} did not print an ExecCredential with a status`);
    }
    if (parsed['apiVersion'] !== e.apiVersion) {
      throw new Error(`exec plugin ${e.command}: ExecCredential apiVersion ${String(parsed['apiVersion'])} does not match ${e.apiVersion}`);
    }
    const s = parsed['status'];
    const status: { -readonly [K in keyof ExecCredentialStatus]: ExecCredentialStatus[K] } = {};
    for (const key of ['token', 'clientCertificateData', 'clientKeyData', 'expirationTimestamp'] as const) {
      const v = s[key];
      if (typeof v === 'string' && v !== '') {
        status[key] = v;
      }
    }
    if (status.token === undefined && (status.clientCertificateData === undefined || status.clientKeyData === undefined)) {
      throw new Error(`exec plugin ${e.command}: ExecCredential has neither a token nor a client certificate and key`);
    }
    const expiresAt = status.expirationTimestamp === undefined ? Number.POSITIVE_INFINITY : Date.parse(status.expirationTimestamp);
    this.cached = { status, expiresAt: Number.isNaN(expiresAt) ? 0 : expiresAt };
    return status;
  }
}
