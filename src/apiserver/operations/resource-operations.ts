import { parse as parseYaml } from 'yaml';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import { parseJsonBody } from '../body-decoder.js';
import { applyScale, toScale } from './scale.js';
import type { DeleteOptions, ListResult, ObjectEvent, ObjectFilter, ObjectRegistry } from '../registry/object-registry.js';
import type { ResourceDeps } from '../resource-deps.js';
import { badRequest, invalid, StatusError } from '../status-error.js';

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

export interface SelectorOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Only this object (watches of one object). */
  readonly name?: string;
}

export interface OperationOptions {
  readonly dryRun?: boolean;
  readonly user?: string;
  /** Strict | Warn | Ignore; Warn when absent, as kube-apiserver. */
  readonly fieldValidation?: string;
  readonly subresource?: string;
  readonly fieldManager?: string;
  readonly force?: boolean;
}

export interface WriteResult {
  readonly object: KubeObject;
  readonly warnings: readonly string[];
  /** True when an apply patch created the object (HTTP 201). */
  readonly created?: boolean;
}

/**
 * The API semantics of every verb on top of the object registry, shared by the HTTP handlers and
 * the in-process client: selectors, field validation, patch types, server-side apply, scale.
 */
export class ResourceOperations {
  constructor(
    readonly registry: ObjectRegistry,
    private readonly deps: ResourceDeps,
  ) {}

  filter(info: ResourceInfo, options: SelectorOptions): ObjectFilter | undefined {
    const filters: ObjectFilter[] = [];
    const labelSelector = options.labelSelector ?? '';
    if (labelSelector.trim() !== '') {
      const matches = this.deps.labelMatcher(labelSelector);
      filters.push((o) => matches(o.metadata.labels ?? {}));
    }
    const fieldSelector = options.fieldSelector ?? '';
    if (fieldSelector.trim() !== '') {
      filters.push(this.deps.fieldMatcher(fieldSelector, info));
    }
    const name = options.name ?? '';
    if (name !== '') {
      filters.push((o) => o.metadata.name === name);
    }
    if (filters.length <= 1) {
      return filters[0];
    }
    return (o) => filters.every((f) => f(o));
  }

  async get(info: ResourceInfo, namespace: string, name: string, subresource = ''): Promise<KubeObject> {
    const object = await this.registry.get(info, namespace, name);
    return subresource === 'scale' ? toScale(info, object, this.deps.formatLabelSelector) : object;
  }

  list(
    info: ResourceInfo,
    namespace: string,
    options: SelectorOptions & { limit?: number; continue?: string; resourceVersion?: string; resourceVersionMatch?: string },
  ): Promise<ListResult> {
    const filter = this.filter(info, options);
    return this.registry.list(info, namespace, {
      ...(filter === undefined ? {} : { filter }),
      ...(options.limit !== undefined && options.limit > 0 ? { limit: options.limit } : {}),
      ...(options.continue === undefined || options.continue === '' ? {} : { continue: options.continue }),
      ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
      ...(options.resourceVersionMatch === undefined ? {} : { resourceVersionMatch: options.resourceVersionMatch }),
    });
  }

