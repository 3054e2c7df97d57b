/** The verbs discovery advertises for an ordinary read-write resource, in the order kube-apiserver lists them. */
export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** Full CRUD without deletecollection (namespaces, services). */
export const VERBS_NO_DELETECOLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** Review-style resources (TokenReview, SelfSubjectAccessReview, ...) only accept POST. */
export const CREATE_ONLY = ['create'] as const;

/** Verbs of a status or scale subresource. */
export const SUBRESOURCE_RW_VERBS = ['get', 'patch', 'update'] as const;

/** Verbs of a proxy subresource (every HTTP method is forwarded). */
export const PROXY_VERBS = ['create', 'delete', 'get', 'patch', 'update'] as const;

/** The verbs a resource advertises: its own list, or all of them by default. */
export function verbsOf(info: { readonly verbs?: readonly string[] }): readonly string[] {
  return info.verbs ?? ALL_VERBS;
}
