import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';
import { ADMIN_USER, SYSTEM_MASTERS, withAuthenticatedGroup, type UserInfo } from './user-info.js';

/** What a token authenticator may answer: a bare user name (no groups), a user, or undefined (not mine). */
export interface TokenUser {
  readonly name: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** Extra bearer-token authenticators (bootstrap tokens, service accounts). */
export type TokenAuthenticator = (token: string) => Promise<string | TokenUser | undefined>;

export interface AuthenticatorOptions {
  /** The API server's admin token: user `karmada-admin` in `system:masters`. */
  readonly adminToken: string;
  /** Static tokens (from `--token-auth-file`). */
  readonly staticTokens?: ReadonlyMap<string, UserInfo>;
  readonly tokenAuthenticators?: readonly TokenAuthenticator[];
}

function toUserInfo(result: string | TokenUser): UserInfo {
  if (typeof result === 'string') {
    return { name: result, groups: [] };
  }
  return {
    name: result.name,
    groups: result.groups ?? [],
    ...(result.uid === undefined ? {} : { uid: result.uid }),
    ...(result.extra === undefined ? {} : { extra: result.extra }),
  };
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * kube-apiserver's authenticator union, for the methods karmada-ts supports: client certificates
 * signed by the CA (CN = user, O = groups), the admin token, static tokens and pluggable token
 * authenticators. Every authenticated user also gets `system:authenticated`.
 */
export class RequestAuthenticator {
  private readonly adminToken: Buffer;
  private readonly adminUser: UserInfo = withAuthenticatedGroup({ name: ADMIN_USER, groups: [SYSTEM_MASTERS] });
  /** A TLS connection's certificate user, computed once per connection (keep-alive makes this matter). */
  private readonly certUsers = new WeakMap<object, UserInfo | null>();
  private readonly staticTokens: Map<string, UserInfo>;

  constructor(private readonly options: AuthenticatorOptions) {
    this.adminToken = Buffer.from(options.adminToken);
    this.staticTokens = new Map([...(options.staticTokens ?? new Map<string, UserInfo>())].map(([token, user]) => [token, withAuthenticatedGroup(user)]));
  }

  /**
   * The request's user, or undefined when it proves no identity (answered with 401). Answers
   * synchronously unless a pluggable token authenticator has to run (the hot path stays tick-free).
   */
  authenticate(req: IncomingMessage): UserInfo | undefined | Promise<UserInfo | undefined> {
    const certUser = this.certificateUser(req.socket as TLSSocket);
    if (certUser !== undefined) {
      return certUser;
    }
    const header = req.headers.authorization;
    if (header === undefined) {
      return undefined;
    }
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const token = match?.[1]?.trim();
    if (token === undefined || token === '') {
      return undefined;
    }
    return this.authenticateToken(token);
  }

  /** The user a bearer token stands for (also used by TokenReview). */
  authenticateToken(token: string): UserInfo | undefined | Promise<UserInfo | undefined> {
    const bytes = Buffer.from(token);
    if (bytes.length === this.adminToken.length && timingSafeEqual(bytes, this.adminToken)) {
      return this.adminUser;
    }
    const user = this.staticTokens.get(token);
    if (user !== undefined) {
      return user;
    }
    const authenticators = this.options.tokenAuthenticators ?? [];
    return authenticators.length === 0 ? undefined : this.runAuthenticators(authenticators, token);
  }

  private async runAuthenticators(authenticators: readonly TokenAuthenticator[], token: string): Promise<UserInfo | undefined> {
    for (const authenticator of authenticators) {
      const result = await authenticator(token);
      if (result !== undefined) {
        return withAuthenticatedGroup(toUserInfo(result));
      }
    }
    return undefined;
  }

  private certificateUser(socket: TLSSocket): UserInfo | undefined {
    if (socket.authorized !== true) {
      return undefined;
    }
    const cached = this.certUsers.get(socket);
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    const subject = socket.getPeerCertificate().subject as unknown as Record<string, string | string[] | undefined> | undefined;
    const cn = asList(subject?.['CN'])[0];
    const user = cn === undefined || cn === '' ? null : withAuthenticatedGroup({ name: cn, groups: asList(subject?.['O']) });
    this.certUsers.set(socket, user);
    return user ?? undefined;
  }
}
