/** What a request path asks for, in the terms of kube-apiserver's RequestInfo. */
export interface RequestInfo {
  /** True for /api/... and /apis/... paths addressing resources (not discovery). */
  readonly isResourceRequest: boolean;
  /** Discovery/other path when not a resource request. */
  readonly path: string;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly subresource: string;
  /** Path after the subresource, for proxy-like subresources. */
  readonly subpath: string;
  /** get | list | watch | create | update | patch | delete | deletecollection | proxy */
  readonly verb: string;
}

const namespaceSubresources = new Set(['status', 'finalize']);

function decode(segment: string): string {
  // most segments have no escapes; decodeURIComponent and its try/catch cost a little per segment
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segmentsOf(pathname: string): string[] {
  const parts: string[] = [];
  for (const part of pathname.split('/')) {
    if (part !== '') parts.push(decode(part));
  }
  return parts;
}

function nonResource(path: string, group = '', version = ''): RequestInfo {
  return { isResourceRequest: false, path, group, version, namespace: '', resource: '', name: '', subresource: '', subpath: '', verb: '' };
}

/**
 * Parses `/api/v1/namespaces/default/pods/nginx/status` and friends, following kube-apiserver's
 * RequestInfoFactory (including the deprecated `/watch/` prefix and namespace subresources).
 */
export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const parts = segmentsOf(pathname);
  let rest: string[];
  let group = '';
  let version: string;
  if (parts[0] === 'api' && parts.length >= 2) {
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return nonResource(pathname);
  }
  if (rest.length === 0) {
    return nonResource(pathname, group, version);
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1] ?? '';
    if (rest.length > 2 && !namespaceSubresources.has(rest[2] ?? '')) {
      rest = rest.slice(2);
    } else {
      // the namespace object itself (or its status/finalize subresource)
      namespace = '';
      rest = ['namespaces', ...rest.slice(1)];
    }
  }
  const resource = rest[0] ?? '';
  const name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  const subpath = rest.length > 3 ? rest.slice(3).join('/') : '';
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const watch = watchPrefix ? 'true' : query.get('watch');
      const isWatch = watch === 'true' || watch === '1';
      verb = name === '' ? (isWatch ? 'watch' : 'list') : isWatch ? 'watch' : 'get';
      break;
    }
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name === '' ? 'deletecollection' : 'delete';
      break;
    default:
      verb = method.toLowerCase();
  }
  if (subresource === 'proxy') {
    verb = 'proxy';
  }
  return { isResourceRequest: true, path: pathname, group, version, namespace, resource, name, subresource, subpath, verb };
}
