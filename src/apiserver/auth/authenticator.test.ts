import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { RequestAuthenticator } from './authenticator.js';

function request(headers: Record<string, string>, peer?: { CN?: string; O?: string | string[] }): IncomingMessage {
  let lookups = 0;
  const socket = {
    authorized: peer !== undefined,
    getPeerCertificate: () => {
      lookups++;
      return { subject: peer };
    },
    get lookups() {
      return lookups;
    },
  };
  return { headers, socket } as unknown as IncomingMessage;
}

describe('RequestAuthenticator', () => {
  const authn = new RequestAuthenticator({
    adminToken: 'admin-secret',
    staticTokens: new Map([['alice-token', { name: 'alice', uid: '1001', groups: ['devs'] }]]),
    tokenAuthenticators: [
      async (token) => (token === 'legacy' ? 'legacy-user' : undefined),
      async (token) => (token.startsWith('abcdef.') ? { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'] } : undefined),
    ],
  });

  const cases: { name: string; headers: Record<string, string>; want: unknown }[] = [
    { name: 'admin token', headers: { authorization: 'Bearer admin-secret' }, want: { name: 'karmada-admin', groups: ['system:masters', 'system:authenticated'] } },
    { name: 'static token', headers: { authorization: 'Bearer alice-token' }, want: { name: 'alice', uid: '1001', groups: ['devs', 'system:authenticated'] } },
    { name: 'case-insensitive scheme', headers: { authorization: 'bearer alice-token' }, want: { name: 'alice', uid: '1001', groups: ['devs', 'system:authenticated'] } },
    { name: 'authenticator answering a name', headers: { authorization: 'Bearer legacy' }, want: { name: 'legacy-user', groups: ['system:authenticated'] } },
    {
      name: 'authenticator answering a user with groups',
      headers: { authorization: 'Bearer abcdef.0123456789abcdef' },
      want: { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] },
    },
    { name: 'unknown token', headers: { authorization: 'Bearer nope' }, want: undefined },
    { name: 'basic auth is not supported', headers: { authorization: 'Basic YTpi' }, want: undefined },
    { name: 'nothing', headers: {}, want: undefined },
  ];
  for (const c of cases) {
    test(c.name, async () => assert.deepEqual(await authn.authenticate(request(c.headers)), c.want));
  }

  test('client certificate: CN is the user, O the groups; looked up once per connection', async () => {
    const req = request({}, { CN: 'carol', O: ['system:masters', 'ops'] });
    assert.deepEqual(await authn.authenticate(req), { name: 'carol', groups: ['system:masters', 'ops', 'system:authenticated'] });
    await authn.authenticate(req);
    assert.equal((req.socket as unknown as { lookups: number }).lookups, 1);
    assert.deepEqual(await authn.authenticate(request({}, { CN: 'dan', O: 'devs' })), { name: 'dan', groups: ['devs', 'system:authenticated'] });
  });

  test('a certificate without CN falls back to the token', async () => {
    assert.equal((await authn.authenticate(request({ authorization: 'Bearer alice-token' }, { O: 'x' })))?.name, 'alice');
  });
});
