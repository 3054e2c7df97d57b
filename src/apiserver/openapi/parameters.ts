/** The query and path parameters kube-apiserver documents on its operations, inline (not $ref'd). */
import type { OpenAPIParameter } from './types.js';

function query(name: string, type: 'string' | 'boolean' | 'integer', description: string): OpenAPIParameter {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

export const PRETTY = query('pretty', 'string', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");
export const DRY_RUN = query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
export const FIELD_MANAGER = query('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types.');
/** kubectl detects server-side field validation by this parameter on a kind's PATCH operation. */
export const FIELD_VALIDATION = query('fieldValidation', 'string', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict (the default in v1.23+).');
export const FORCE = query('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.');
export const ALLOW_WATCH_BOOKMARKS = query('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag.');
export const CONTINUE = query('continue', 'string', 'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters.');
export const FIELD_SELECTOR = query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.');
export const LABEL_SELECTOR = query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.');
export const LIMIT = query('limit', 'integer', 'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata.');
export const RESOURCE_VERSION = query('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from. Defaults to unset.');
export const RESOURCE_VERSION_MATCH = query('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to unset.');
export const SEND_INITIAL_EVENTS = query('sendInitialEvents', 'boolean', '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection.');
export const TIMEOUT_SECONDS = query('timeoutSeconds', 'integer', 'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.');
export const WATCH = query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.');
export const GRACE_PERIOD_SECONDS = query('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.');
export const ORPHAN_DEPENDENTS = query('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned.');
export const PROPAGATION_POLICY = query('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan', 'Background', 'Foreground'.");

/** The `{name}` path parameter. */
export function nameParameter(kind: string): OpenAPIParameter {
  return { name: 'name', in: 'path', description: `name of the ${kind}`, required: true, schema: { type: 'string', uniqueItems: true } };
}

export const NAMESPACE: OpenAPIParameter = {
  name: 'namespace',
  in: 'path',
  description: 'object name and auth scope, such as for teams and projects',
  required: true,
  schema: { type: 'string', uniqueItems: true },
};

export const LIST_PARAMETERS: readonly OpenAPIParameter[] = [
  ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT, RESOURCE_VERSION, RESOURCE_VERSION_MATCH,
  SEND_INITIAL_EVENTS, TIMEOUT_SECONDS, WATCH,
];
export const WRITE_PARAMETERS: readonly OpenAPIParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
export const PATCH_PARAMETERS: readonly OpenAPIParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];
export const DELETE_PARAMETERS: readonly OpenAPIParameter[] = [DRY_RUN, GRACE_PERIOD_SECONDS, ORPHAN_DEPENDENTS, PROPAGATION_POLICY];
export const DELETE_COLLECTION_PARAMETERS: readonly OpenAPIParameter[] = [
  CONTINUE, DRY_RUN, FIELD_SELECTOR, GRACE_PERIOD_SECONDS, LABEL_SELECTOR, LIMIT, ORPHAN_DEPENDENTS, PROPAGATION_POLICY,
  RESOURCE_VERSION, RESOURCE_VERSION_MATCH, SEND_INITIAL_EVENTS, TIMEOUT_SECONDS,
];
