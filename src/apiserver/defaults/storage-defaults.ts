/** Storage defaulting: PVCs, PVs (core/v1) and StorageClasses (storage/v1). Mutates in place. */
import { isPlainObject } from '../../api/object.js';
import { setDefault } from './pod-defaults.js';

type Json = Record<string, unknown>;

function child(parent: Json, key: string): Json {
  const v = parent[key];
  if (isPlainObject(v)) {
    return v;
  }
  const created: Json = {};
  parent[key] = created;
  return created;
}

/** PVC: spec.volumeMode Filesystem, status.phase Pending. */
export function applyPersistentVolumeClaimDefaults(object: Json): void {
  setDefault(child(object, 'spec'), 'volumeMode', 'Filesystem');
  setDefault(child(object, 'status'), 'phase', 'Pending');
}

/** PV: reclaim policy Retain, volumeMode Filesystem, status.phase Pending. */
export function applyPersistentVolumeDefaults(object: Json): void {
  const spec = child(object, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  setDefault(child(object, 'status'), 'phase', 'Pending');
}

/** StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function applyStorageClassDefaults(object: Json): void {
  setDefault(object, 'reclaimPolicy', 'Delete');
  setDefault(object, 'volumeBindingMode', 'Immediate');
}
