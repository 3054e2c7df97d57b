/**
 * Native InterpretDependency (`default/native/dependencies.go`): the ConfigMaps, Secrets,
 * ServiceAccount and PVCs a workload's pod template uses, and an Ingress's TLS Secrets.
 */
import type { KubeObject } from '../../api/object.js';
import type { DependentObjectReference } from '../../api/config/dependent-object-reference.js';
import { podSpecDependencies } from '../kube/pod-dependencies.js';
import { getArray, getObject, getString } from '../kube/json-path.js';

/** Returns the objects `object` depends on. */
export type DependenciesHandler = (object: KubeObject) => DependentObjectReference[];

function templateDependencies(...templatePath: string[]): DependenciesHandler {
  return (object) => podSpecDependencies(getObject(object, ...templatePath, 'spec') ?? {}, object.metadata.namespace ?? '');
}

const statefulSetDependencies: DependenciesHandler = (object) => {
  // Claims made from volumeClaimTemplates are created per pod by the member, not propagated.
  const claimTemplates = new Set(getArray(object, 'spec', 'volumeClaimTemplates').map((t) => getString(t, 'metadata', 'name')));
  return templateDependencies('spec', 'template')(object).filter(
    (ref) => ref.kind !== 'PersistentVolumeClaim' || !claimTemplates.has(ref.name),
  );
};

const ingressDependencies: DependenciesHandler = (object) => {
  const names = new Set<string>();
  for (const tls of getArray(object, 'spec', 'tls')) {
    const name = getString(tls, 'secretName');
    if (name) names.add(name);
  }
  return [...names].sort().map((name) => ({ apiVersion: 'v1', kind: 'Secret', namespace: object.metadata.namespace ?? '', name }));
};

/** InterpretDependency handlers by `apiVersion, Kind=kind`. */
export const DEPENDENCIES_HANDLERS: ReadonlyMap<string, DependenciesHandler> = new Map([
  ['apps/v1, Kind=Deployment', templateDependencies('spec', 'template')],
  ['apps/v1, Kind=ReplicaSet', templateDependencies('spec', 'template')],
  ['apps/v1, Kind=DaemonSet', templateDependencies('spec', 'template')],
  ['apps/v1, Kind=StatefulSet', statefulSetDependencies],
  ['batch/v1, Kind=Job', templateDependencies('spec', 'template')],
  ['batch/v1, Kind=CronJob', templateDependencies('spec', 'jobTemplate', 'spec', 'template')],
  ['v1, Kind=Pod', (object) => podSpecDependencies(getObject(object, 'spec') ?? {}, object.metadata.namespace ?? '')],
  ['networking.k8s.io/v1, Kind=Ingress', ingressDependencies],
]);
