import { parse as parseYaml } from 'yaml';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { groupVersion } from '../../api/resource-info.js';
import { decodeObjectBody, parseJsonBody } from '../body-decoder.js';
import { mediaType, readBody, sendJson } from '../http-util.js';
import { badRequest, invalid, methodNotAllowed, notFound, StatusError } from '../status-error.js';
import { listFilter } from './list-filter.js';
import { sendList, sendObject } from './output.js';
import type { ResourceRequest } from './request-context.js';
import { applyScale, toScale } from './scale.js';
import { handleWatch } from './watch-handler.js';

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function writeOptions(r: ResourceRequest): { dryRun: boolean; user: string; subresource: string } {
  const dryRun = r.query.getAll('dryRun');
  for (const value of dryRun) {
    if (value !== 'All') {
      throw badRequest(`Invalid dry run value: ${value}`);
    }
  }
  return { dryRun: dryRun.includes('All'), user: r.user, subresource: r.requestInfo.subresource };
}

/**
 * fieldValidation (Strict | Warn | Ignore; Warn when absent, as kube-apiserver): unknown fields of
 * built-in kinds are pruned, and reported as a 400 (Strict) or as warnings (Warn).
 */
function validateFields(r: ResourceRequest, object: KubeObject): string[] {
  const mode = r.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore', ''].includes(mode)) {
    throw badRequest(`fieldValidation parameter unsupported: ${mode}`);
  }
  const unknown = r.deps.pruneUnknownFields(r.info, object) ?? [];
  if (unknown.length === 0 || mode === 'Ignore') {
    return [];
  }
  const messages = unknown.map((path) => `unknown field "${path}"`);
  if (mode === 'Strict') {
    const kind = r.info.kind;
    throw badRequest(`${kind} in version "${r.info.version}" cannot be handled as a ${kind}: strict decoding error: ${messages.join(', ')}`);
  }
  return messages;
}

async function handleGet(r: ResourceRequest): Promise<void> {
  const object = await r.registry.get(r.info, r.requestInfo.namespace, r.requestInfo.name);
  if (r.requestInfo.subresource === 'scale') {
    sendJson(r.res, 200, toScale(r.info, object, r.deps.formatLabelSelector));
    return;
  }
  sendObject(r, 200, object);
}

