/**
 * `pods/{name}/eviction` on a simulated member (policy/v1 Eviction, as `kubectl drain` posts
 * it): deletes the pod with the Eviction's delete options. PodDisruptionBudgets are not
 * consulted (no disruption controller runs in a member), so every eviction is allowed.
 */
import { isPlainObject } from '../api/object.js';
import type { ApiServer } from '../apiserver/api-server.js';
import type { ResourceRequest } from '../apiserver/handlers/request-context.js';
import { readBody, sendJson } from '../apiserver/http-util.js';
import type { DeleteOptions } from '../apiserver/registry/object-registry.js';
import { badRequest, methodNotAllowed } from '../apiserver/status-error.js';

function deleteOptionsOf(body: Record<string, unknown>, user: string): DeleteOptions {
  const options = isPlainObject(body['deleteOptions']) ? body['deleteOptions'] : {};
  const pre = isPlainObject(options['preconditions']) ? options['preconditions'] : {};
  const policy = options['propagationPolicy'];
  return {
    user,
    ...(typeof policy === 'string' ? { propagationPolicy: policy } : {}),
    preconditions: {
      ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}),
      ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}),
    },
    dryRun: Array.isArray(options['dryRun']) && options['dryRun'].includes('All'),
  };
}

async function handleEviction(r: ResourceRequest): Promise<void> {
  if (r.requestInfo.verb !== 'create') {
    throw methodNotAllowed();
  }
  let body: unknown;
  try {
    body = JSON.parse((await readBody(r.req)).toString('utf8'));
  } catch {
    throw badRequest('the body of the Eviction is not valid JSON');
  }
  if (!isPlainObject(body)) {
    throw badRequest('an Eviction must be an object');
  }
  const metadata = isPlainObject(body['metadata']) ? body['metadata'] : {};
  if (typeof metadata['name'] === 'string' && metadata['name'] !== '' && metadata['name'] !== r.requestInfo.name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  await r.ops.delete(r.info, r.requestInfo.namespace, r.requestInfo.name, deleteOptionsOf(body, r.user));
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

/** Serves `pods/eviction` on the server. */
export function registerPodEviction(server: ApiServer): void {
  server.addSubresourceHandler('', 'pods', 'eviction', handleEviction);
}
