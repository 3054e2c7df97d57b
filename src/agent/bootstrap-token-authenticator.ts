/**
 * The API server's bootstrap-token authenticator (kube-apiserver's
 * `--enable-bootstrap-token-auth`): `Authorization: Bearer <id>.<secret>` is accepted when
 * Secret `kube-system/bootstrap-token-<id>` exists, is not being deleted, has the same secret,
 * allows `usage-bootstrap-authentication` and has not expired. The user is
 * `system:bootstrap:<id>` in `system:bootstrappers` plus the token's `auth-extra-groups`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { TokenAuthenticator } from '../apiserver/auth/authenticator.js';
import type { KubeClient } from '../client/client.js';
import { SECRETS } from '../controllers/cluster/constants.js';
import { BOOTSTRAP_TOKEN_NAMESPACE, bootstrapTokenFromSecret, bootstrapTokenSecretName, parseTokenString, tokenExpired } from './bootstrap-token.js';

/**
 * An authenticator reading token Secrets through `client()` (the control plane's in-process
 * client; a function because the client exists only once the server is assembled).
 */
export function bootstrapTokenAuthenticator(client: () => KubeClient, now: () => number = Date.now): TokenAuthenticator {
  return async (bearer) => {
    const parsed = parseTokenString(bearer);
    if (parsed === undefined) {
      return undefined;
    }
    let secret;
    try {
      secret = await client().get(SECRETS, bootstrapTokenSecretName(parsed.id), { namespace: BOOTSTRAP_TOKEN_NAMESPACE });
    } catch {
      // Not found (or unreadable): not authenticated by this authenticator.
      return undefined;
    }
    if (secret.metadata.deletionTimestamp !== undefined) {
      return undefined;
    }
    const token = bootstrapTokenFromSecret(secret);
    if (token === undefined || !token.usages.includes('authentication') || tokenExpired(token, now())) {
      return undefined;
    }
    const a = Buffer.from(token.secret);
    const b = Buffer.from(parsed.secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return undefined;
    }
    const groups = ['system:bootstrappers', ...token.groups.filter((g) => /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g))];
    return { name: `system:bootstrap:${parsed.id}`, groups };
  };
}
