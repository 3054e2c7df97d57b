/**
 * The dependencies distributor (`pkg/dependenciesdistributor`): for a ResourceBinding with
 * `propagateDeps`, the ConfigMaps, Secrets, ServiceAccounts and PVCs its workload references
 * (interpreter InterpretDependency) get "attached" bindings whose `spec.requiredBy` carries this
 * binding's clusters, so the binding controller sends them to the same clusters. Dependencies no
 * longer referenced (or a binding gone or no longer propagating dependencies) are released:
 * their requiredBy entry goes, and with it their Works in clusters nobody else needs.
 */
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { DependentObjectReference } from '../../api/config/dependent-object-reference.js';
import { compareDependentObjectReferences } from '../../api/config/dependent-object-reference.js';
import type { KubeObject } from '../../api/object.js';
import type { BindingSnapshot } from '../../api/work/resource-binding.js';
import { isAlreadyExists, isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import { formatLabelSelector, type LabelSelectorObject } from '../../api/selectors/label-selector.js';
import type { Logger } from '../../client/logger.js';
import { objectKey, splitObjectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { controllerRef } from '../detector/build-binding.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import { RB_REF, type AnyBinding } from '../shared/binding-types.js';
import {
  REASON_GET_DEPENDENCIES_FAILED,
  REASON_SYNC_DEPENDENCIES_FAILED,
  REASON_SYNC_DEPENDENCIES_SUCCEED,
} from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import { generateBindingName, generateBindingReferenceKey } from '../shared/names.js';
import { deepEqual, errorMessage } from '../shared/object-util.js';
import { BINDING_CONTROLLER_FINALIZER, BINDING_DEPENDED_BY_LABEL_PREFIX, BINDING_DEPENDENCIES_ANNOTATION, RB_PERMANENT_ID_LABEL } from '../shared/well-known.js';

/** The kinds whose objects can be dependencies. */
export const DEPENDENCY_REFS: readonly ResourceRef[] = [
  { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' },
  { group: '', version: 'v1', resource: 'secrets', namespaced: true, kind: 'Secret' },
  { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true, kind: 'ServiceAccount' },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespaced: true, kind: 'PersistentVolumeClaim' },
];

/** Options of the distributor. */
export interface DependenciesDistributorOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly interpreter: ResourceInterpreter;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
}

/** The label an attached binding carries for each binding that depends on it. */
export function dependedByLabelKey(namespace: string, name: string): string {
  return BINDING_DEPENDED_BY_LABEL_PREFIX + generateBindingReferenceKey(namespace, name);
}

/** The recorded dependencies of an independent binding (from its annotation). */
export function recordedDependencies(binding: AnyBinding): DependentObjectReference[] {
  const raw = binding.metadata.annotations?.[BINDING_DEPENDENCIES_ANNOTATION];
  if (raw === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as DependentObjectReference[]) : [];
  } catch {
    return [];
  }
}

/** The attached binding for a dependency object required by binding. */
export function buildAttachedBinding(binding: AnyBinding, object: KubeObject): AnyBinding {
  return {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: 'ResourceBinding',
    metadata: {
      name: generateBindingName(object.kind ?? '', object.metadata.name ?? ''),
      namespace: binding.metadata.namespace ?? '',
      ownerReferences: [controllerRef(object)],
      labels: { [dependedByLabelKey(binding.metadata.namespace ?? '', binding.metadata.name ?? '')]: binding.metadata.labels?.[RB_PERMANENT_ID_LABEL] ?? 'true' },
      finalizers: [BINDING_CONTROLLER_FINALIZER],
    },
    spec: {
      resource: {
        apiVersion: object.apiVersion ?? '',
        kind: object.kind ?? '',
        namespace: object.metadata.namespace ?? '',
        name: object.metadata.name ?? '',
        ...(object.metadata.uid === undefined ? {} : { uid: object.metadata.uid }),
        ...(object.metadata.resourceVersion === undefined ? {} : { resourceVersion: object.metadata.resourceVersion }),
      },
      requiredBy: [{ namespace: binding.metadata.namespace ?? '', name: binding.metadata.name ?? '', clusters: structuredClone(binding.spec.clusters ?? []) }],
    },
  };
}

