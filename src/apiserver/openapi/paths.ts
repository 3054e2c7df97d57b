/**
 * The OpenAPI paths of one resource, shaped like kube-apiserver's: collection, item, all-namespaces
 * list and subresource paths, one operation per advertised verb, each tagged with
 * `x-kubernetes-action` and an `x-kubernetes-group-version-kind` object. Every write operation
 * lists `fieldValidation`, which is how kubectl detects server-side field validation.
 */
import { verbsOf } from '../../api/catalog/verbs.js';
import type { GroupVersionKind, ResourceInfo } from '../../api/resource-info.js';
import type { SubresourceDescriptor } from '../discovery/subresources.js';
import { subresourcesOf } from '../discovery/subresources.js';
import { DELETE_OPTIONS, PATCH, STATUS, definitionName, schemaRef } from './definition-names.js';
import {
  DELETE_COLLECTION_PARAMETERS,
  DELETE_PARAMETERS,
  LIST_PARAMETERS,
  NAMESPACE,
  PATCH_PARAMETERS,
  PRETTY,
  WRITE_PARAMETERS,
  nameParameter,
} from './parameters.js';
import type { HttpMethod, OpenAPIMediaType, OpenAPIOperation, OpenAPIParameter, OpenAPIPathItem, OpenAPIResponse, OpenAPISchema } from './types.js';

export interface ResourcePathsOptions {
  /** `/api/v1` or `/apis/<group>/<version>`. */
  readonly prefix: string;
  /**
   * Whether PATCH advertises application/strategic-merge-patch+json. kubectl's client-side apply
   * computes a strategic merge patch from the OpenAPI schema when it does, so leave it off until
   * real field schemas (with patch strategies) are published; kubectl then uses its compiled-in types.
   */
  readonly strategicMergePatch: boolean;
}

/** The schema definitions the paths refer to besides the resource's own kind and list (e.g. Scale, Eviction). */
export interface ResourcePaths {
  readonly paths: Record<string, OpenAPIPathItem>;
  readonly referencedKinds: readonly GroupVersionKind[];
}

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'] as const;
const SMP = 'application/strategic-merge-patch+json';

function capitalize(word: string): string {
  return word.length === 0 ? word : `${(word[0] ?? '').toUpperCase()}${word.slice(1)}`;
}

/** `Core`, `Apps`, `RbacAuthorization`, `PolicyKarmadaIo`, as in kube operation ids. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map(capitalize)
    .join('');
}

function tagOf(info: ResourceInfo): string {
  const word = groupWord(info.group);
  return `${(word[0] ?? '').toLowerCase()}${word.slice(1)}_${info.version}`;
}

function gvkObject(gvk: GroupVersionKind): OpenAPIOperation['x-kubernetes-group-version-kind'] {
  return { group: gvk.group, kind: gvk.kind, version: gvk.version };
}

/** Connect-style subresources (exec, attach, portforward, proxy) take *Options and stream. */
function isConnect(sub: SubresourceDescriptor): boolean {
  return sub.kind.endsWith('Options');
}

/** Connect subresources and pods/log answer with a stream, not an object. */
function isStreaming(sub: SubresourceDescriptor): boolean {
  return isConnect(sub) || sub.name === 'log';
}

const VERB_METHOD: Readonly<Record<string, HttpMethod>> = { get: 'get', create: 'post', update: 'put', patch: 'patch', delete: 'delete' };
const VERB_OPERATION: Readonly<Record<string, string>> = { get: 'read', create: 'create', update: 'replace', patch: 'patch', delete: 'delete' };
const VERB_DESCRIPTION: Readonly<Record<string, string>> = {
  get: 'read',
  create: 'create',
  update: 'replace',
  patch: 'partially update',
  delete: 'delete',
};

class OperationFactory {
  readonly #info: ResourceInfo;
  readonly #mediaTypes: readonly string[];
  readonly #strategicMergePatch: boolean;
  readonly #idInfix: string;

  constructor(info: ResourceInfo, strategicMergePatch: boolean) {
    this.#info = info;
    this.#strategicMergePatch = strategicMergePatch;
    // CRDs cannot be served as protobuf.
    this.#mediaTypes = info.builtin
      ? ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']
      : ['application/json', 'application/yaml'];
    this.#idInfix = `${groupWord(info.group)}${capitalize(info.version)}`;
  }

