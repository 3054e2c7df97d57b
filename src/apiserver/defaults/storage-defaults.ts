/** Storage defaulting: PVCs, PVs (core/v1) and StorageClasses (storage/v1). Mutates in place. */
import { child, type Json } from './json-tree.js';
import { setDefault } from './pod-defaults.js';

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
