/** An authenticated (or impersonated) user, as kube-apiserver's user.Info. */
export interface UserInfo {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** Members of this group may do anything (kube-apiserver's privileged group). */
export const SYSTEM_MASTERS = 'system:masters';
/** Every authenticated user belongs to this group. */
export const ALL_AUTHENTICATED = 'system:authenticated';
/** Every anonymous request belongs to this group. */
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
/** The user name of anonymous requests. */
export const ANONYMOUS = 'system:anonymous';
/** The user the API server's own admin token authenticates as. */
export const ADMIN_USER = 'karmada-admin';

const SA_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:<ns>:<name>` split into its namespace and name, or undefined for other users. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) {
    return undefined;
  }
  const rest = username.slice(SA_PREFIX.length);
  const parts = rest.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return undefined;
  }
  return { namespace: parts[0] ?? '', name: parts[1] ?? '' };
}

/** The user name of a ServiceAccount. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** Adds `system:authenticated` when absent, as kube's authenticator union does for every authenticated user. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(ALL_AUTHENTICATED)) {
    return user;
  }
  return { ...user, groups: [...user.groups, ALL_AUTHENTICATED] };
}