  operationId(verb: string, namespaced: boolean, suffix = ''): string {
    const scope = namespaced ? 'Namespaced' : '';
    return `${verb}${this.#idInfix}${scope}${this.#info.kind}${suffix}`;
  }

  content(schema: OpenAPISchema, extra: readonly string[] = []): Record<string, OpenAPIMediaType> {
    return Object.fromEntries([...this.#mediaTypes, ...extra].map((type) => [type, { schema }]));
  }

  responses(codes: Readonly<Record<string, string>>, schema: OpenAPISchema, extra: readonly string[] = []): Record<string, OpenAPIResponse> {
    const result: Record<string, OpenAPIResponse> = {};
    for (const [code, description] of Object.entries(codes)) result[code] = { description, content: this.content(schema, extra) };
    result['401'] = { description: 'Unauthorized' };
    return result;
  }

  patchBody(schema: OpenAPISchema): NonNullable<OpenAPIOperation['requestBody']> {
    const types = this.#strategicMergePatch ? [...PATCH_TYPES, SMP] : [...PATCH_TYPES];
    return { content: Object.fromEntries(types.map((type) => [type, { schema }])), required: true };
  }

  operation(fields: {
    readonly action: string;
    readonly operationId: string;
    readonly description: string;
    readonly gvk: GroupVersionKind;
    readonly parameters?: readonly OpenAPIParameter[];
    readonly requestBody?: OpenAPIOperation['requestBody'];
    readonly responses: Record<string, OpenAPIResponse>;
  }): OpenAPIOperation {
    return {
      tags: [tagOf(this.#info)],
      description: fields.description,
      operationId: fields.operationId,
      ...(fields.parameters && fields.parameters.length > 0 ? { parameters: fields.parameters } : {}),
      ...(fields.requestBody ? { requestBody: fields.requestBody } : {}),
      responses: fields.responses,
      'x-kubernetes-action': fields.action,
      'x-kubernetes-group-version-kind': gvkObject(fields.gvk),
    };
  }
}

const WATCH_STREAM_TYPES = ['application/json;stream=watch'];

/** Every path of one resource under `options.prefix`. */
export function resourcePaths(info: ResourceInfo, options: ResourcePathsOptions): ResourcePaths {
  const verbs = new Set(verbsOf(info));
  const factory = new OperationFactory(info, options.strategicMergePatch);
  const gvk: GroupVersionKind = { group: info.group, version: info.version, kind: info.kind };
  const kindRef = schemaRef(definitionName(gvk));
  const listRef = schemaRef(definitionName({ ...gvk, kind: info.listKind }));
  const statusRef = schemaRef(STATUS);
  const ns = info.namespaced;
  const base = ns ? `${options.prefix}/namespaces/{namespace}/${info.resource}` : `${options.prefix}/${info.resource}`;
  const scopeParameters = ns ? [NAMESPACE, PRETTY] : [PRETTY];
  const itemParameters = [nameParameter(info.kind), ...scopeParameters];
  const paths: Record<string, OpenAPIPathItem> = {};
  const referencedKinds: GroupVersionKind[] = [];

  const collection: Partial<Record<HttpMethod, OpenAPIOperation>> = {};
  if (verbs.has('list')) {
    collection.get = factory.operation({
      action: 'list',
      operationId: factory.operationId('list', ns),
      description: `list or watch objects of kind ${info.kind}`,
      gvk,
      parameters: LIST_PARAMETERS,
      responses: factory.responses({ '200': 'OK' }, listRef, WATCH_STREAM_TYPES),
    });
  }
  if (verbs.has('create')) {
    collection.post = factory.operation({
      action: 'post',
      operationId: factory.operationId('create', ns),
      description: `create ${info.kind}`,
      gvk,
      parameters: WRITE_PARAMETERS,
      requestBody: { content: { '*/*': { schema: kindRef } }, required: true },
      responses: factory.responses({ '200': 'OK', '201': 'Created', '202': 'Accepted' }, kindRef),
    });
  }
  if (verbs.has('deletecollection')) {
    collection.delete = factory.operation({
      action: 'deletecollection',
      operationId: `delete${groupWord(info.group)}${capitalize(info.version)}Collection${ns ? 'Namespaced' : ''}${info.kind}`,
      description: `delete collection of ${info.kind}`,
      gvk,
      parameters: DELETE_COLLECTION_PARAMETERS,
      requestBody: { content: { '*/*': { schema: schemaRef(DELETE_OPTIONS) } }, required: false },
      responses: factory.responses({ '200': 'OK' }, statusRef),
    });
  }
  if (Object.keys(collection).length > 0) paths[base] = { ...collection, parameters: scopeParameters };

  const item: Partial<Record<HttpMethod, OpenAPIOperation>> = {};
  if (verbs.has('get')) {
    item.get = factory.operation({
      action: 'get',
      operationId: factory.operationId('read', ns),
      description: `read the specified ${info.kind}`,
      gvk,
      responses: factory.responses({ '200': 'OK' }, kindRef),
    });
  }
  if (verbs.has('update')) {
    item.put = factory.operation({
      action: 'put',
      operationId: factory.operationId('replace', ns),
      description: `replace the specified ${info.kind}`,
      gvk,
      parameters: WRITE_PARAMETERS,
      requestBody: { content: { '*/*': { schema: kindRef } }, required: true },
      responses: factory.responses({ '200': 'OK', '201': 'Created' }, kindRef),
    });
  }
  if (verbs.has('delete')) {
    item.delete = factory.operation({
      action: 'delete',
      operationId: factory.operationId('delete', ns),
      description: `delete ${info.kind}`,
      gvk,
      parameters: DELETE_PARAMETERS,
      requestBody: { content: { '*/*': { schema: schemaRef(DELETE_OPTIONS) } }, required: false },
      responses: factory.responses({ '200': 'OK', '202': 'Accepted' }, statusRef),
    });
  }
  if (verbs.has('patch')) {
    item.patch = factory.operation({
      action: 'patch',
      operationId: factory.operationId('patch', ns),
      description: `partially update the specified ${info.kind}`,
      gvk,
      parameters: PATCH_PARAMETERS,
      requestBody: factory.patchBody(schemaRef(PATCH)),
      responses: factory.responses({ '200': 'OK', '201': 'Created' }, kindRef),
    });
  }
  if (Object.keys(item).length > 0) paths[`${base}/{name}`] = { ...item, parameters: itemParameters };

  if (ns && verbs.has('list')) {
    paths[`${options.prefix}/${info.resource}`] = {
      get: factory.operation({
        action: 'list',
        operationId: factory.operationId('list', false, 'ForAllNamespaces'),
        description: `list or watch objects of kind ${info.kind}`,
        gvk,
        parameters: LIST_PARAMETERS,
        responses: factory.responses({ '200': 'OK' }, listRef, WATCH_STREAM_TYPES),
      }),
      parameters: [PRETTY],
    };
  }

  for (const sub of subresourcesOf(info)) {
    const subGvk: GroupVersionKind = { group: sub.group, version: sub.version, kind: sub.kind };
    const streaming = isStreaming(sub);
    if (!streaming && definitionName(subGvk) !== definitionName(gvk)) referencedKinds.push(subGvk);
    const schema: OpenAPISchema = streaming ? { type: 'string' } : schemaRef(definitionName(subGvk));
    const suffix = capitalize(sub.name);
    const operations: Partial<Record<HttpMethod, OpenAPIOperation>> = {};
    for (const verb of sub.verbs) {
      const method = VERB_METHOD[verb];
      if (method === undefined) continue;
      const connect = isConnect(sub);
      const verbWord = connect ? `connect${capitalize(method)}` : (VERB_OPERATION[verb] ?? verb);
      const parameters = verb === 'patch' ? PATCH_PARAMETERS : verb === 'create' || verb === 'update' ? WRITE_PARAMETERS : undefined;
      const requestBody =
        verb === 'patch'
          ? factory.patchBody(schemaRef(PATCH))
          : (verb === 'create' || verb === 'update') && !streaming
            ? { content: { '*/*': { schema } }, required: true }
            : undefined;
      operations[method] = factory.operation({
        action: connect ? 'connect' : method,
        operationId: factory.operationId(verbWord, ns, suffix),
        description: `${VERB_DESCRIPTION[verb] ?? verb} ${sub.name} of the specified ${info.kind}`,
        gvk: subGvk,
        ...(parameters ? { parameters } : {}),
        ...(requestBody ? { requestBody } : {}),
        responses: factory.responses(verb === 'create' ? { '200': 'OK', '201': 'Created', '202': 'Accepted' } : verb === 'get' ? { '200': 'OK' } : { '200': 'OK', '201': 'Created' }, schema),
      });
    }
    if (Object.keys(operations).length > 0) paths[`${base}/{name}/${sub.name}`] = { ...operations, parameters: itemParameters };
  }

  return { paths, referencedKinds };
}