async function handleList(r: ResourceRequest): Promise<void> {
  const filter = listFilter(r);
  const limit = Number(r.query.get('limit') ?? '0');
  const cont = r.query.get('continue');
  const rv = r.query.get('resourceVersion');
  const match = r.query.get('resourceVersionMatch');
  const result = await r.registry.list(r.info, r.requestInfo.namespace, {
    ...(filter === undefined ? {} : { filter }),
    ...(Number.isFinite(limit) && limit > 0 ? { limit } : {}),
    ...(cont === null ? {} : { continue: cont }),
    ...(rv === null ? {} : { resourceVersion: rv }),
    ...(match === null ? {} : { resourceVersionMatch: match }),
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
  const warnings = validateFields(r, object);
  const created = await r.registry.create(r.info, r.requestInfo.namespace, object, writeOptions(r));
  sendObject(r, 201, created, warnings);
}

async function handleUpdate(r: ResourceRequest): Promise<void> {
  const body = await readBody(r.req);
  const { namespace, name, subresource } = r.requestInfo;
  if (subresource === 'scale') {
    const scale = decodeObjectBody(body, r.req.headers['content-type'], r.info, r.deps.protobuf, 'Scale', 'autoscaling/v1');
    const updated = await r.registry.update(r.info, namespace, name, (current) => applyScale(r.info, current, scale), { ...writeOptions(r), subresource: '' });
    sendJson(r.res, 200, toScale(r.info, updated, r.deps.formatLabelSelector));
    return;
  }
  if (subresource !== '' && subresource !== 'status' && subresource !== 'finalize') {
    throw methodNotAllowed();
  }
  const object = decodeObjectBody(body, r.req.headers['content-type'], r.info, r.deps.protobuf);
  if (object.metadata.name !== undefined && object.metadata.name !== name) {
    throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
  }
  const warnings = validateFields(r, object);
  const updated = await r.registry.update(r.info, namespace, name, () => object, writeOptions(r));
  sendObject(r, 200, updated, warnings);
}

function parsePatchBody(r: ResourceRequest, body: Buffer, type: string): unknown {
  if (type === 'application/apply-patch+yaml') {
    try {
      return parseYaml(body.toString('utf8')) as unknown;
    } catch (error) {
      throw badRequest(`error decoding YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return parseJsonBody(body.toString('utf8'), r.info);
}

/**
 * Server-side apply, simplified until field ownership lands: the applied configuration is merged
 * into the live object (strategic merge for built-ins, JSON merge otherwise); absent objects are
 * created. fieldManager is required, as upstream.
 */
async function handleApply(r: ResourceRequest, body: Buffer): Promise<void> {
  const { namespace, name } = r.requestInfo;
  if ((r.query.get('fieldManager') ?? '') === '') {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'Required value: is required for apply patch' }]);
  }
  const applied = parsePatchBody(r, body, 'application/apply-patch+yaml');
  if (!isPlainObject(applied)) {
    throw badRequest('apply patch must be an object');
  }
  const object = applied as KubeObject;
  if (!isPlainObject(object.metadata)) {
    object.metadata = {};
  }
  if (object.metadata.name !== undefined && object.metadata.name !== name) {
    throw badRequest(`the name of the object (${String(object.metadata.name)}) does not match the name on the URL (${name})`);
  }
  const options = writeOptions(r);
  const mergeType = r.deps.patchSchemaFor(r.info) === undefined ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json';
  try {
    const updated = await r.registry.update(
      r.info,
      namespace,
      name,
      (current) => {
        const patched = r.deps.applyPatch(mergeType, current, Buffer.from(JSON.stringify(object)), r.deps.patchSchemaFor(r.info));
        patched.metadata.resourceVersion = object.metadata.resourceVersion ?? current.metadata.resourceVersion;
        return patched;
      },
      options,
    );
    sendObject(r, 200, updated);
  } catch (error) {
    if (!(error instanceof StatusError && error.code === 404) || r.requestInfo.subresource !== '') {
      throw error;
    }
    object.metadata.name = name;
    const warnings = validateFields(r, object);
    const created = await r.registry.create(r.info, namespace, object, options);
    sendObject(r, 201, created, warnings);
  }
}

async function handlePatch(r: ResourceRequest): Promise<void> {
  const type = mediaType(r.req.headers['content-type']);
  if (!PATCH_TYPES.includes(type)) {
    throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
  }
  const body = await readBody(r.req);
  if (type === 'application/apply-patch+yaml') {
    await handleApply(r, body);
    return;
  }
  const { namespace, name, subresource } = r.requestInfo;
  const schema = r.deps.patchSchemaFor(r.info);
  if (type === 'application/strategic-merge-patch+json' && schema === undefined && subresource !== 'scale') {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  }
  parsePatchBody(r, body, type);
  if (subresource === 'scale') {
    const updated = await r.registry.update(
      r.info,
      namespace,
      name,
      (current) => {
        const scale = toScale(r.info, current, r.deps.formatLabelSelector);
        const patchType = type === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : type;
        const patched = r.deps.applyPatch(patchType, scale, body, undefined);
        return applyScale(r.info, current, patched);
      },
      { ...writeOptions(r), subresource: '' },
    );
    sendJson(r.res, 200, toScale(r.info, updated, r.deps.formatLabelSelector));
    return;
  }
  const warnings: string[] = [];
  const updated = await r.registry.update(
    r.info,
    namespace,
    name,
    (current) => {
      const currentRv = current.metadata.resourceVersion;
      const patched = r.deps.applyPatch(type, current, body, schema);
      if (!isPlainObject(patched.metadata)) {
        patched.metadata = {};
      }
      // a patch that does not mention resourceVersion is unconditional (retried on conflicts)
      if (patched.metadata.resourceVersion === currentRv) {
        delete patched.metadata.resourceVersion;
      }
      warnings.splice(0, warnings.length, ...validateFields(r, patched));
      return patched;
    },
    writeOptions(r),
  );
  sendObject(r, 200, updated, warnings);
}

async function deleteOptions(r: ResourceRequest): Promise<{ propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: boolean }> {
  const body = await readBody(r.req);
  let options: Record<string, unknown> = {};
  if (body.length > 0) {
    const parsed = decodeDeleteOptions(r, body);
    options = parsed;
  }
  const result: { propagationPolicy?: string; preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: boolean } = {};
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
  if (isPlainObject(options['preconditions'])) {
    const pre = options['preconditions'];
    result.preconditions = {
      ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}),
      ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}),
    };
  }
  const dryRun = [...r.query.getAll('dryRun'), ...(Array.isArray(options['dryRun']) ? (options['dryRun'] as unknown[]) : [])];
  result.dryRun = dryRun.includes('All');
  return result;
}

function decodeDeleteOptions(r: ResourceRequest, body: Buffer): Record<string, unknown> {
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

async function handleDelete(r: ResourceRequest): Promise<void> {
  if (r.requestInfo.subresource !== '') {
    throw methodNotAllowed();
  }
  const options = await deleteOptions(r);
  const deleted = await r.registry.delete(r.info, r.requestInfo.namespace, r.requestInfo.name, { ...options, user: r.user });
  sendObject(r, 200, deleted);
}

async function handleDeleteCollection(r: ResourceRequest): Promise<void> {
  const options = await deleteOptions(r);
  const filter = listFilter(r);
  const { items } = await r.registry.list(r.info, r.requestInfo.namespace, filter === undefined ? {} : { filter });
  for (const item of items) {
    try {
      await r.registry.delete(r.info, item.metadata.namespace ?? '', item.metadata.name ?? '', { ...options, user: r.user });
    } catch (error) {
      if (!(error instanceof StatusError && error.code === 404)) {
        throw error;
      }
    }
  }
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
      throw notFound(r.info, r.requestInfo.name);
  }
}
