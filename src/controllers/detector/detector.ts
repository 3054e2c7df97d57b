/**
 * The resource detector (`pkg/detector`): watches every resource template on the control plane,
 * matches it to the PropagationPolicy (same namespace) or ClusterPropagationPolicy that claims
 * it, writes the claim on the template and creates or updates its ResourceBinding or
 * ClusterResourceBinding. Templates no policy matches wait and are matched when a policy
 * appears; deleting or narrowing a policy releases its templates (the binding stays, as in
 * Karmada, so members keep running what they run until another policy claims the template);
 * `preemption: Always` takes templates from lower-priority policies.
 *
 * There is no garbage collector on our control plane, so the detector also deletes the binding
 * of a template that is gone (what the ownerReference would do in Kubernetes).
 */
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { KubeObject } from '../../api/object.js';
import type { ClusterPropagationPolicy, PropagationPolicy } from '../../api/policy/propagation-policy.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock, sleep } from '../../client/clock.js';
import { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { objectKey } from '../../client/object-key.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { ResourceInterpreter } from '../../interpreter/interpreter.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import type { ReconcileResult } from '../runtime/reconciler.js';
import { REASON_APPLY_POLICY_FAILED, REASON_APPLY_POLICY_SUCCEED, REASON_PREEMPT_POLICY_SUCCEED } from '../shared/event-reasons.js';
import { noopEventRecorder, type EventRecorder } from '../shared/event-recorder.js';
import { generateBindingName } from '../shared/names.js';
import { deepEqual, errorMessage } from '../shared/object-util.js';
import { matchesSelectors, selectorPriority, PRIORITY_MISMATCH } from '../shared/resource-selector.js';
import {
  CPP_CONTROLLER_FINALIZER,
  CPP_PERMANENT_ID_LABEL,
  CRB_PERMANENT_ID_LABEL,
  PP_CONTROLLER_FINALIZER,
  PP_PERMANENT_ID_LABEL,
  RB_PERMANENT_ID_LABEL,
} from '../shared/well-known.js';
import { buildBinding, mergeBinding, type BindingWorkloadInfo } from './build-binding.js';
import { CPP_REF, CRB_REF, PP_REF, RB_REF, type AnyBinding } from '../shared/binding-types.js';
import { claimMetadata, claimOf, hasClaim, removeClaim, type Claim } from './claim.js';
import { canPreempt, explicitPriority, highestPriorityPolicy, type AnyPropagationPolicy } from './policy-match.js';
import type { ResourceSource } from './resource-source.js';
import { isCandidateTemplate, isWatchableResource, specificationChanged, type WatchableResource } from './template-filter.js';
import { decodeTemplateKey, encodeTemplateKey, typeKeyOf, type TemplateKey } from './template-key.js';

type PolicyKind = Claim['kind'];

/** What the detector needs. */
export interface ResourceDetectorOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly resources: ResourceSource;
  readonly interpreter: ResourceInterpreter;
  readonly recorder?: EventRecorder;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
  /** Namespaces (regular expressions) never propagated, besides the reserved ones. */
  readonly skippedNamespaces?: readonly RegExp[];
  /** Concurrent template reconciles (Karmada's default 5). */
  readonly workers?: number;
}

interface TemplateSource {
  readonly ref: ResourceRef;
  readonly informer: Informer;
  readonly removeHandler: () => void;
}

/** A binding spec with the resource's resourceVersion replaced (removed when undefined). */
function withResourceVersion(spec: AnyBinding['spec'], resourceVersion: string | undefined): AnyBinding['spec'] {
  const { resourceVersion: _dropped, ...resource } = spec.resource;
  return { ...spec, resource: resourceVersion === undefined ? resource : { ...resource, resourceVersion } };
}

