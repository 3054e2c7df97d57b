/**
 * The binding status controller (`pkg/controllers/status/rb_status_controller.go`,
 * `crb_status_controller.go`): gathers the binding's Works into `status.aggregatedStatus` and the
 * `FullyApplied` condition, then writes the template's status as the interpreter aggregates it
 * (through the status subresource), with Karmada's generation semantics (observedGeneration moves
 * only when every member observed the latest spec; the interpreter decides from the reflected
 * generations).
 */
import type { Registry } from 'prom-client';
import type { KubeObject } from '../../api/object.js';
import type { ResourceBindingStatus } from '../../api/work/resource-binding.js';
import type { Work } from '../../api/work/work.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { objectKey, splitObjectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import { CRB_REF, RB_REF, WORK_REF, bindingRef, isClusterBinding, type AnyBinding } from '../shared/binding-types.js';
import { setCondition } from '../shared/conditions.js';
import { REASON_AGGREGATE_STATUS_FAILED, REASON_AGGREGATE_STATUS_SUCCEED } from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import { deepEqual, errorMessage } from '../shared/object-util.js';
import { CRB_PERMANENT_ID_LABEL, RB_PERMANENT_ID_LABEL } from '../shared/well-known.js';
import { assembleWorkStatus, fullyAppliedCondition } from './aggregate-work-status.js';

/** Options of the binding status controller. */
export interface BindingStatusControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly interpreter: ResourceInterpreter;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
  readonly workers?: number;
  /**
   * How long a binding waits after one of its Works' status changed before it aggregates
   * (default 300 ms): the Works of a binding (one per target cluster) usually change within
   * moments of each other, and each aggregation costs a binding status patch, a template status
   * update and their Events.
   */
  readonly aggregateDelayMs?: number;
}

/** Default of BindingStatusControllerOptions.aggregateDelayMs. */
export const DEFAULT_AGGREGATE_DELAY_MS = 300;

const RB = 'rb:';
const CRB = 'crb:';

function keyOf(binding: Pick<AnyBinding, 'metadata'>): string {
  return isClusterBinding(binding) ? CRB + (binding.metadata.name ?? '') : RB + objectKey(binding);
}

/** The binding status controller's Runnable. */
export class BindingStatusController implements Runnable {
  readonly controller: Controller;
  private readonly client: KubeClient;
  private readonly interpreter: ResourceInterpreter;
  private readonly recorder: EventRecorder;
  private readonly clock: Clock;
  private readonly rb: Informer<AnyBinding>;
  private readonly crb: Informer<AnyBinding>;
  private readonly works: Informer<Work>;

