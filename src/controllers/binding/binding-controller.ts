/**
 * The binding controller (`pkg/controllers/binding`): for every ResourceBinding and
 * ClusterResourceBinding, one Work per target cluster (template with replicas revised and
 * overrides applied) in `karmada-es-<cluster>`; Works of clusters no longer targeted are
 * removed; a deleted binding takes its Works with it (the binding's finalizer is then removed).
 */
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { ClusterOverridePolicy, OverridePolicy } from '../../api/policy/override-policy.js';
import type { Work } from '../../api/work/work.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { objectKey, splitObjectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import { CLUSTER_REF, COP_REF, CRB_REF, OP_REF, RB_REF, WORK_REF, bindingRef, isClusterBinding, type AnyBinding } from '../shared/binding-types.js';
import { REASON_CLEANUP_WORK_FAILED, REASON_SYNC_WORK_FAILED, REASON_SYNC_WORK_SUCCEED } from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import { clusterOfExecutionSpace } from '../shared/names.js';
import { deepEqual, errorMessage } from '../shared/object-util.js';
import { BINDING_CONTROLLER_FINALIZER, CRB_CONTROLLER_FINALIZER, CRB_PERMANENT_ID_LABEL, RB_PERMANENT_ID_LABEL } from '../shared/well-known.js';
import { divideCompletions, needReviseReplicas, renderWork, targetClusters, type RenderInputs } from './render-work.js';
import { createOrUpdateWork } from './work-writer.js';

/** Options of the binding controller. */
export interface BindingControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly interpreter: ResourceInterpreter;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
  /** Concurrent reconciles (Karmada: 5 for each binding kind). */
  readonly workers?: number;
}

const RB = 'rb:';
const CRB = 'crb:';

/** Queue key of a binding. */
export function bindingKey(binding: Pick<AnyBinding, 'metadata'>): string {
  return isClusterBinding(binding) ? CRB + (binding.metadata.name ?? '') : RB + objectKey(binding);
}

/** The binding controller's Runnable. */
export class BindingController implements Runnable {
  readonly controller: Controller;
  private readonly client: KubeClient;
  private readonly interpreter: ResourceInterpreter;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly rb: Informer<AnyBinding>;
  private readonly crb: Informer<AnyBinding>;
  private readonly works: Informer<Work>;
  private readonly clusters: Informer<Cluster>;
  private readonly ops: Informer<OverridePolicy>;
  private readonly cops: Informer<ClusterOverridePolicy>;

