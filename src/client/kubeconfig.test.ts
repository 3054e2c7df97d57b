import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { KubeconfigError, loadKubeconfig, parseKubeconfig } from './kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIBkey\n-----END PRIVATE KEY-----\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(overrides: { cluster?: Record<string, unknown>; user?: Record<string, unknown>; context?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'main',
    clusters: [
      { name: 'c1', cluster: { server: 'https://10.0.0.1:6443/', 'certificate-authority-data': b64(CA), ...overrides.cluster } },
      { name: 'c2', cluster: { server: 'https://c2.example:443', 'insecure-skip-tls-verify': true } },
    ],
    users: [
      { name: 'u1', user: { token: 'tok-1', ...overrides.user } },
      { name: 'u2', user: { username: 'admin', password: 'secret' } },
    ],
    contexts: [
      { name: 'main', context: { cluster: 'c1', user: 'u1', namespace: 'karmada-system', ...overrides.context } },
      { name: 'other', context: { cluster: 'c2', user: 'u2' } },
    ],
  };
}

describe('kubeconfig', () => {
  it('resolves the current context: server, CA data, token, namespace', () => {
    const c = parseKubeconfig(stringify(kubeconfig()));
    assert.equal(c.server, 'https://10.0.0.1:6443');
    assert.equal(c.contextName, 'main');
    assert.equal(c.clusterName, 'c1');
    assert.equal(c.userName, 'u1');
    assert.equal(c.namespace, 'karmada-system');
    assert.equal(c.caPem, CA);
    assert.equal(c.token, 'tok-1');
  });

  it('uses a named context: insecure-skip-tls-verify, basic auth, default namespace', () => {
    const c = parseKubeconfig(stringify(kubeconfig()), { context: 'other' });
    assert.equal(c.server, 'https://c2.example:443');
    assert.equal(c.insecureSkipTlsVerify, true);
    assert.equal(c.caPem, undefined);
    assert.equal(c.username, 'admin');
    assert.equal(c.password, 'secret');
    assert.equal(c.namespace, 'default');
  });

  it('reads client certificates from data', () => {
    const c = parseKubeconfig(stringify(kubeconfig({ user: { token: undefined, 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) } })));
    assert.equal(c.certPem, CERT);
    assert.equal(c.keyPem, KEY);
    assert.equal(c.token, undefined);
  });

  it('reads CA, certificate and key files relative to the kubeconfig, and keeps tokenFile, tls-server-name, proxy-url', () => {
    const sub = join(dir, 'rel');
    mkdirSync(join(sub, 'pki'), { recursive: true });
    writeFileSync(join(sub, 'pki', 'ca.crt'), CA);
    writeFileSync(join(sub, 'pki', 'client.crt'), CERT);
    writeFileSync(join(sub, 'pki', 'client.key'), KEY);
    const doc = kubeconfig({
      cluster: { 'certificate-authority-data': undefined, 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'kube.internal', 'proxy-url': 'http://proxy:3128' },
      user: { token: undefined, 'client-certificate': 'pki/client.crt', 'client-key': join(sub, 'pki', 'client.key'), tokenFile: 'token' },
    });
    const path = join(sub, 'config');
    writeFileSync(path, stringify(doc));
    const c = loadKubeconfig(path);
    assert.equal(c.caPem, CA);
    assert.equal(c.caData, b64(CA));
    assert.equal(c.certPem, CERT);
    assert.equal(c.keyPem, KEY);
    assert.equal(c.tokenFile, join(sub, 'token'));
    assert.equal(c.tlsServerName, 'kube.internal');
    assert.equal(c.proxyUrl, 'http://proxy:3128');
  });

  it('parses exec plugins', () => {
    const c = parseKubeconfig(
      stringify(
        kubeconfig({
          user: {
            token: undefined,
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: './bin/get-token',
              args: ['--cluster', 'c1'],
              env: [{ name: 'FOO', value: 'bar' }],
              provideClusterInfo: true,
              interactiveMode: 'Never',
            },
          },
        }),
      ),
      { baseDir: '/etc/kube' },
    );
    assert.deepEqual(c.exec, {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: './bin/get-token',
      args: ['--cluster', 'c1'],
      env: [{ name: 'FOO', value: 'bar' }],
      provideClusterInfo: true,
      interactiveMode: 'Never',
      baseDir: '/etc/kube',
    });
  });

  const bad: [string, string, RegExp][] = [
    ['no current context', stringify({ ...kubeconfig(), 'current-context': undefined }), /no current-context/],
    ['unknown context', stringify({ ...kubeconfig(), 'current-context': 'nope' }), /context "nope" not found/],
    ['missing cluster', stringify({ ...kubeconfig(), clusters: [] }), /cluster "c1" of context "main" not found/],
    ['cert without key', stringify(kubeconfig({ user: { 'client-certificate-data': b64(CERT) } })), /without a key/],
    ['CA data not PEM', stringify(kubeconfig({ cluster: { 'certificate-authority-data': b64('garbage') } })), /not base64-encoded PEM/],
    ['not a mapping', '- a\n- b\n', /not a mapping/],
  ];
  for (const [name, text, message] of bad) {
    it(`refuses: ${name}`, () => {
      assert.throws(() => parseKubeconfig(text), (err: unknown) => err instanceof KubeconfigError && message.test(err.message));
    });
  }

  it('tells a missing file apart from YAML text', () => {
    assert.throws(() => loadKubeconfig(join(dir, 'missing')), /cannot read kubeconfig/);
  });
});