  constructor(options: BindingStatusControllerOptions) {
    this.client = options.client;
    this.interpreter = options.interpreter;
    this.recorder = options.recorder ?? noopEventRecorder;
    this.clock = options.clock ?? realClock;
    this.rb = options.informers.informerFor<AnyBinding>(RB_REF);
    this.crb = options.informers.informerFor<AnyBinding>(CRB_REF);
    this.works = options.informers.informerFor<Work>(WORK_REF);
    const delay = options.aggregateDelayMs ?? DEFAULT_AGGREGATE_DELAY_MS;
    const bindingMap = (e: { type: string; object: AnyBinding; oldObject?: AnyBinding }): string[] =>
      e.type === 'delete' || (e.type === 'update' && e.oldObject?.metadata.generation === e.object.metadata.generation) ? [] : [keyOf(e.object)];
    this.controller = new Controller({
      name: 'bindingStatus',
      workers: options.workers ?? 5,
      reconciler: { reconcile: (key) => this.reconcile(key) },
      clock: this.clock,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    })
      .watch(this.rb, { map: bindingMap })
      .watch(this.crb, { map: bindingMap })
      .watch(this.works, {
        map: (e) => {
          if (e.type === 'update' && deepEqual(e.oldObject?.status, e.object.status)) return [];
          const rbId = e.object.metadata.labels?.[RB_PERMANENT_ID_LABEL];
          const crbId = e.object.metadata.labels?.[CRB_PERMANENT_ID_LABEL];
          const keys =
            rbId !== undefined
              ? this.rb.cache.listByLabel(RB_PERMANENT_ID_LABEL, rbId).map((b) => keyOf(b))
              : crbId !== undefined
                ? this.crb.cache.listByLabel(CRB_PERMANENT_ID_LABEL, crbId).map((b) => keyOf(b))
                : [];
          // Status changes of a binding's Works are aggregated together, after a short wait; a deleted Work at once.
          if (e.type === 'delete' || delay <= 0) return keys;
          for (const key of keys) this.controller.enqueueAfter(key, delay);
          return [];
        },
      });
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  private lookup(key: string): AnyBinding | undefined {
    if (key.startsWith(CRB)) return this.crb.cache.getByName(undefined, key.slice(CRB.length));
    const { namespace, name } = splitObjectKey(key.slice(RB.length));
    return this.rb.cache.getByName(namespace, name);
  }

  private async reconcile(key: string): Promise<void> {
    const binding = this.lookup(key);
    if (binding === undefined || binding.metadata.deletionTimestamp !== undefined) return;
    const label = isClusterBinding(binding) ? CRB_PERMANENT_ID_LABEL : RB_PERMANENT_ID_LABEL;
    const id = binding.metadata.labels?.[label];
    const works = id === undefined || id === '' ? [] : this.works.cache.listByLabel(label, id);
    const items = assembleWorkStatus(works, binding.spec.resource);
    const status: ResourceBindingStatus = {
      ...(binding.status ?? {}),
      aggregatedStatus: items,
      conditions: setCondition(binding.status?.conditions, fullyAppliedCondition(binding.spec, items), this.clock.now()),
    };
    const what = `${isClusterBinding(binding) ? 'ClusterResourceBinding' : 'ResourceBinding'}(${objectKey(binding)})`;
    if (!deepEqual(binding.status?.aggregatedStatus ?? [], items) || !deepEqual(binding.status?.conditions, status.conditions)) {
      try {
        await this.client.patch(
          bindingRef(binding),
          binding.metadata.name ?? '',
          { status: { aggregatedStatus: items, conditions: status.conditions } },
          {
            type: 'merge',
            subresource: 'status',
            ...(isClusterBinding(binding) ? {} : { namespace: binding.metadata.namespace ?? '' }),
          },
        );
        this.recorder.event(binding, 'Normal', REASON_AGGREGATE_STATUS_SUCCEED, `Update ${what} with AggregatedStatus successfully.`);
      } catch (err) {
        if (isNotFound(err)) return;
        this.recorder.event(binding, 'Warning', REASON_AGGREGATE_STATUS_FAILED, errorMessage(err));
        throw err;
      }
    }
    await this.updateTemplateStatus(binding, items);
  }

  /** Writes the template's aggregated status when the interpreter has a hook for its kind. */
  private async updateTemplateStatus(binding: AnyBinding, items: ResourceBindingStatus['aggregatedStatus'] & object): Promise<void> {
    const r = binding.spec.resource;
    const type = { apiVersion: r.apiVersion, kind: r.kind };
    if (!this.interpreter.hookEnabled(type, 'AggregateStatus')) return;
    let template: KubeObject;
    try {
      template = await this.client.get(type, r.name, r.namespace === undefined || r.namespace === '' ? {} : { namespace: r.namespace });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (r.uid !== undefined && r.uid !== '' && template.metadata.uid !== r.uid) return;
    let aggregated: KubeObject;
    try {
      aggregated = await this.interpreter.aggregateStatus(template, items);
    } catch (err) {
      this.recorder.event(template, 'Warning', REASON_AGGREGATE_STATUS_FAILED, `Failed to aggregate status: ${errorMessage(err)}`);
      throw err;
    }
    if (deepEqual(template['status'], aggregated['status'])) return;
    try {
      await this.client.updateStatus(type, { ...template, status: aggregated['status'] });
      this.recorder.event(template, 'Normal', REASON_AGGREGATE_STATUS_SUCCEED, 'Update Resource with AggregatedStatus successfully.');
    } catch (err) {
      if (isNotFound(err)) return;
      this.recorder.event(template, 'Warning', REASON_AGGREGATE_STATUS_FAILED, `Failed to update resource status: ${errorMessage(err)}`);
      throw err;
    }
  }
}
