import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SECRETS } from '../controllers/cluster/constants.js';
import { startTestApiServer, type TestApiServer } from '../controllers/cluster/testing/test-apiserver.js';
import { bootstrapTokenAuthenticator } from './bootstrap-token-authenticator.js';
import { bootstrapTokenFromSecret, bootstrapTokenSecret, caCertHash, generateTokenString, newBootstrapToken, parseTokenString } from './bootstrap-token.js';

// A throwaway EC CA; its pin computed with `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum`.
const CA = `-----BEGIN CERTIFICATE-----
MIIBfDCCASGgAwIBAgIUM+WI2ysOJwVfdRn6DiyJ1D5U1wYwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjIwMDUyNDlaGA8yMTI2MTAyOTAw
NTI0OVowEjEQMA4GA1UEAwwHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABFdUJeHGj9W8LXNfMzMW7qISdNou7vD29eS3K1Siy5pq958y5492jqmygEqx
rNziSYq7qnVw4qlfQv555tBX4wKjUzBRMB0GA1UdDgQWBBS4lkoI6xcCcDnkIOu/
Q0YTWuCFXzAfBgNVHSMEGDAWgBS4lkoI6xcCcDnkIOu/Q0YTWuCFXzAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCeOTT7h5cfu8BGVqnaMqlLt24r
ubEvUFPn4lJgui+SAwIhAMr6LHAf/DV10g+nEjNwNkSTqmDBPuY/lCA5voIqRG/a
-----END CERTIFICATE-----
`;

describe('bootstrap tokens', () => {
  test('CA pin is sha256 of the SubjectPublicKeyInfo (kubeadm pubkeypin)', () => {
    assert.equal(caCertHash(CA), 'sha256:abfcbbac8b254bf7793df8a2cee28ed164f32c53d3bd3e014b4e8090dbd3557b');
  });

  test('generated tokens have the id.secret form', () => {
    for (let i = 0; i < 20; i++) {
      assert.match(generateTokenString(), /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    }
    assert.equal(parseTokenString('abcdef.0123456789abcdef')?.id, 'abcdef');
    assert.equal(parseTokenString('ABCDEF.0123456789abcdef'), undefined);
    assert.equal(parseTokenString('abcdef0123456789abcdef'), undefined);
  });

  test('Secret encoding round-trips (Karmada defaults: 24h, signing+authentication, default group)', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    const token = newBootstrapToken({ token: 'abcdef.0123456789abcdef', nowMs: now, description: 'd' });
    const secret = bootstrapTokenSecret(token);
    assert.equal(secret.metadata.name, 'bootstrap-token-abcdef');
    assert.equal(secret.metadata.namespace, 'kube-system');
    assert.equal(secret['type'], 'bootstrap.kubernetes.io/token');
    const data = secret['data'] as Record<string, string>;
    assert.equal(Buffer.from(data['expiration'] ?? '', 'base64').toString(), '2024-01-02T00:00:00Z');
    assert.equal(Buffer.from(data['auth-extra-groups'] ?? '', 'base64').toString(), 'system:bootstrappers:karmada:default-cluster-token');
    assert.deepEqual(bootstrapTokenFromSecret(secret), { ...token, usages: ['authentication', 'signing'] });
  });
});

describe('bootstrap token authenticator', { timeout: 30_000 }, () => {
  let server: TestApiServer;
  let now = Date.parse('2024-01-01T00:00:00Z');
  const authenticate = (): ReturnType<typeof bootstrapTokenAuthenticator> => bootstrapTokenAuthenticator(() => server.apiserver.client, () => now);

  before(async () => {
    server = await startTestApiServer('bootstrap');
    const c = server.apiserver.client;
    await c.create(SECRETS, bootstrapTokenSecret(newBootstrapToken({ token: 'abcdef.0123456789abcdef', nowMs: now })));
    await c.create(SECRETS, bootstrapTokenSecret(newBootstrapToken({ token: 'signon.0123456789abcdef', nowMs: now, usages: ['signing'] })));
    await c.create(SECRETS, bootstrapTokenSecret(newBootstrapToken({ token: 'foreve.0123456789abcdef', nowMs: now, ttlMs: 0 })));
  });
  after(async () => server.stop());

  const user = (id: string): unknown => ({ name: `system:bootstrap:${id}`, groups: ['system:bootstrappers', 'system:bootstrappers:karmada:default-cluster-token'] });
  const cases: { name: string; token: string; want: unknown; at?: number }[] = [
    { name: 'valid token', token: 'abcdef.0123456789abcdef', want: user('abcdef') },
    { name: 'wrong secret', token: 'abcdef.0123456789abcdee', want: undefined },
    { name: 'unknown id', token: 'zzzzzz.0123456789abcdef', want: undefined },
    { name: 'not a bootstrap token', token: 'some-admin-token', want: undefined },
    { name: 'without the authentication usage', token: 'signon.0123456789abcdef', want: undefined },
    { name: 'expired', token: 'abcdef.0123456789abcdef', want: undefined, at: Date.parse('2024-01-02T00:00:01Z') },
    { name: 'ttl 0 never expires', token: 'foreve.0123456789abcdef', want: user('foreve'), at: Date.parse('2030-01-01T00:00:00Z') },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      now = c.at ?? Date.parse('2024-01-01T00:00:00Z');
      assert.deepEqual(await authenticate()(c.token), c.want);
    });
  }
});
