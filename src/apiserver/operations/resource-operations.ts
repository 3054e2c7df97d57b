import { parse as parseYaml } from 'yaml';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { groupVersion, type ResourceInfo } from '../../api/resource-info.js';
import { applyConfig, recordUpdate, type FieldContext } from '../apply/field-manager.js';
import { fieldManagerRequired, managerFromUserAgent, validateFieldManager } from '../apply/manager-name.js';
import { applyResourceDefaults, resourceFieldType, type SchemaSource } from '../apply/resource-types.js';
import { parseJsonBody } from '../body-decoder.js';
import { applyScale, toScale } from './scale.js';
import type { DeleteOptions, ListResult, ObjectEvent, ObjectFilter, ObjectRegistry } from '../registry/object-registry.js';
import type { ResourceDeps } from '../resource-deps.js';
import { badRequest, StatusError } from '../status-error.js';
import { rfc3339Seconds } from '../timestamp.js';

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
  /** The request's User-Agent: the field manager of writes that name none (as kube-apiserver). */
  readonly userAgent?: string;
}

/** How managedFields are computed: where custom resources' schemas come from, and the clock. */
export interface FieldTrackingOptions {
  /** A resource's openAPIV3Schema (the catalog's); without it custom resources use deduced types. */
  readonly openAPIV3Schema?: SchemaSource;
  readonly now?: () => Date;
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
    private readonly tracking: FieldTrackingOptions = {},
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

  private fieldContext(info: ResourceInfo): FieldContext {
    const now = this.tracking.now?.() ?? new Date();
    return {
      type: resourceFieldType(info, this.tracking.openAPIV3Schema),
      apiVersion: groupVersion(info),
      kind: info.kind,
      statusSubresource: info.statusSubresource === true,
      now: rfc3339Seconds(now),
    };
  }

  /** The manager of a create, update or non-apply patch: fieldManager, else the user agent's prefix. */
  private updateManager(options: OperationOptions, optionsKind: string): string {
    const manager = options.fieldManager ?? '';
    if (manager === '') return managerFromUserAgent(options.userAgent ?? '');
    const error = validateFieldManager(manager, optionsKind);
    if (error !== undefined) throw error;
    return manager;
  }

  private defaults(info: ResourceInfo, object: KubeObject): void {
    applyResourceDefaults(info, object, this.tracking.openAPIV3Schema);
  }

  /**
   * The object an update stores, as the registry will keep it: a status write changes only the
   * status, a main-resource write of a kind with a status subresource keeps the live status.
   * The requested resourceVersion (or its absence) is kept, since it is the write's precondition.
   */
  private stored(info: ResourceInfo, current: KubeObject, desired: KubeObject, subresource: string): KubeObject {
    if (subresource === 'status') {
      const next: KubeObject = { ...current, metadata: { ...current.metadata } };
      const rv = desired.metadata.resourceVersion;
      if (rv === undefined || rv === '') {
        delete next.metadata.resourceVersion;
      } else {
        next.metadata.resourceVersion = rv;
      }
      if (desired['status'] === undefined) {
        delete next['status'];
      } else {
        next['status'] = desired['status'];
      }
      return next;
    }
    if (subresource !== '' || info.statusSubresource !== true) return desired;
    const next: KubeObject = { ...desired };
    if (current['status'] === undefined) {
      delete next['status'];
    } else {
      next['status'] = current['status'];
    }
    return next;
  }

  /** Defaults (except for status writes) and records `manager`'s changes in managedFields. */
  private track(info: ResourceInfo, current: KubeObject | undefined, next: KubeObject, manager: string, subresource: string): void {
    if (subresource !== 'status') this.defaults(info, next);
    recordUpdate(this.fieldContext(info), current, next, manager, subresource);
  }

  /** Creates `object`, which it takes over: it is defaulted and changed in place, so pass a copy to keep yours. */
  async create(info: ResourceInfo, namespace: string, object: KubeObject, options: OperationOptions = {}): Promise<WriteResult> {
    const warnings = this.validateFields(info, object, options.fieldValidation);
    const manager = this.updateManager(options, 'CreateOptions');
    if (!isPlainObject(object.metadata)) {
      object.metadata = {};
    }
    if (info.statusSubresource === true) {
      delete object['status'];
    }
    this.track(info, undefined, object, manager, '');
    // the object is the caller's to give (a decoded body, or the in-process client's copy) and already changed above
    const created = await this.registry.create(info, namespace, object, { ...this.writeOptions(options), owned: true });
    return { object: created, warnings };
  }

