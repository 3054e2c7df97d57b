import { isPlainObject } from '../../api/object.js';
import { groupVersion } from '../../api/resource-info.js';
import { decodeObjectBody, parseJsonBody } from '../body-decoder.js';
import { mediaType, readBody, sendJson } from '../http-util.js';
import type { OperationOptions } from '../operations/resource-operations.js';
import type { DeleteOptions } from '../registry/object-registry.js';
import { badRequest, invalid, methodNotAllowed, pathNotFound } from '../status-error.js';
import { selectorsOf } from './list-filter.js';
import { sendList, sendObject } from './output.js';
import type { ResourceRequest } from './request-context.js';
import { handleWatch } from './watch-handler.js';

function operationOptions(r: ResourceRequest): OperationOptions {
  const dryRun = r.query.getAll('dryRun');
  for (const value of dryRun) {
    if (value !== 'All') {
      throw badRequest(`Invalid dry run value: ${value}`);
    }
  }
  const fieldValidation = r.query.get('fieldValidation');
  const fieldManager = r.query.get('fieldManager');
  return {
    dryRun: dryRun.includes('All'),
    user: r.user,
    subresource: r.requestInfo.subresource,
    ...(fieldValidation === null ? {} : { fieldValidation }),
    ...(fieldManager === null ? {} : { fieldManager }),
    force: r.query.get('force') === 'true',
    ...(r.req.headers['user-agent'] === undefined ? {} : { userAgent: r.req.headers['user-agent'] }),
  };
}

/** Scale answers are autoscaling/v1 Scale objects, never Tables. */
function sendResult(r: ResourceRequest, code: number, object: Parameters<typeof sendObject>[2], warnings: readonly string[] = []): void {
  if (r.requestInfo.subresource === 'scale') {
    sendJson(r.res, code, object);
    return;
  }
  sendObject(r, code, object, warnings);
}

async function handleGet(r: ResourceRequest): Promise<void> {
  sendResult(r, 200, await r.ops.get(r.info, r.requestInfo.namespace, r.requestInfo.name, r.requestInfo.subresource));
}

async function handleList(r: ResourceRequest): Promise<void> {
  const limit = Number(r.query.get('limit') ?? '0');
  const result = await r.ops.list(r.info, r.requestInfo.namespace, {
    ...selectorsOf(r),
    ...(Number.isFinite(limit) && limit > 0 ? { limit } : {}),
    continue: r.query.get('continue') ?? '',
    ...(r.query.get('resourceVersion') === null ? {} : { resourceVersion: r.query.get('resourceVersion') ?? '' }),
    ...(r.query.get('resourceVersionMatch') === null ? {} : { resourceVersionMatch: r.query.get('resourceVersionMatch') ?? '' }),
  });
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: result.resourceVersion };
  if (result.continue !== undefined) {
    meta.continue = result.continue;
  }
  if (result.remainingItemCount !== undefined) {
    meta.remainingItemCount = result.remainingItemCount;
  }
  sendList(r, result.items, meta);
}

async function handleCreate(r: ResourceRequest): Promise<void> {
  if (r.requestInfo.name !== '' || r.requestInfo.subresource !== '') {
    throw methodNotAllowed();
  }
  const body = await readBody(r.req);
  const object = decodeObjectBody(body, r.req.headers['content-type'], r.info, r.deps.protobuf);
  const result = await r.ops.create(r.info, r.requestInfo.namespace, object, operationOptions(r));
  sendObject(r, 201, result.object, result.warnings);
}

async function handleUpdate(r: ResourceRequest): Promise<void> {
  const body = await readBody(r.req);
  const { namespace, name, subresource } = r.requestInfo;
  const object =
    subresource === 'scale'
      ? decodeObjectBody(body, r.req.headers['content-type'], r.info, r.deps.protobuf, 'Scale', 'autoscaling/v1')
      : decodeObjectBody(body, r.req.headers['content-type'], r.info, r.deps.protobuf);
  const result = await r.ops.update(r.info, namespace, name, object, operationOptions(r));
  sendResult(r, 200, result.object, result.warnings);
}

async function handlePatch(r: ResourceRequest): Promise<void> {
  const body = await readBody(r.req);
  const result = await r.ops.patch(r.info, r.requestInfo.namespace, r.requestInfo.name, mediaType(r.req.headers['content-type']), body, operationOptions(r));
  sendResult(r, result.created === true ? 201 : 200, result.object, result.warnings);
}

function decodeDeleteBody(r: ResourceRequest, body: Buffer): Record<string, unknown> {
  if (body.length === 0) {
    return {};
  }
  if (mediaType(r.req.headers['content-type']) === 'application/vnd.kubernetes.protobuf' && r.deps.protobuf !== undefined) {
    try {
      return r.deps.protobuf(body).object;
    } catch {
      return {};
    }
  }
  const parsed = parseJsonBody(body.toString('utf8'), { kind: 'DeleteOptions', version: 'v1' });
  return isPlainObject(parsed) ? parsed : {};
}

/** DeleteOptions from the body and the query (propagationPolicy, preconditions, dryRun). */
async function deleteOptions(r: ResourceRequest): Promise<DeleteOptions> {
  const options = decodeDeleteBody(r, await readBody(r.req));
  const result: { propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: boolean; user?: string } = { user: r.user };
  const policy = r.query.get('propagationPolicy') ?? (typeof options['propagationPolicy'] === 'string' ? options['propagationPolicy'] : undefined);
  if (policy !== undefined) {
    if (!['Foreground', 'Background', 'Orphan'].includes(policy)) {
      throw invalid('DeleteOptions', 'meta.k8s.io', '', [
        { type: 'FieldValueNotSupported', field: 'propagationPolicy', detail: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"` },
      ]);
    }
    result.propagationPolicy = policy;
  } else if (options['orphanDependents'] === true) {
    result.propagationPolicy = 'Orphan';
  }
  const pre = options['preconditions'];
  if (isPlainObject(pre)) {
    result.preconditions = {
      ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}),
      ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}),
    };
  }
  const dryRun = [...r.query.getAll('dryRun'), ...(Array.isArray(options['dryRun']) ? (options['dryRun'] as unknown[]) : [])];
  result.dryRun = dryRun.includes('All');
  return result;
}

async function handleDelete(r: ResourceRequest): Promise<void> {
  if (r.requestInfo.subresource !== '') {
    throw methodNotAllowed();
  }
  const deleted = await r.ops.delete(r.info, r.requestInfo.namespace, r.requestInfo.name, await deleteOptions(r));
  sendObject(r, 200, deleted);
}

async function handleDeleteCollection(r: ResourceRequest): Promise<void> {
  const items = await r.ops.deleteCollection(r.info, r.requestInfo.namespace, selectorsOf(r), await deleteOptions(r));
  sendJson(r.res, 200, { apiVersion: groupVersion(r.info), kind: r.info.listKind, metadata: {}, items });
}

/** Dispatches one resource request by verb. */
export async function handleResourceRequest(r: ResourceRequest): Promise<void> {
  switch (r.requestInfo.verb) {
    case 'get':
      return handleGet(r);
    case 'list':
      return handleList(r);
    case 'watch':
      return handleWatch(r);
    case 'create':
      return handleCreate(r);
    case 'update':
      return handleUpdate(r);
    case 'patch':
      return handlePatch(r);
    case 'delete':
      return handleDelete(r);
    case 'deletecollection':
      return handleDeleteCollection(r);
    default:
      throw pathNotFound();
  }
}