/** Snapshots with `incoming` merged in (replacing the entry of the same binding). */
export function mergeSnapshots(existing: readonly BindingSnapshot[] | undefined, incoming: readonly BindingSnapshot[]): BindingSnapshot[] {
  const out = [...(existing ?? [])].map((s) => ({ ...s }));
  for (const s of incoming) {
    const i = out.findIndex((e) => (e.namespace ?? '') === (s.namespace ?? '') && e.name === s.name);
    if (i >= 0) out[i] = { ...s };
    else out.push({ ...s });
  }
  return out;
}

/** The distributor's Runnable. */
export class DependenciesDistributor implements Runnable {
  readonly controller: Controller;
  private readonly client: KubeClient;
  private readonly interpreter: ResourceInterpreter;
  private readonly recorder: EventRecorder;
  private readonly rb: Informer<AnyBinding>;
  private readonly deps: Map<string, Informer>;

  constructor(options: DependenciesDistributorOptions) {
    this.client = options.client;
    this.interpreter = options.interpreter;
    this.recorder = options.recorder ?? noopEventRecorder;
    this.rb = options.informers.informerFor<AnyBinding>(RB_REF);
    this.deps = new Map(DEPENDENCY_REFS.map((ref) => [ref.kind ?? '', options.informers.informerFor(ref)]));
    let controller = new Controller({
      name: 'dependencies-distributor',
      workers: 2,
      reconciler: { reconcile: (key) => this.reconcile(key) },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    }).watch(this.rb, {
      map: (e) => {
        const b = e.object;
        const old = e.oldObject;
        if (e.type === 'update' && old !== undefined) {
          if (old.metadata.generation === b.metadata.generation && old.metadata.deletionTimestamp === b.metadata.deletionTimestamp) return [];
          if ((old.spec.clusters ?? []).length === 0 && (b.spec.clusters ?? []).length === 0) return [];
          return old.spec.propagateDeps === true || b.spec.propagateDeps === true ? [objectKey(b)] : [];
        }
        return b.spec.propagateDeps === true || recordedDependencies(b).length > 0 ? [objectKey(b)] : [];
      },
    });
    for (const informer of this.deps.values()) {
      controller = controller.watch(informer, { map: (e) => this.bindingsDependingOn(e.object) });
    }
    this.controller = controller;
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  /** Keys of independent bindings whose recorded dependencies include obj. */
  private bindingsDependingOn(obj: KubeObject): string[] {
    const ns = obj.metadata.namespace ?? '';
    return this.rb.cache
      .listByNamespace(ns)
      .filter((b) =>
        recordedDependencies(b).some(
          (d) =>
            d.apiVersion === obj.apiVersion &&
            d.kind === obj.kind &&
            (d.namespace ?? ns) === ns &&
            (d.name === obj.metadata.name || (d.name === undefined && d.labelSelector !== undefined)),
        ),
      )
      .map((b) => objectKey(b));
  }

  private attachedBindings(namespace: string, name: string): AnyBinding[] {
    const label = dependedByLabelKey(namespace, name);
    return this.rb.cache.listByNamespace(namespace).filter((b) => b.metadata.labels?.[label] !== undefined);
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitObjectKey(key);
    const binding = this.rb.cache.getByName(namespace, name);
    if (binding === undefined || binding.spec.propagateDeps !== true || binding.metadata.deletionTimestamp !== undefined) {
      await this.release(namespace, name, this.attachedBindings(namespace, name));
      return;
    }
    const r = binding.spec.resource;
    let workload: KubeObject;
    try {
      workload = await this.client.get({ apiVersion: r.apiVersion, kind: r.kind }, r.name, { namespace: r.namespace ?? namespace });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const type = { apiVersion: r.apiVersion, kind: r.kind };
    if (!this.interpreter.hookEnabled(type, 'InterpretDependency')) return;
    let dependencies: DependentObjectReference[];
    try {
      dependencies = [...(await this.interpreter.getDependencies(workload))].sort(compareDependentObjectReferences);
    } catch (err) {
      this.recorder.event(workload, 'Warning', REASON_GET_DEPENDENCIES_FAILED, errorMessage(err));
      throw err;
    }
    try {
      await this.sync(binding, dependencies);
      this.recorder.event(binding, 'Normal', REASON_SYNC_DEPENDENCIES_SUCCEED, 'Sync schedule results to dependencies succeed.');
    } catch (err) {
      this.recorder.event(binding, 'Warning', REASON_SYNC_DEPENDENCIES_FAILED, errorMessage(err));
      throw err;
    }
  }

  private async sync(binding: AnyBinding, dependencies: readonly DependentObjectReference[]): Promise<void> {
    const namespace = binding.metadata.namespace ?? '';
    const name = binding.metadata.name ?? '';
    // Record what the binding depends on, so dependency changes find it.
    const recorded = JSON.stringify(dependencies);
    if (binding.metadata.annotations?.[BINDING_DEPENDENCIES_ANNOTATION] !== recorded) {
      await this.client.patch(RB_REF, name, { metadata: { annotations: { [BINDING_DEPENDENCIES_ANNOTATION]: recorded } } }, { type: 'merge', namespace });
    }
    const objects: KubeObject[] = [];
    for (const dep of dependencies) objects.push(...(await this.resolveDependency(dep, namespace)));
    const wanted = new Set(objects.map((o) => `${o.apiVersion ?? ''}/${o.kind ?? ''}/${o.metadata.name ?? ''}`));
    const orphans = this.attachedBindings(namespace, name).filter((b) => !wanted.has(`${b.spec.resource.apiVersion}/${b.spec.resource.kind}/${b.spec.resource.name}`));
    await this.release(namespace, name, orphans);
    for (const obj of objects) await this.createOrUpdateAttached(buildAttachedBinding(binding, obj));
  }

  private async resolveDependency(dep: DependentObjectReference, namespace: string): Promise<KubeObject[]> {
    const type = { apiVersion: dep.apiVersion, kind: dep.kind };
    const ns = dep.namespace !== undefined && dep.namespace !== '' ? dep.namespace : namespace;
    try {
      if (dep.name !== undefined && dep.name !== '') return [{ ...(await this.client.get(type, dep.name, { namespace: ns })), ...type }];
      if (dep.labelSelector !== undefined) {
        const selector = formatLabelSelector(dep.labelSelector as LabelSelectorObject);
        return (await this.client.list(type, { namespace: ns, labelSelector: selector })).items.map((o) => ({ ...o, ...type }));
      }
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    return [];
  }

  private async createOrUpdateAttached(attached: AnyBinding): Promise<void> {
    const namespace = attached.metadata.namespace ?? '';
    try {
      // The permanent id Karmada's binding webhook would add.
      const created = { ...attached, metadata: { ...attached.metadata, labels: { ...(attached.metadata.labels ?? {}), [RB_PERMANENT_ID_LABEL]: randomUUID() } } };
      await this.client.create(RB_REF, created, { namespace });
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const existing = await this.client.get<AnyBinding>(RB_REF, attached.metadata.name ?? '', { namespace });
    const next = structuredClone(existing);
    next.spec.requiredBy = mergeSnapshots(existing.spec.requiredBy, attached.spec.requiredBy ?? []);
    next.metadata.labels = {
      ...(existing.metadata.labels ?? {}),
      ...(attached.metadata.labels ?? {}),
      [RB_PERMANENT_ID_LABEL]: existing.metadata.labels?.[RB_PERMANENT_ID_LABEL] ?? randomUUID(),
    };
    next.spec.resource = { ...attached.spec.resource };
    if (!(existing.metadata.finalizers ?? []).includes(BINDING_CONTROLLER_FINALIZER)) {
      next.metadata.finalizers = [...(existing.metadata.finalizers ?? []), BINDING_CONTROLLER_FINALIZER];
    }
    if (deepEqual(next, existing)) return;
    await this.client.update(RB_REF, next, { namespace });
  }

  /** Drops the binding's requiredBy entry and label from attached bindings. */
  private async release(namespace: string, name: string, attached: readonly AnyBinding[]): Promise<void> {
    const label = dependedByLabelKey(namespace, name);
    for (const b of attached) {
      const next = structuredClone(b);
      if (next.metadata.labels !== undefined) delete next.metadata.labels[label];
      next.spec.requiredBy = (b.spec.requiredBy ?? []).filter((s) => !((s.namespace ?? '') === namespace && s.name === name));
      if (next.spec.requiredBy.length === 0) delete next.spec.requiredBy;
      try {
        await this.client.update(RB_REF, next, { namespace });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
