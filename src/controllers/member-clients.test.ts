import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../api/cluster/cluster.js';
import type { KubeObject } from '../api/object.js';
import type { KubeClient } from '../client/client.js';
import { MemberClientError, MemberClients, memberRestConfig } from './member-clients.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function cluster(spec: Partial<Cluster['spec']> = {}, rv = '1'): Cluster {
  return {
    metadata: { name: 'm1', uid: 'u1', resourceVersion: rv },
    spec: { syncMode: 'Push', apiEndpoint: 'https://10.0.0.1:6443', secretRef: { namespace: 'karmada-cluster', name: 'm1' }, ...spec },
  };
}

function secret(token: string, rv = '1'): KubeObject {
  return { metadata: { name: 'm1', namespace: 'karmada-cluster', uid: 's1', resourceVersion: rv }, data: { token: b64(token), caBundle: b64(CA) } };
}

describe('member clients', () => {
  test('RestConfig from the Cluster and its Secret', () => {
    assert.deepEqual(memberRestConfig(cluster({ proxyURL: 'http://proxy:3128' }), secret('t0k3n\n')), {
      server: 'https://10.0.0.1:6443',
      clusterName: 'm1',
      namespace: 'default',
      token: 't0k3n',
      caPem: CA,
      proxyUrl: 'http://proxy:3128',
    });
    const insecure = memberRestConfig(cluster({ insecureSkipTLSVerification: true }), secret('t'));
    assert.equal(insecure.insecureSkipTlsVerify, true);
    assert.equal(insecure.caPem, undefined);
  });

  const bad: { name: string; cluster: Cluster; secret: KubeObject | undefined; error: RegExp }[] = [
    { name: 'no endpoint', cluster: cluster({ apiEndpoint: '' }), secret: secret('t'), error: /api endpoint of cluster m1 is empty/ },
    { name: 'pull cluster without secret', cluster: { metadata: { name: 'm1' }, spec: { syncMode: 'Pull', apiEndpoint: 'https://x' } }, secret: undefined, error: /does not have a secret/ },
    { name: 'secret missing', cluster: cluster(), secret: undefined, error: /secret karmada-cluster\/m1 of cluster m1 not found/ },
    { name: 'empty token', cluster: cluster(), secret: { metadata: { name: 'm1' }, data: {} }, error: /missing a non-empty value for "token"/ },
  ];
  for (const c of bad) {
    test(`refuses: ${c.name}`, () => {
      assert.throws(() => memberRestConfig(c.cluster, c.secret), (err) => err instanceof MemberClientError && c.error.test(err.message));
    });
  }

  test('clients are cached, and rebuilt when the Cluster or the Secret changes', async () => {
    let current = { cluster: cluster(), secret: secret('a') };
    const clients = new MemberClients({} as KubeClient, {
      source: { getCluster: async () => current.cluster, getSecret: async () => current.secret },
    });
    const first = await clients.get('m1');
    assert.equal(await clients.get('m1'), first);
    current = { cluster: cluster(), secret: secret('b', '2') };
    const second = await clients.get('m1');
    assert.notEqual(second, first);
    current = { cluster: cluster({ apiEndpoint: 'https://10.0.0.2:6443' }, '2'), secret: current.secret };
    const third = await clients.get('m1');
    assert.notEqual(third, second);
    clients.invalidate('m1');
    assert.notEqual(await clients.get('m1'), third);
    clients.close();
  });

  test('an unknown cluster is an error', async () => {
    const clients = new MemberClients({} as KubeClient, { source: { getCluster: async () => undefined, getSecret: async () => undefined } });
    await assert.rejects(clients.get('nope'), /cluster nope not found/);
  });
});
