/**
 * The ConfigMaps, Secrets, ServiceAccount and PersistentVolumeClaims a pod template refers to,
 * as Karmada's `helper.GetDependenciesFromPodTemplate` lists them.
 */
import type { DependentObjectReference } from '../../api/config/dependent-object-reference.js';
import { getArray, getObject, getString } from './json-path.js';

/** Volume sources whose secret is named by `secretRef.name`. */
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'rbd', 'scaleIO', 'iscsi', 'storageos'] as const;

/**
 * The dependencies of a pod spec, in `namespace`: ConfigMaps, then Secrets, then the
 * ServiceAccount, then PVCs, each kind sorted by name (Karmada's order within a kind is random).
 */
export function podSpecDependencies(spec: unknown, namespace: string): DependentObjectReference[] {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const pvcs = new Set<string>();

  for (const ref of getArray(spec, 'imagePullSecrets')) add(secrets, getString(ref, 'name'));
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of getArray(spec, field)) {
      for (const env of getArray(container, 'env')) {
        add(configMaps, getString(env, 'valueFrom', 'configMapKeyRef', 'name'));
        add(secrets, getString(env, 'valueFrom', 'secretKeyRef', 'name'));
      }
      for (const envFrom of getArray(container, 'envFrom')) {
        add(configMaps, getString(envFrom, 'configMapRef', 'name'));
        add(secrets, getString(envFrom, 'secretRef', 'name'));
      }
    }
  }
  for (const volume of getArray(spec, 'volumes')) {
    add(configMaps, getString(volume, 'configMap', 'name'));
    add(secrets, getString(volume, 'secret', 'secretName'));
    add(secrets, getString(volume, 'azureFile', 'secretName'));
    add(secrets, getString(volume, 'csi', 'nodePublishSecretRef', 'name'));
    for (const source of SECRET_REF_VOLUMES) add(secrets, getString(volume, source, 'secretRef', 'name'));
    for (const projected of getArray(volume, 'projected', 'sources')) {
      add(configMaps, getString(projected, 'configMap', 'name'));
      add(secrets, getString(projected, 'secret', 'name'));
    }
    add(pvcs, getString(volume, 'persistentVolumeClaim', 'claimName'));
  }

  const refs: DependentObjectReference[] = [];
  const push = (kind: string, names: Iterable<string>): void => {
    for (const name of [...names].sort()) refs.push({ apiVersion: 'v1', kind, namespace, name });
  };
  push('ConfigMap', configMaps);
  push('Secret', secrets);
  const serviceAccount = getString(spec, 'serviceAccountName');
  if (serviceAccount && serviceAccount !== 'default') push('ServiceAccount', [serviceAccount]);
  push('PersistentVolumeClaim', pvcs);
  return refs;
}

/** The dependencies of a pod template (`{metadata, spec}`) placed in `namespace`. */
export function podTemplateDependencies(podTemplate: unknown, namespace: string): DependentObjectReference[] {
  return podSpecDependencies(getObject(podTemplate, 'spec') ?? {}, namespace);
}

function add(set: Set<string>, name: string | undefined): void {
  if (name) set.add(name);
}