  watch(info: ResourceInfo, namespace: string, options: SelectorOptions & { resourceVersion?: string; signal: AbortSignal }): AsyncGenerator<ObjectEvent> {
    const filter = this.filter(info, options);
    return this.registry.watch(info, namespace, {
      ...(filter === undefined ? {} : { filter }),
      ...(options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion }),
      signal: options.signal,
    });
  }

  /** Prunes unknown fields of built-in kinds; 400 under Strict, warnings under Warn. */
  validateFields(info: ResourceInfo, object: KubeObject, mode = 'Warn'): string[] {
    if (!['Strict', 'Warn', 'Ignore', ''].includes(mode)) {
      throw badRequest(`fieldValidation parameter unsupported: ${mode}`);
    }
    const unknown = this.deps.pruneUnknownFields(info, object) ?? [];
    if (unknown.length === 0 || mode === 'Ignore') {
      return [];
    }
    const messages = unknown.map((path) => `unknown field "${path}"`);
    if (mode === 'Strict') {
      throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${messages.join(', ')}`);
    }
    return messages;
  }

  private writeOptions(options: OperationOptions): { dryRun: boolean; user: string; subresource: string } {
    return { dryRun: options.dryRun === true, user: options.user ?? 'system:admin', subresource: options.subresource ?? '' };
  }

  async create(info: ResourceInfo, namespace: string, object: KubeObject, options: OperationOptions = {}): Promise<WriteResult> {
    const warnings = this.validateFields(info, object, options.fieldValidation);
    const created = await this.registry.create(info, namespace, object, this.writeOptions(options));
    return { object: created, warnings };
  }

  async update(info: ResourceInfo, namespace: string, name: string, object: KubeObject, options: OperationOptions = {}): Promise<WriteResult> {
    const subresource = options.subresource ?? '';
    if (subresource === 'scale') {
      const updated = await this.registry.update(info, namespace, name, (current) => applyScale(info, current, object), { ...this.writeOptions(options), subresource: '' });
      return { object: toScale(info, updated, this.deps.formatLabelSelector), warnings: [] };
    }
    if (subresource !== '' && subresource !== 'status' && subresource !== 'finalize') {
      throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
    }
    if (object.metadata.name !== undefined && object.metadata.name !== name) {
      throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
    }
    const warnings = this.validateFields(info, object, options.fieldValidation);
    const updated = await this.registry.update(info, namespace, name, () => object, this.writeOptions(options));
    return { object: updated, warnings };
  }

  /** PATCH with any of the four patch types; `body` is the raw request body. */
  async patch(info: ResourceInfo, namespace: string, name: string, contentType: string, body: Buffer, options: OperationOptions = {}): Promise<WriteResult> {
    if (!(PATCH_TYPES as readonly string[]).includes(contentType)) {
      throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
    }
    if (contentType === 'application/apply-patch+yaml') {
      return this.apply(info, namespace, name, body, options);
    }
    const subresource = options.subresource ?? '';
    const schema = this.deps.patchSchemaFor(info);
    if (contentType === 'application/strategic-merge-patch+json' && schema === undefined && subresource !== 'scale') {
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    }
    parseJsonBody(body.toString('utf8'), info);
    if (subresource === 'scale') {
      const updated = await this.registry.update(
        info,
        namespace,
        name,
        (current) => {
          const scale = toScale(info, current, this.deps.formatLabelSelector);
          const type = contentType === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : contentType;
          return applyScale(info, current, this.deps.applyPatch(type, scale, body, undefined));
        },
        { ...this.writeOptions(options), subresource: '' },
      );
      return { object: toScale(info, updated, this.deps.formatLabelSelector), warnings: [] };
    }
    let warnings: string[] = [];
    const updated = await this.registry.update(
      info,
      namespace,
      name,
      (current) => {
        const currentRv = current.metadata.resourceVersion;
        const patched = this.deps.applyPatch(contentType, current, body, schema);
        if (!isPlainObject(patched.metadata)) {
          patched.metadata = {};
        }
        // a patch that does not mention resourceVersion is unconditional (retried on conflicts)
        if (patched.metadata.resourceVersion === currentRv) {
          delete patched.metadata.resourceVersion;
        }
        warnings = this.validateFields(info, patched, options.fieldValidation);
        return patched;
      },
      this.writeOptions(options),
    );
    return { object: updated, warnings };
  }

  /**
   * Server-side apply, simplified until field ownership lands: the applied configuration is
   * merged into the live object (strategic merge for built-ins, JSON merge otherwise); absent
   * objects are created. fieldManager is required, as upstream.
   */
  private async apply(info: ResourceInfo, namespace: string, name: string, body: Buffer, options: OperationOptions): Promise<WriteResult> {
    if ((options.fieldManager ?? '') === '') {
      throw invalid('PatchOptions', 'meta.k8s.io', '', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'Required value: is required for apply patch' }]);
    }
    let applied: unknown;
    try {
      applied = parseYaml(body.toString('utf8')) as unknown;
    } catch (error) {
      throw badRequest(`error decoding YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
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
    const schema = this.deps.patchSchemaFor(info);
    const mergeType = schema === undefined ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json';
    try {
      let warnings: string[] = [];
      const updated = await this.registry.update(
        info,
        namespace,
        name,
        (current) => {
          const patched = this.deps.applyPatch(mergeType, current, Buffer.from(JSON.stringify(object)), schema);
          patched.metadata.resourceVersion = object.metadata.resourceVersion ?? current.metadata.resourceVersion;
          warnings = this.validateFields(info, patched, options.fieldValidation);
          return patched;
        },
        this.writeOptions(options),
      );
      return { object: updated, warnings };
    } catch (error) {
      if (!(error instanceof StatusError && error.code === 404) || (options.subresource ?? '') !== '') {
        throw error;
      }
    }
    object.metadata.name = name;
    const result = await this.create(info, namespace, object, options);
    return { ...result, created: true };
  }

  delete(info: ResourceInfo, namespace: string, name: string, options: DeleteOptions): Promise<KubeObject> {
    return this.registry.delete(info, namespace, name, options);
  }

  async deleteCollection(info: ResourceInfo, namespace: string, selectors: SelectorOptions, options: DeleteOptions): Promise<KubeObject[]> {
    const { items } = await this.list(info, namespace, selectors);
    for (const item of items) {
      try {
        await this.registry.delete(info, item.metadata.namespace ?? '', item.metadata.name ?? '', options);
      } catch (error) {
        if (!(error instanceof StatusError && error.code === 404)) {
          throw error;
        }
      }
    }
    return items;
  }
}
