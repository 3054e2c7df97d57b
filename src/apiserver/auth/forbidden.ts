import { StatusError } from '../status-error.js';
import type { AuthorizationAttributes } from './rbac/attributes.js';

/** kube's authorizer forbiddenMessage: `User "alice" cannot list resource "deployments" in API group "apps" in the namespace "default"`. */
export function forbiddenMessage(attributes: AuthorizationAttributes): string {
  const user = attributes.user.name;
  if (!attributes.resourceRequest) {
    return `User ${JSON.stringify(user)} cannot ${attributes.verb} path ${JSON.stringify(attributes.path)}`;
  }
  const resource = attributes.subresource === '' ? attributes.resource : `${attributes.resource}/${attributes.subresource}`;
  const head = `User ${JSON.stringify(user)} cannot ${attributes.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attributes.apiGroup)}`;
  return attributes.namespace === '' ? `${head} at the cluster scope` : `${head} in the namespace ${JSON.stringify(attributes.namespace)}`;
}

/**
 * The 403 kube-apiserver answers (responsewriters.ForbiddenStatusError + apierrors.NewForbidden):
 * `deployments.apps "web" is forbidden: User ... : <reason>`, or `forbidden: User ...` for paths.
 */
export function forbiddenError(attributes: AuthorizationAttributes, reason = ''): StatusError {
  let message = forbiddenMessage(attributes);
  if (reason !== '') {
    message = `${message}: ${reason}`;
  }
  const group = attributes.apiGroup;
  const resource = attributes.resource;
  const qualified = resource === '' && group === '' ? '' : group === '' ? resource : `${resource}.${group}`;
  let full: string;
  if (qualified === '') {
    full = `forbidden: ${message}`;
  } else if (attributes.name === '') {
    full = `${qualified} is forbidden: ${message}`;
  } else {
    full = `${qualified} ${JSON.stringify(attributes.name)} is forbidden: ${message}`;
  }
  return new StatusError(403, 'Forbidden', full, {
    ...(attributes.name === '' ? {} : { name: attributes.name }),
    ...(group === '' ? {} : { group }),
    ...(resource === '' ? {} : { kind: resource }),
  });
}
