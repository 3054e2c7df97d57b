import type { IncomingHttpHeaders } from 'node:http';
import { internalError } from '../status-error.js';
import { forbiddenError } from './forbidden.js';
import { resourceAttributes, type AuthorizationAttributes } from './rbac/attributes.js';
import type { Decision } from './rbac/authorizer.js';
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, ANONYMOUS, splitServiceAccountUsername, type UserInfo } from './user-info.js';

const USER_HEADER = 'impersonate-user';
const GROUP_HEADER = 'impersonate-group';
const UID_HEADER = 'impersonate-uid';
const EXTRA_PREFIX = 'impersonate-extra-';

/** One thing the requester asks to act as, with the permission check it needs. */
export interface ImpersonationRequest {
  readonly kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  readonly name: string;
  readonly namespace?: string;
  /** UserExtra: the extra key. */
  readonly extraKey?: string;
}

function values(header: string | string[] | undefined): string[] {
  if (header === undefined) {
    return [];
  }
  return Array.isArray(header) ? header : [header];
}

/** Extra keys travel percent-encoded in header names (kube's unescapeExtraKey). */
function unescapeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** True when the request carries any impersonation header (fast path for ordinary requests). */
export function hasImpersonation(headers: IncomingHttpHeaders): boolean {
  for (const name in headers) {
    if (name.startsWith('impersonate-')) {
      return true;
    }
  }
  return false;
}

/**
 * The impersonation requests in the headers, as kube's buildImpersonationRequests. Node joins
 * repeated headers with ', ' (Impersonate-Group sent twice arrives as one value), so rawHeaders
 * are read for the multi-valued ones. Throws 500 (as upstream) when groups, extras or a uid
 * come without a user.
 */
export function impersonationRequests(headers: IncomingHttpHeaders, rawHeaders: readonly string[]): ImpersonationRequest[] {
  const requests: ImpersonationRequest[] = [];
  const user = values(headers[USER_HEADER])[0] ?? '';
  if (user !== '') {
    const sa = splitServiceAccountUsername(user);
    requests.push(sa === undefined ? { kind: 'User', name: user } : { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace });
  }
  let hasOthers = false;
  const extras = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    if (name === GROUP_HEADER) {
      requests.push({ kind: 'Group', name: value });
      hasOthers = true;
    } else if (name.startsWith(EXTRA_PREFIX)) {
      const key = unescapeExtraKey(name.slice(EXTRA_PREFIX.length));
      extras.set(key, [...(extras.get(key) ?? []), value]);
      hasOthers = true;
    }
  }
  for (const [key, list] of extras) {
    for (const value of list) {
      requests.push({ kind: 'UserExtra', name: value, extraKey: key });
    }
  }
  const uid = values(headers[UID_HEADER])[0] ?? '';
  if (uid !== '') {
    requests.push({ kind: 'UID', name: uid });
    hasOthers = true;
  }
  if (hasOthers && user === '') {
    const described = requests.map((r) => `${r.kind} ${JSON.stringify(r.name)}`).join(', ');
    throw internalError(`requested [${described}] without impersonating a user`);
  }
  return requests;
}

/** The `impersonate` check one request needs (kube's actingAsAttributes). */
export function impersonationAttributes(requester: UserInfo, request: ImpersonationRequest): AuthorizationAttributes {
  switch (request.kind) {
    case 'User':
      return resourceAttributes(requester, { verb: 'impersonate', resource: 'users', name: request.name });
    case 'ServiceAccount':
      return resourceAttributes(requester, { verb: 'impersonate', resource: 'serviceaccounts', namespace: request.namespace ?? '', name: request.name });
    case 'Group':
      return resourceAttributes(requester, { verb: 'impersonate', resource: 'groups', name: request.name });
    case 'UserExtra':
      return resourceAttributes(requester, {
        verb: 'impersonate',
        apiGroup: 'authentication.k8s.io',
        apiVersion: 'v1',
        resource: 'userextras',
        subresource: request.extraKey ?? '',
        name: request.name,
      });
    case 'UID':
      return resourceAttributes(requester, { verb: 'impersonate', apiGroup: 'authentication.k8s.io', apiVersion: 'v1', resource: 'uids', name: request.name });
  }
}

/**
 * Checks every impersonation request with `authorize` (as the requester) and returns the user to
 * act as, with groups completed as kube's impersonation filter does (service accounts get their
 * fixed groups when none are given; `system:authenticated`, or `system:unauthenticated` for
 * system:anonymous). Throws the 403 upstream sends for the first refused request.
 */
export function impersonate(requester: UserInfo, requests: readonly ImpersonationRequest[], authorize: (attributes: AuthorizationAttributes) => Decision): UserInfo {
  const groupsSpecified = requests.some((r) => r.kind === 'Group');
  let name = '';
  let uid = '';
  const groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const request of requests) {
    const attributes = impersonationAttributes(requester, request);
    const decision = authorize(attributes);
    if (!decision.allowed) {
      throw forbiddenError(attributes, decision.reason);
    }
    switch (request.kind) {
      case 'User':
        name = request.name;
        break;
      case 'ServiceAccount':
        name = `system:serviceaccount:${request.namespace ?? ''}:${request.name}`;
        if (!groupsSpecified) {
          groups.push('system:serviceaccounts', `system:serviceaccounts:${request.namespace ?? ''}`);
        }
        break;
      case 'Group':
        groups.push(request.name);
        break;
      case 'UserExtra': {
        const key = request.extraKey ?? '';
        extra[key] = [...(extra[key] ?? []), request.name];
        break;
      }
      case 'UID':
        uid = request.name;
        break;
    }
  }
  if (name !== ANONYMOUS) {
    if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes(ALL_UNAUTHENTICATED)) {
      groups.push(ALL_AUTHENTICATED);
    }
  } else if (!groups.includes(ALL_UNAUTHENTICATED)) {
    groups.push(ALL_UNAUTHENTICATED);
  }
  return {
    name,
    groups,
    ...(uid === '' ? {} : { uid }),
    ...(Object.keys(extra).length === 0 ? {} : { extra }),
  };
}
