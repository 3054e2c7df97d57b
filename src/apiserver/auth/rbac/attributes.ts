import type { UserInfo } from '../user-info.js';

/** What one request asks to do, as kube's authorizer.Attributes. */
export interface AuthorizationAttributes {
  readonly user: UserInfo;
  readonly verb: string;
  readonly resourceRequest: boolean;
  /** Resource requests. */
  readonly apiGroup: string;
  readonly apiVersion: string;
  readonly namespace: string;
  readonly resource: string;
  readonly subresource: string;
  readonly name: string;
  /** Non-resource requests: the URL path. */
  readonly path: string;
}

/** Attributes of a resource request. */
export function resourceAttributes(
  user: UserInfo,
  fields: { verb: string; apiGroup?: string; apiVersion?: string; namespace?: string; resource: string; subresource?: string; name?: string },
): AuthorizationAttributes {
  return {
    user,
    verb: fields.verb,
    resourceRequest: true,
    apiGroup: fields.apiGroup ?? '',
    apiVersion: fields.apiVersion ?? '',
    namespace: fields.namespace ?? '',
    resource: fields.resource,
    subresource: fields.subresource ?? '',
    name: fields.name ?? '',
    path: '',
  };
}

/** Attributes of a non-resource request (`/healthz`, `/apis`, ...). */
export function nonResourceAttributes(user: UserInfo, verb: string, path: string): AuthorizationAttributes {
  return { user, verb, resourceRequest: false, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '', path };
}