/** The detector: a Runnable for the controller manager. */
export class ResourceDetector implements Runnable {
  private readonly client: KubeClient;
  private readonly interpreter: ResourceInterpreter;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly skipped: readonly RegExp[];
  private readonly sources = new Map<string, TemplateSource>();
  private readonly waiting = new Set<string>();
  /** Templates seen in an informer's initial list whose spec has not changed since (see writeBinding). */
  private readonly initialKeys = new Set<string>();
  private readonly pp: Informer<PropagationPolicy>;
  private readonly cpp: Informer<ClusterPropagationPolicy>;
  private readonly rb: Informer<AnyBinding>;
  private readonly crb: Informer<AnyBinding>;
  /** Reconciles templates. */
  readonly templates: Controller;
  /** Reconciles policies (release, re-apply, preemption). */
  readonly policies: Controller;
  private stopped = false;

  constructor(private readonly options: ResourceDetectorOptions) {
    this.client = options.client;
    this.interpreter = options.interpreter;
    this.recorder = options.recorder ?? noopEventRecorder;
    this.logger = options.logger ?? noopLogger;
    this.clock = options.clock ?? realClock;
    this.skipped = options.skippedNamespaces ?? [];
    this.pp = options.informers.informerFor<PropagationPolicy>(PP_REF);
    this.cpp = options.informers.informerFor<ClusterPropagationPolicy>(CPP_REF);
    this.rb = options.informers.informerFor<AnyBinding>(RB_REF);
    this.crb = options.informers.informerFor<AnyBinding>(CRB_REF);
    const common = {
      clock: this.clock,
      logger: this.logger,
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    };
    const none = (): string[] => [];
    const bindingToTemplate = (e: { type: string; object: AnyBinding }): string[] =>
      e.type === 'update' ? [] : [encodeTemplateKey(templateKeyOfBinding(e.object))];
    this.templates = new Controller({
      ...common,
      name: 'resource-detector',
      workers: options.workers ?? 5,
      reconciler: { reconcile: (key) => this.reconcileTemplate(key) },
    })
      .watch(this.pp, { map: none })
      .watch(this.cpp, { map: none })
      // A binding that disappears is rebuilt; one whose template is gone is collected.
      .watch(this.rb, { map: bindingToTemplate })
      .watch(this.crb, { map: bindingToTemplate });
    this.policies = new Controller({ ...common, name: 'propagation-policy-detector', reconciler: { reconcile: (key) => this.reconcilePolicy(key) } })
      .watch(this.pp, { map: (e) => [`PropagationPolicy/${objectKey(e.object)}`] })
      .watch(this.cpp, { map: (e) => [`ClusterPropagationPolicy/${e.object.metadata.name ?? ''}`] })
      .watch(this.rb, { map: none })
      .watch(this.crb, { map: none });
  }

  /** Template keys waiting for a policy (for tests and diagnostics). */
  waitingKeys(): string[] {
    return [...this.waiting];
  }

  async start(signal: AbortSignal): Promise<void> {
    const unsubscribe = this.options.resources.onChange(() => this.syncSources());
    this.syncSources();
    try {
      await Promise.all([...this.sources.values()].map((s) => s.informer.waitForSync(signal)));
      if (signal.aborted) return;
      await Promise.all([this.templates.start(signal), this.policies.start(signal)]);
    } finally {
      unsubscribe();
      this.stopped = true;
      await Promise.all([...this.sources.values()].map((s) => s.informer.stop()));
    }
  }

  /** Starts informers for new template resources and stops those of resources no longer served. */
  private syncSources(): void {
    if (this.stopped) return;
    const wanted = new Map<string, WatchableResource>();
    for (const r of this.options.resources.resources()) {
      if (isWatchableResource(r)) wanted.set(typeKeyOf(r.group === '' ? r.version : `${r.group}/${r.version}`, r.kind), r);
    }
    for (const [key, source] of this.sources) {
      if (!wanted.has(key)) {
        this.sources.delete(key);
        source.removeHandler();
        void source.informer.stop();
      }
    }
    for (const [key, r] of wanted) {
      if (this.sources.has(key)) continue;
      const ref: ResourceRef = { group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced, kind: r.kind };
      const informer = new Informer(this.client, ref, { clock: this.clock, logger: this.logger });
      const enqueue = (obj: KubeObject, initial = false): void => {
        if (!isCandidateTemplate(obj, this.skipped)) return;
        const key = encodeTemplateKey(templateKeyOf(obj, ref));
        if (initial) this.initialKeys.add(key);
        else this.initialKeys.delete(key);
        this.templates.enqueue(key);
      };
      const removeHandler = informer.addEventHandler({
        onAdd: (obj, initial) => enqueue(obj, initial),
        onUpdate: (oldObj, newObj) => {
          if (specificationChanged(oldObj, newObj)) enqueue(newObj);
        },
        onDelete: (obj) => enqueue(obj),
      });
      this.sources.set(key, { ref, informer, removeHandler });
      informer.start();
    }
  }