  constructor(options: BindingControllerOptions) {
    this.client = options.client;
    this.interpreter = options.interpreter;
    this.recorder = options.recorder ?? noopEventRecorder;
    this.logger = options.logger ?? noopLogger;
    this.rb = options.informers.informerFor<AnyBinding>(RB_REF);
    this.crb = options.informers.informerFor<AnyBinding>(CRB_REF);
    this.works = options.informers.informerFor<Work>(WORK_REF);
    this.clusters = options.informers.informerFor<Cluster>(CLUSTER_REF);
    this.ops = options.informers.informerFor<OverridePolicy>(OP_REF);
    this.cops = options.informers.informerFor<ClusterOverridePolicy>(COP_REF);
    const bindingChanged = (e: { type: string; object: AnyBinding; oldObject?: AnyBinding }): string[] => {
      if (e.type !== 'update' || e.oldObject === undefined) return [bindingKey(e.object)];
      const o = e.oldObject;
      const n = e.object;
      const relevant =
        o.metadata.generation !== n.metadata.generation ||
        o.metadata.deletionTimestamp !== n.metadata.deletionTimestamp ||
        !deepEqual(o.metadata.labels, n.metadata.labels);
      return relevant ? [bindingKey(n)] : [];
    };
    this.controller = new Controller({
      name: 'binding',
      workers: options.workers ?? 5,
      reconciler: { reconcile: (key) => this.reconcile(key) },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    })
      .watch(this.rb, { map: bindingChanged })
      .watch(this.crb, { map: bindingChanged })
      .watch(this.works, {
        // A Work removed or edited behind our back is rewritten.
        map: (e) =>
          e.type === 'delete' || (e.type === 'update' && e.oldObject?.metadata.generation !== e.object.metadata.generation)
            ? this.bindingKeysOfWork(e.object)
            : [],
      })
      .watch(this.clusters, {
        map: (e) => (e.type === 'update' && !deepEqual(e.oldObject?.metadata.labels, e.object.metadata.labels) ? this.allBindingKeys() : []),
      })
      .watch(this.ops, {
        map: (e) =>
          e.type === 'add' && this.initialSyncDone() === false
            ? []
            : this.rb.cache.listByNamespace(e.object.metadata.namespace ?? '').map((b) => bindingKey(b)),
      })
      .watch(this.cops, { map: (e) => (e.type === 'add' && this.initialSyncDone() === false ? [] : this.allBindingKeys()) });
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  private initialSyncDone(): boolean {
    return this.rb.hasSynced() && this.crb.hasSynced();
  }

  private allBindingKeys(): string[] {
    return [...this.rb.cache.list(), ...this.crb.cache.list()].map((b) => bindingKey(b));
  }

  private bindingKeysOfWork(work: Work): string[] {
    const rbId = work.metadata.labels?.[RB_PERMANENT_ID_LABEL];
    if (rbId !== undefined) return this.rb.cache.listByLabel(RB_PERMANENT_ID_LABEL, rbId).map((b) => bindingKey(b));
    const crbId = work.metadata.labels?.[CRB_PERMANENT_ID_LABEL];
    if (crbId !== undefined) return this.crb.cache.listByLabel(CRB_PERMANENT_ID_LABEL, crbId).map((b) => bindingKey(b));
    return [];
  }

  private lookup(key: string): AnyBinding | undefined {
    if (key.startsWith(CRB)) return this.crb.cache.getByName(undefined, key.slice(CRB.length));
    const { namespace, name } = splitObjectKey(key.slice(RB.length));
    return this.rb.cache.getByName(namespace, name);
  }

  /** Works made for the binding (by its permanent id). */
  private worksOf(binding: AnyBinding): Work[] {
    const label = isClusterBinding(binding) ? CRB_PERMANENT_ID_LABEL : RB_PERMANENT_ID_LABEL;
    const id = binding.metadata.labels?.[label];
    return id === undefined || id === '' ? [] : this.works.cache.listByLabel(label, id);
  }

  /** Works of the binding read from the server (the cache may not hold Works written moments ago). */
  private async listWorksOf(binding: AnyBinding): Promise<Work[]> {
    const label = isClusterBinding(binding) ? CRB_PERMANENT_ID_LABEL : RB_PERMANENT_ID_LABEL;
    const id = binding.metadata.labels?.[label];
    if (id === undefined || id === '') return [];
    return (await this.client.list<Work>(WORK_REF, { labelSelector: `${label}=${id}` })).items;
  }

  private async reconcile(key: string): Promise<void> {
    const binding = this.lookup(key);
    if (binding === undefined) return;
    if (binding.metadata.deletionTimestamp !== undefined) {
      await this.deleteWorks(binding, await this.listWorksOf(binding));
      await this.removeFinalizer(binding);
      return;
    }
    const idLabel = isClusterBinding(binding) ? CRB_PERMANENT_ID_LABEL : RB_PERMANENT_ID_LABEL;
    if ((binding.metadata.labels?.[idLabel] ?? '') === '') {
      // Works are found by the binding's permanent id (Karmada's webhook adds it on create).
      await this.client.patch(
        bindingRef(binding),
        binding.metadata.name ?? '',
        { metadata: { labels: { [idLabel]: randomUUID() } } },
        {
          type: 'merge',
          ...(isClusterBinding(binding) ? {} : { namespace: binding.metadata.namespace ?? '' }),
        },
      );
      return;
    }
    await this.removeOrphanWorks(binding);
    const r = binding.spec.resource;
    let template: KubeObject;
    try {
      template = await this.client.get(
        { apiVersion: r.apiVersion, kind: r.kind },
        r.name,
        r.namespace === undefined || r.namespace === '' ? {} : { namespace: r.namespace },
      );
    } catch (err) {
      // The template is gone; the detector removes the binding (there is no garbage collector).
      if (isNotFound(err)) return;
      throw err;
    }
    if (r.uid !== undefined && r.uid !== '' && template.metadata.uid !== r.uid) return;
    await this.syncWorks(binding, template);
  }

  private async syncWorks(binding: AnyBinding, template: KubeObject): Promise<void> {
    const targets = targetClusters(binding);
    const inputs: RenderInputs = {
      clusters: new Map(this.clusters.cache.list().map((c) => [c.metadata.name ?? '', c])),
      overridePolicies: this.ops.cache.list(),
      clusterOverridePolicies: this.cops.cache.list(),
      interpreter: this.interpreter,
    };
    const spec = template['spec'];
    const completionsValue =
      template.kind === 'Job' && typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['completions'] : undefined;
    const completions =
      typeof completionsValue === 'number' && needReviseReplicas(binding) ? divideCompletions(completionsValue, binding.spec.clusters ?? []) : undefined;
    const errors: string[] = [];
    let changed = 0;
    for (const target of targets) {
      try {
        const rendered = await renderWork(binding, template, target, inputs, completions);
        const cached = this.works.cache.getByName(rendered.namespace, rendered.name);
        const result = await createOrUpdateWork(this.client, rendered, cached, cached === undefined && this.works.hasSynced());
        if (result !== 'unchanged') changed++;
      } catch (err) {
        errors.push(`cluster ${target.name}: ${errorMessage(err)}`);
      }
    }
    const what = `${isClusterBinding(binding) ? 'clusterResourceBinding' : 'resourceBinding'}(${objectKey(binding)})`;
    if (errors.length > 0) {
      const message = `Failed to sync works of ${what}: ${errors.join('; ')}`;
      this.recorder.event(binding, 'Warning', REASON_SYNC_WORK_FAILED, message);
      this.recorder.event(template, 'Warning', REASON_SYNC_WORK_FAILED, message);
      throw new Error(message);
    }
    if (changed > 0) {
      const message = `Sync work of ${what} successful.`;
      this.recorder.event(binding, 'Normal', REASON_SYNC_WORK_SUCCEED, message);
      this.recorder.event(template, 'Normal', REASON_SYNC_WORK_SUCCEED, message);
    }
  }

  /** Deletes Works of clusters the binding no longer targets (evicting clusters keep theirs until the eviction ends). */
  private async removeOrphanWorks(binding: AnyBinding): Promise<void> {
    const keep = new Set(targetClusters(binding).map((c) => c.name));
    for (const task of binding.spec.gracefulEvictionTasks ?? []) keep.add(task.fromCluster);
    const orphans = this.worksOf(binding).filter((w) => !keep.has(clusterOfExecutionSpace(w.metadata.namespace ?? '') ?? ''));
    await this.deleteWorks(binding, orphans);
  }

  private async deleteWorks(binding: AnyBinding, works: readonly Work[]): Promise<void> {
    for (const work of works) {
      if (work.metadata.deletionTimestamp !== undefined) continue;
      try {
        await this.client.delete(WORK_REF, work.metadata.name ?? '', { namespace: work.metadata.namespace ?? '' });
      } catch (err) {
        if (isNotFound(err)) continue;
        this.recorder.event(binding, 'Warning', REASON_CLEANUP_WORK_FAILED, `Failed to delete work ${objectKey(work)}: ${errorMessage(err)}`);
        throw err;
      }
    }
  }

  private async removeFinalizer(binding: AnyBinding): Promise<void> {
    const finalizer = isClusterBinding(binding) ? CRB_CONTROLLER_FINALIZER : BINDING_CONTROLLER_FINALIZER;
    const finalizers = binding.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    try {
      await this.client.patch(
        bindingRef(binding),
        binding.metadata.name ?? '',
        { metadata: { resourceVersion: binding.metadata.resourceVersion, finalizers: finalizers.filter((f) => f !== finalizer) } },
        { type: 'merge', ...(isClusterBinding(binding) ? {} : { namespace: binding.metadata.namespace ?? '' }) },
      );
      this.logger.debug({ binding: objectKey(binding) }, 'binding: works removed, finalizer released');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