  async update(info: ResourceInfo, namespace: string, name: string, object: KubeObject, options: OperationOptions = {}): Promise<WriteResult> {
    const subresource = options.subresource ?? '';
    if (subresource === 'scale') {
      const manager = this.updateManager(options, 'UpdateOptions');
      const updated = await this.registry.update(
        info,
        namespace,
        name,
        (current) => {
          const next = applyScale(info, current, object);
          recordUpdate(this.fieldContext(info), current, next, manager, 'scale');
          return next;
        },
        { ...this.writeOptions(options), subresource: '' },
      );
      return { object: toScale(info, updated, this.deps.formatLabelSelector), warnings: [] };
    }
    if (subresource !== '' && subresource !== 'status' && subresource !== 'finalize') {
      throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
    }
    if (object.metadata.name !== undefined && object.metadata.name !== name) {
      throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
    }
    const warnings = this.validateFields(info, object, options.fieldValidation);
    const manager = this.updateManager(options, 'UpdateOptions');
    const updated = await this.registry.update(
      info,
      namespace,
      name,
      (current) => {
        const next = this.stored(info, current, { ...object, metadata: { ...object.metadata } }, subresource);
        this.track(info, current, next, manager, subresource);
        return next;
      },
      this.writeOptions(options),
    );
    return { object: updated, warnings };
  }

  /** PATCH with any of the four patch types; `body` is the raw request body. */
  async patch(info: ResourceInfo, namespace: string, name: string, contentType: string, body: Buffer, options: OperationOptions = {}): Promise<WriteResult> {
    if (!(PATCH_TYPES as readonly string[]).includes(contentType)) {
      throw new StatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
      );
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
    const manager = this.updateManager(options, 'PatchOptions');
    if (subresource === 'scale') {
      const updated = await this.registry.update(
        info,
        namespace,
        name,
        (current) => {
          const scale = toScale(info, current, this.deps.formatLabelSelector);
          const type = contentType === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : contentType;
          const next = applyScale(info, current, this.deps.applyPatch(type, scale, body, undefined));
          recordUpdate(this.fieldContext(info), current, next, manager, 'scale');
          return next;
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
        const next = this.stored(info, current, patched, subresource);
        this.track(info, current, next, manager, subresource);
        return next;
      },
      this.writeOptions(options),
    );
    return { object: updated, warnings };
  }

  /** The applied configuration of an apply patch, checked as kube-apiserver checks it. */
  private parseApplyConfig(info: ResourceInfo, name: string, body: Buffer): KubeObject {
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
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    const kind = typeof object.kind === 'string' ? object.kind : '';
    if (apiVersion !== groupVersion(info) || kind !== info.kind) {
      const slash = apiVersion.indexOf('/');
      const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
      throw badRequest(`invalid object type: ${gv}, Kind=${kind}`);
    }
    if (!isPlainObject(object.metadata)) {
      object.metadata = {};
    }
    if (object.metadata.managedFields !== undefined && object.metadata.managedFields !== null) {
      throw badRequest('metadata.managedFields must be nil');
    }
    delete object.metadata.managedFields;
    if (object.metadata.name !== undefined && object.metadata.name !== name) {
      throw badRequest(`the name of the object (${String(object.metadata.name)}) does not match the name on the URL (${name})`);
    }
    return object;
  }

  /**
   * Server-side apply: field ownership, conflicts (409 unless `force`), removal of what the
   * manager no longer applies; an absent object is created (201). fieldManager is required.
   */
  private async apply(info: ResourceInfo, namespace: string, name: string, body: Buffer, options: OperationOptions): Promise<WriteResult> {
    const manager = options.fieldManager ?? '';
    if (manager === '') {
      throw fieldManagerRequired();
    }
    const invalidManager = validateFieldManager(manager, 'PatchOptions');
    if (invalidManager !== undefined) {
      throw invalidManager;
    }
    const subresource = options.subresource ?? '';
    if (subresource !== '' && subresource !== 'status') {
      throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
    }
    const config = this.parseApplyConfig(info, name, body);
    const warnings = this.validateFields(info, config, options.fieldValidation);
    const applyOptions = { force: options.force === true, subresource, defaults: (o: KubeObject) => this.defaults(info, o) };
    for (let attempt = 0; ; attempt++) {
      try {
        const updated = await this.registry.update(
          info,
          namespace,
          name,
          (current) => {
            const next = applyConfig(this.fieldContext(info), current, config, manager, applyOptions);
            // without a resourceVersion in the configuration the apply is unconditional (retried on conflicts)
            if ((config.metadata.resourceVersion ?? '') === '') {
              delete next.metadata.resourceVersion;
            }
            return next;
          },
          this.writeOptions(options),
        );
        return { object: updated, warnings };
      } catch (error) {
        if (!(error instanceof StatusError && error.code === 404) || subresource !== '') {
          throw error;
        }
      }
      const created = applyConfig(this.fieldContext(info), undefined, { ...config, metadata: { ...config.metadata, name } }, manager, applyOptions);
      try {
        const object = await this.registry.create(info, namespace, created, this.writeOptions(options));
        return { object, warnings, created: true };
      } catch (error) {
        // created concurrently: apply to it
        if (!(error instanceof StatusError && error.reason === 'AlreadyExists') || attempt > 0) {
          throw error;
        }
      }
    }
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