  private lookupTemplate(k: TemplateKey): { obj: KubeObject; ref: ResourceRef } | undefined {
    const source = this.sources.get(typeKeyOf(k.apiVersion, k.kind));
    if (source === undefined) return undefined;
    const obj = source.informer.cache.getByName(k.namespace, k.name);
    return obj === undefined ? undefined : { obj, ref: source.ref };
  }

  // ---- templates -------------------------------------------------------------------------

  private async reconcileTemplate(key: string): Promise<ReconcileResult | void> {
    const k = decodeTemplateKey(key);
    const found = this.lookupTemplate(k);
    if (found === undefined) {
      this.waiting.delete(key);
      if (this.sources.has(typeKeyOf(k.apiVersion, k.kind))) await this.collectOrphanBinding(k);
      return;
    }
    const { obj, ref } = found;
    if (obj.metadata.deletionTimestamp !== undefined || !isCandidateTemplate(obj, this.skipped)) return;
    return this.propagate(obj, ref, key);
  }

  private async propagate(obj: KubeObject, ref: ResourceRef, key: string): Promise<ReconcileResult | void> {
    const claim = claimOf(obj);
    if (claim !== undefined) {
      const policy = this.claimingPolicy(claim);
      if (policy !== undefined && matchesSelectors(obj, policy.spec.resourceSelectors)) {
        await this.applyPolicy(obj, ref, key, policy, claim.kind);
        return;
      }
      // The claiming policy is gone or no longer selects the template: release, then look again.
      await this.release(obj, ref, claim);
    }
    const namespace = obj.metadata.namespace ?? '';
    if (namespace !== '') {
      const pp = highestPriorityPolicy(this.pp.cache.listByNamespace(namespace), obj);
      if (pp !== undefined) {
        await this.applyPolicy(obj, ref, key, pp, 'PropagationPolicy');
        return;
      }
    }
    const cpp = highestPriorityPolicy(this.cpp.cache.list(), obj);
    if (cpp !== undefined) {
      await this.applyPolicy(obj, ref, key, cpp, 'ClusterPropagationPolicy');
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.recorder.event(obj, 'Warning', REASON_APPLY_POLICY_FAILED, 'No policy match for resource');
    // Look once more shortly: the template and its policy may have arrived together.
    return { requeueAfterMs: 1000 };
  }

  /** The live policy a claim names, when it still has the claimed permanent id. */
  private claimingPolicy(claim: Claim): AnyPropagationPolicy | undefined {
    const policy = claim.kind === 'PropagationPolicy' ? this.pp.cache.getByName(claim.namespace, claim.name) : this.cpp.cache.getByName(undefined, claim.name);
    if (policy === undefined || policy.metadata.deletionTimestamp !== undefined) return undefined;
    const label = claim.kind === 'PropagationPolicy' ? PP_PERMANENT_ID_LABEL : CPP_PERMANENT_ID_LABEL;
    const id = policy.metadata.labels?.[label];
    // A policy without an id yet is being set up by us; it is the one that claimed.
    return id === undefined || id === claim.id ? policy : undefined;
  }

  private async applyPolicy(
    obj: KubeObject,
    ref: ResourceRef,
    key: string,
    policy: AnyPropagationPolicy,
    kind: PolicyKind,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    this.waiting.delete(key);
    const policyName = kind === 'PropagationPolicy' ? `${policy.metadata.namespace ?? ''}/${policy.metadata.name ?? ''}` : (policy.metadata.name ?? '');
    try {
      const id = await this.ensurePolicyIdentity(policy, kind);
      await this.checkDependentOverrides(policy, kind);
      const claim: Claim =
        kind === 'PropagationPolicy'
          ? { kind, namespace: policy.metadata.namespace ?? '', name: policy.metadata.name ?? '', id }
          : { kind, name: policy.metadata.name ?? '', id };
      let template = obj;
      if (!hasClaim(obj, claim)) {
        template = await this.client.patch(ref, obj.metadata.name ?? '', { metadata: claimMetadata(claim) }, { type: 'merge', ...namespaceOf(obj) });
      }
      const info = await this.workloadInfo(template, policy);
      const result = await this.writeBinding(buildBinding(template, claim, policy.spec, info), template, claim, this.initialKeys.has(key));
      if (result !== 'unchanged') this.recorder.event(template, 'Normal', REASON_APPLY_POLICY_SUCCEED, `Apply policy(${policyName}) succeed`);
      return result;
    } catch (err) {
      this.recorder.event(obj, 'Warning', REASON_APPLY_POLICY_FAILED, `Apply policy(${policyName}) failed: ${errorMessage(err)}`);
      throw err;
    }
  }

  /** Gives a policy its permanent id and finalizer when missing (Karmada's webhook does this on create). */
  private async ensurePolicyIdentity(policy: AnyPropagationPolicy, kind: PolicyKind): Promise<string> {
    const label = kind === 'PropagationPolicy' ? PP_PERMANENT_ID_LABEL : CPP_PERMANENT_ID_LABEL;
    const finalizer = kind === 'PropagationPolicy' ? PP_CONTROLLER_FINALIZER : CPP_CONTROLLER_FINALIZER;
    const existing = policy.metadata.labels?.[label];
    const finalizers = policy.metadata.finalizers ?? [];
    if (existing !== undefined && existing !== '' && finalizers.includes(finalizer)) return existing;
    const id = existing !== undefined && existing !== '' ? existing : randomUUID();
    await this.client.patch(
      kind === 'PropagationPolicy' ? PP_REF : CPP_REF,
      policy.metadata.name ?? '',
      {
        metadata: {
          resourceVersion: policy.metadata.resourceVersion,
          labels: { [label]: id },
          finalizers: finalizers.includes(finalizer) ? finalizers : [...finalizers, finalizer],
        },
      },
      { type: 'merge', ...namespaceOf(policy) },
    );
    return id;
  }

  private async checkDependentOverrides(policy: AnyPropagationPolicy, kind: PolicyKind): Promise<void> {
    for (const name of policy.spec.dependentOverrides ?? []) {
      const target =
        kind === 'PropagationPolicy'
          ? { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy' }
          : { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy' };
      try {
        await this.client.get(target, name, namespaceOf(policy));
      } catch (err) {
        if (isNotFound(err)) throw new Error(`waiting for dependent overrides: ${name} is not present`);
        throw err;
      }
    }
  }

  private async workloadInfo(template: KubeObject, policy: AnyPropagationPolicy): Promise<BindingWorkloadInfo> {
    const info: { replicas?: number; replicaRequirements?: BindingWorkloadInfo['replicaRequirements']; schedulePriority?: number } = {};
    const type = { apiVersion: template.apiVersion ?? '', kind: template.kind ?? '' };
    if (this.interpreter.hookEnabled(type, 'InterpretReplica')) {
      const r = await this.interpreter.getReplicas(template);
      info.replicas = r.replicas;
      if (r.requirements !== undefined) info.replicaRequirements = r.requirements;
    }
    const sp = policy.spec.schedulePriority;
    if (sp !== undefined && (sp.priorityClassSource ?? 'KubePriorityClass') === 'KubePriorityClass' && sp.priorityClassName !== '') {
      try {
        const pc = await this.client.get({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' }, sp.priorityClassName);
        if (typeof pc['value'] === 'number') info.schedulePriority = pc['value'];
      } catch (err) {
        this.logger.warn({ err, priorityClass: sp.priorityClassName }, 'detector: priority class not found');
      }
    }
    return info;
  }

  /** Creates or updates the binding; removes a stale one left by an earlier template of the same name. */
  /**
   * `initial`: the template's spec has not changed since the informer's initial list (a restart).
   * Its resourceVersion then differs from the binding's whenever its status was
   * updated since (the detector does not follow status changes), and rewriting the binding for
   * that alone bumps its generation and makes the scheduler and binding controller redo their
   * work for every binding; the binding controller renders from the live template on its own
   * initial pass anyway.
   */
  private async writeBinding(desired: AnyBinding, template: KubeObject, claim: Claim, initial = false): Promise<'created' | 'updated' | 'unchanged'> {
    const ref = desired.kind === 'ClusterResourceBinding' ? CRB_REF : RB_REF;
    const idLabel = desired.kind === 'ClusterResourceBinding' ? CRB_PERMANENT_ID_LABEL : RB_PERMANENT_ID_LABEL;
    const name = desired.metadata.name ?? '';
    const ns = namespaceOf(desired);
    let existing: AnyBinding;
    try {
      existing = await this.client.get<AnyBinding>(ref, name, ns);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      desired.metadata.labels = { ...(desired.metadata.labels ?? {}), [idLabel]: randomUUID() };
      await this.client.create(ref, desired, ns);
      return 'created';
    }
    if (existing.metadata.deletionTimestamp !== undefined) {
      throw new Error(`binding ${name} is being deleted; will retry`);
    }
    const owner = existing.metadata.ownerReferences?.find((o) => o.controller === true);
    if (owner !== undefined && owner.uid !== template.metadata.uid) {
      // Left over from an earlier template with the same name (Kubernetes' GC would remove it).
      await this.client.delete(ref, name, { ...ns, preconditions: { uid: existing.metadata.uid ?? '' } });
      throw new Error(`removed binding ${name} of an earlier ${template.kind ?? ''} with the same name; will retry`);
    }
    const merged = mergeBinding(existing, desired, claim);
    if (merged.metadata.labels?.[idLabel] === undefined) merged.metadata.labels = { ...(merged.metadata.labels ?? {}), [idLabel]: randomUUID() };
    if (deepEqual(merged.metadata, existing.metadata) && deepEqual(merged.spec, existing.spec)) return 'unchanged';
    if (
      initial &&
      deepEqual(merged.metadata, existing.metadata) &&
      deepEqual(withResourceVersion(merged.spec, existing.spec.resource.resourceVersion), existing.spec)
    ) {
      return 'unchanged';
    }
    await this.client.update(ref, merged, ns);
    return 'updated';
  }

  /** Deletes the binding of a template that no longer exists. */
  private async collectOrphanBinding(k: TemplateKey): Promise<void> {
    const name = generateBindingName(k.kind, k.name);
    const cache = k.namespace === '' ? this.crb.cache : this.rb.cache;
    const binding = cache.getByName(k.namespace, name);
    if (binding === undefined || binding.metadata.deletionTimestamp !== undefined) return;
    const r = binding.spec.resource;
    if (r.kind !== k.kind || r.name !== k.name || (r.namespace ?? '') !== k.namespace) return;
    // Make sure the template is really gone (the informer may lag behind a re-creation).
    const source = this.sources.get(typeKeyOf(k.apiVersion, k.kind));
    if (source !== undefined) {
      try {
        const live = await this.client.get(source.ref, k.name, k.namespace === '' ? {} : { namespace: k.namespace });
        if (live.metadata.uid === r.uid || r.uid === undefined) return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    try {
      await this.client.delete(k.namespace === '' ? CRB_REF : RB_REF, name, {
        ...(k.namespace === '' ? {} : { namespace: k.namespace }),
        preconditions: { uid: binding.metadata.uid ?? '' },
      });
      this.logger.info({ binding: objectKey(binding) }, 'detector: deleted the binding of a removed template');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Removes a claim from the template and its binding (only when they still carry that claim). */
  private async release(obj: KubeObject, ref: ResourceRef, claim: Claim): Promise<void> {
    const current = claimOf(obj);
    if (current !== undefined && current.kind === claim.kind && current.id === claim.id) {
      const nulls = Object.fromEntries(Object.keys(claimMetadata(claim).labels).map((k) => [k, null]));
      const nullAnnotations = Object.fromEntries(Object.keys(claimMetadata(claim).annotations).map((k) => [k, null]));
      try {
        await this.client.patch(
          ref,
          obj.metadata.name ?? '',
          { metadata: { labels: nulls, annotations: nullAnnotations } },
          { type: 'merge', ...namespaceOf(obj) },
        );
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const namespace = obj.metadata.namespace ?? '';
    const bindingName = generateBindingName(obj.kind ?? '', obj.metadata.name ?? '');
    const binding = (namespace === '' ? this.crb : this.rb).cache.getByName(namespace, bindingName);
    if (binding !== undefined) await this.releaseBinding(binding, claim);
  }

  private async releaseBinding(binding: AnyBinding, claim: Claim): Promise<void> {
    const current = claimOf(binding);
    if (current === undefined || current.kind !== claim.kind || current.id !== claim.id) return;
    const copy = structuredClone(binding) as AnyBinding;
    if (!removeClaim(copy, claim.kind)) return;
    try {
      await this.client.update((binding.metadata.namespace ?? '') === '' ? CRB_REF : RB_REF, copy, namespaceOf(binding));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  // ---- policies --------------------------------------------------------------------------

  private async reconcilePolicy(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const kind = key.slice(0, slash) as PolicyKind;
    const rest = key.slice(slash + 1);
    const policy: AnyPropagationPolicy | undefined = kind === 'PropagationPolicy' ? this.pp.cache.get(rest) : this.cpp.cache.getByName(undefined, rest);
    if (policy === undefined) {
      await this.releaseAll(kind, rest, undefined);
      return;
    }
    const idLabel = kind === 'PropagationPolicy' ? PP_PERMANENT_ID_LABEL : CPP_PERMANENT_ID_LABEL;
    if (policy.metadata.deletionTimestamp !== undefined) {
      await this.releaseAll(kind, rest, policy.metadata.labels?.[idLabel]);
      await this.removePolicyFinalizer(policy, kind);
      return;
    }
    const id = await this.ensurePolicyIdentity(policy, kind);
    // Templates this policy claims: re-apply (placement may have changed) or release when no longer selected.
    for (const binding of this.bindingsClaimedBy(kind, id)) {
      const tk = templateKeyOfBinding(binding);
      const found = this.lookupTemplate(tk);
      if (found === undefined) continue;
      if (!matchesSelectors(found.obj, policy.spec.resourceSelectors)) {
        await this.release(found.obj, found.ref, claimOf(found.obj) ?? claimFromBinding(binding, kind, id));
        this.templates.enqueue(encodeTemplateKey(tk));
      } else if (policy.spec.activationPreference !== 'Lazy') {
        this.templates.enqueue(encodeTemplateKey(tk));
      }
    }
    for (const waitingKey of this.waiting) {
      const found = this.lookupTemplate(decodeTemplateKey(waitingKey));
      if (found !== undefined && matchesSelectors(found.obj, policy.spec.resourceSelectors)) this.templates.enqueue(waitingKey);
    }
    if (policy.spec.preemption === 'Always') await this.preempt(policy, kind, id);
  }

  private bindingsClaimedBy(kind: PolicyKind, id: string): AnyBinding[] {
    const label = kind === 'PropagationPolicy' ? PP_PERMANENT_ID_LABEL : CPP_PERMANENT_ID_LABEL;
    return [...this.rb.cache.listByLabel(label, id), ...this.crb.cache.listByLabel(label, id)];
  }

  /** Releases every template and binding claimed by a deleted policy (by id, or by name when the id is unknown). */
  private async releaseAll(kind: PolicyKind, key: string, id: string | undefined): Promise<void> {
    const bindings = [...this.rb.cache.list(), ...this.crb.cache.list()].filter((b) => {
      const claim = claimOf(b);
      if (claim === undefined || claim.kind !== kind) return false;
      if (id !== undefined) return claim.id === id;
      return claim.kind === 'PropagationPolicy' ? `${claim.namespace}/${claim.name}` === key : claim.name === key;
    });
    for (const binding of bindings) {
      const claim = claimOf(binding);
      if (claim === undefined) continue;
      const tk = templateKeyOfBinding(binding);
      const found = this.lookupTemplate(tk);
      if (found !== undefined) await this.release(found.obj, found.ref, claim);
      else await this.releaseBinding(binding, claim);
      this.templates.enqueue(encodeTemplateKey(tk));
    }
    // Templates claimed by the policy whose binding is missing.
    for (const source of this.sources.values()) {
      for (const obj of source.informer.cache.list()) {
        const claim = claimOf(obj);
        if (claim === undefined || claim.kind !== kind) continue;
        const same = id !== undefined ? claim.id === id : (claim.kind === 'PropagationPolicy' ? `${claim.namespace}/${claim.name}` : claim.name) === key;
        if (same && this.claimingPolicy(claim) === undefined) this.templates.enqueue(encodeTemplateKey(templateKeyOf(obj, source.ref)));
      }
    }
  }

  private async removePolicyFinalizer(policy: AnyPropagationPolicy, kind: PolicyKind): Promise<void> {
    const finalizer = kind === 'PropagationPolicy' ? PP_CONTROLLER_FINALIZER : CPP_CONTROLLER_FINALIZER;
    const finalizers = policy.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    try {
      await this.client.patch(
        kind === 'PropagationPolicy' ? PP_REF : CPP_REF,
        policy.metadata.name ?? '',
        { metadata: { resourceVersion: policy.metadata.resourceVersion, finalizers: finalizers.filter((f) => f !== finalizer) } },
        { type: 'merge', ...namespaceOf(policy) },
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Takes templates selected by policy from lower-priority claimers. */
  private async preempt(policy: AnyPropagationPolicy, kind: PolicyKind, id: string): Promise<void> {
    const preemptor = { kind, priority: explicitPriority(policy) };
    for (const selector of policy.spec.resourceSelectors) {
      const source = this.sources.get(typeKeyOf(selector.apiVersion, selector.kind));
      if (source === undefined) continue;
      const namespace = kind === 'PropagationPolicy' ? (policy.metadata.namespace ?? '') : (selector.namespace ?? '');
      const candidates = namespace === '' ? source.informer.cache.list() : source.informer.cache.listByNamespace(namespace);
      for (const obj of candidates) {
        if (obj.metadata.deletionTimestamp !== undefined || !isCandidateTemplate(obj, this.skipped)) continue;
        if (selectorPriority(obj, selector) === PRIORITY_MISMATCH) continue;
        const claim = claimOf(obj);
        if (claim === undefined || (claim.kind === kind && claim.id === id)) continue;
        const claimer = this.claimingPolicy(claim);
        if (claimer === undefined) continue;
        if (!canPreempt(preemptor, { kind: claim.kind, priority: explicitPriority(claimer) })) continue;
        const key = encodeTemplateKey(templateKeyOf(obj, source.ref));
        await this.applyPolicy(obj, source.ref, key, policy, kind);
        const from = claim.kind === 'PropagationPolicy' ? `${claim.namespace}/${claim.name}` : claim.name;
        const to = kind === 'PropagationPolicy' ? `${policy.metadata.namespace ?? ''}/${policy.metadata.name ?? ''}` : (policy.metadata.name ?? '');
        this.recorder.event(obj, 'Normal', REASON_PREEMPT_POLICY_SUCCEED, `Propagation policy(${to}) preempted from propagation policy(${from}) successfully`);
      }
    }
  }

  /** Waits for the detector's informers (tests). */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted && [...this.sources.values()].some((s) => !s.informer.hasSynced())) {
      await sleep(this.clock, 10, signal);
    }
  }
}

function namespaceOf(obj: Pick<KubeObject, 'metadata'>): { namespace?: string } {
  const ns = obj.metadata.namespace;
  return ns === undefined || ns === '' ? {} : { namespace: ns };
}

function templateKeyOf(obj: KubeObject, ref: ResourceRef): TemplateKey {
  return {
    apiVersion: ref.group === '' ? ref.version : `${ref.group}/${ref.version}`,
    kind: ref.kind ?? obj.kind ?? '',
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
  };
}

function templateKeyOfBinding(binding: AnyBinding): TemplateKey {
  const r = binding.spec.resource;
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace ?? '', name: r.name };
}

function claimFromBinding(binding: AnyBinding, kind: PolicyKind, id: string): Claim {
  return claimOf(binding) ?? (kind === 'PropagationPolicy' ? { kind, namespace: '', name: '', id } : { kind, name: '', id });
}
