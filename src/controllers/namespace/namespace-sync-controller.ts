/**
 * The namespace sync controller (`pkg/controllers/namespace`): every namespace created on the
 * control plane is propagated to every member (a Work per cluster, ClusterOverridePolicies
 * applied), unless it is reserved (`kube-*`, `karmada-*`), `default`, or labelled
 * `namespace.karmada.io/skip-auto-propagation=true`. New clusters get every namespace. When the
 * namespace goes, its Works go (Karmada relies on ownerReferences; we have no garbage collector).
 */
import type { Registry } from 'prom-client';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { ClusterOverridePolicy } from '../../api/policy/override-policy.js';
import type { Work } from '../../api/work/work.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import type { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import { appliedOverridesJson } from '../override/applied-overrides.js';
import { applyOverridePolicies } from '../override/override-manager.js';
import { Controller, type Runnable } from '../runtime/controller.js';
import { CLUSTER_REF, COP_REF, NAMESPACE_REF, WORK_REF } from '../shared/binding-types.js';
import { executionSpaceName, generateWorkName, isReservedNamespace } from '../shared/names.js';
import { deepEqual, errorMessage } from '../shared/object-util.js';
import { APPLIED_CLUSTER_OVERRIDES_ANNOTATION, NAMESPACE_SKIP_AUTO_PROPAGATION_LABEL } from '../shared/well-known.js';
import { createOrUpdateWork } from '../binding/work-writer.js';

/** Options of the namespace sync controller. */
export interface NamespaceSyncControllerOptions {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly registry?: Registry;
}

/** True when the namespace is propagated to members. */
export function shouldPropagateNamespace(ns: KubeObject): boolean {
  const name = ns.metadata.name ?? '';
  if (name === 'default' || isReservedNamespace(name) || name.startsWith('karmada-')) return false;
  return (ns.metadata.labels?.[NAMESPACE_SKIP_AUTO_PROPAGATION_LABEL] ?? '').toLowerCase() !== 'true';
}

/** The namespace sync controller's Runnable. */
export class NamespaceSyncController implements Runnable {
  readonly controller: Controller;
  private readonly client: KubeClient;
  private readonly namespaces: Informer;
  private readonly clusters: Informer<Cluster>;
  private readonly cops: Informer<ClusterOverridePolicy>;
  private readonly works: Informer<Work>;

  constructor(options: NamespaceSyncControllerOptions) {
    this.client = options.client;
    this.namespaces = options.informers.informerFor(NAMESPACE_REF);
    this.clusters = options.informers.informerFor<Cluster>(CLUSTER_REF);
    this.cops = options.informers.informerFor<ClusterOverridePolicy>(COP_REF);
    this.works = options.informers.informerFor<Work>(WORK_REF);
    const all = (): string[] => this.namespaces.cache.keys();
    this.controller = new Controller({
      name: 'namespace',
      reconciler: { reconcile: (key) => this.reconcile(key) },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    })
      .watch(this.namespaces, {
        map: (e) => (e.type === 'update' && deepEqual(e.oldObject?.metadata.labels, e.object.metadata.labels) && e.oldObject?.metadata.deletionTimestamp === e.object.metadata.deletionTimestamp ? [] : [e.object.metadata.name ?? '']),
      })
      .watch(this.clusters, { map: (e) => (e.type === 'add' || (e.type === 'update' && !deepEqual(e.oldObject?.metadata.labels, e.object.metadata.labels)) ? all() : []) })
      .watch(this.cops, { map: () => all() })
      .watch(this.works, { map: (e) => (e.type === 'delete' && e.object.spec.workload?.manifests?.[0]?.kind === 'Namespace' ? [e.object.spec.workload.manifests[0].metadata.name ?? ''] : []) });
  }

  start(signal: AbortSignal): Promise<void> {
    return this.controller.start(signal);
  }

  private async reconcile(name: string): Promise<void> {
    const ns = this.namespaces.cache.getByName(undefined, name);
    if (ns === undefined || ns.metadata.deletionTimestamp !== undefined) {
      await this.deleteWorks(name);
      return;
    }
    if (!shouldPropagateNamespace(ns)) return;
    const errors: string[] = [];
    for (const cluster of this.clusters.cache.list()) {
      if (cluster.metadata.deletionTimestamp !== undefined) continue;
      const clusterName = cluster.metadata.name ?? '';
      try {
        const manifest: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: structuredClone(ns.metadata) };
        const overridden = applyOverridePolicies(manifest, cluster, this.cops.cache.list(), []);
        const annotations: Record<string, string> = {};
        const cops = appliedOverridesJson(overridden.appliedClusterOverrides);
        if (cops !== undefined) annotations[APPLIED_CLUSTER_OVERRIDES_ANNOTATION] = cops;
        const workNamespace = executionSpaceName(clusterName);
        const workName = generateWorkName('Namespace', name, '');
        await createOrUpdateWork(
          this.client,
          { cluster: clusterName, namespace: workNamespace, name: workName, labels: {}, annotations, suspendDispatching: false, preserveResourcesOnDeletion: false, manifest: overridden.object },
          this.works.cache.getByName(workNamespace, workName),
        );
      } catch (err) {
        errors.push(`cluster ${clusterName}: ${errorMessage(err)}`);
      }
    }
    if (errors.length > 0) throw new Error(`sync namespace ${name}: ${errors.join('; ')}`);
  }

  private async deleteWorks(name: string): Promise<void> {
    const workName = generateWorkName('Namespace', name, '');
    for (const cluster of this.clusters.cache.list()) {
      const workNamespace = executionSpaceName(cluster.metadata.name ?? '');
      const work = this.works.cache.getByName(workNamespace, workName);
      if (work === undefined || work.spec.workload?.manifests?.[0]?.kind !== 'Namespace') continue;
      try {
        await this.client.delete(WORK_REF, workName, { namespace: workNamespace });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
