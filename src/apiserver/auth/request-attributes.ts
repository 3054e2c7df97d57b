import type { RequestInfo } from '../request-info.js';
import { nonResourceAttributes, resourceAttributes, type AuthorizationAttributes } from './rbac/attributes.js';
import type { UserInfo } from './user-info.js';

/** `metadata.name=<x>` (or `==`) in a field selector, as kube's RequestInfoFactory reads it for list/watch. */
function nameFromFieldSelector(selector: string | null): string {
  if (selector === null || selector === '') {
    return '';
  }
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m !== null) {
      return m[1] ?? '';
    }
  }
  return '';
}

const METHOD_VERBS: Readonly<Record<string, string>> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/**
 * The authorizer attributes of an HTTP request, as kube-apiserver derives them: resource requests
 * from the RequestInfo (the namespace of `/api/v1/namespaces/<ns>` is `<ns>`; a list or watch with
 * `fieldSelector=metadata.name=<x>` names `<x>`; a `proxy` subresource is authorized with the HTTP
 * method's verb, e.g. get on `clusters/proxy`, as upstream), other paths with the lower-cased HTTP method.
 */
export function requestAttributes(user: UserInfo, method: string, pathname: string, requestInfo: RequestInfo, query: URLSearchParams): AuthorizationAttributes {
  if (!requestInfo.isResourceRequest) {
    return nonResourceAttributes(user, method.toLowerCase(), pathname);
  }
  let { namespace, name } = requestInfo;
  if (requestInfo.group === '' && requestInfo.resource === 'namespaces' && name !== '') {
    namespace = name;
  }
  if (name === '' && (requestInfo.verb === 'list' || requestInfo.verb === 'watch')) {
    name = nameFromFieldSelector(query.get('fieldSelector'));
  }
  const verb = requestInfo.subresource === 'proxy' ? (METHOD_VERBS[method] ?? method.toLowerCase()) : requestInfo.verb;
  return resourceAttributes(user, {
    verb,
    apiGroup: requestInfo.group,
    apiVersion: requestInfo.version,
    namespace,
    resource: requestInfo.resource,
    subresource: requestInfo.subresource,
    name,
  });
}
