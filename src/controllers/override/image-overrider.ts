/**
 * imageOverrider: rewrites the registry, repository or tag of container images, either at a
 * predicate path or in every container of the pod template of a known workload kind.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ImageOverrider } from '../../api/policy/override-policy.js';
import { applyJsonPatch, getAtPointer, type PatchOperation } from './json-patch.js';
import { formatImage, parseImage, setTagOrDigest, tagOrDigest } from './image-reference.js';

/** Where the pod spec sits, per kind (Karmada auto-detects images only for these). */
const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  Pod: '/spec',
  ReplicaSet: '/spec/template/spec',
  Deployment: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  Job: '/spec/template/spec',
};

/** The image after applying one overrider. */
export function overrideImage(current: string, overrider: ImageOverrider): string {
  const c = parseImage(current);
  const value = overrider.value ?? '';
  switch (overrider.component) {
    case 'Registry':
      if (overrider.operator === 'add') c.hostname = c.hostname + value;
      else if (overrider.operator === 'replace') c.hostname = value;
      else c.hostname = '';
      break;
    case 'Repository':
      if (overrider.operator === 'add') c.repository = c.repository + value;
      else if (overrider.operator === 'replace') c.repository = value;
      else c.repository = '';
      break;
    case 'Tag':
      if (overrider.operator === 'add') setTagOrDigest(c, tagOrDigest(c) + value);
      else if (overrider.operator === 'replace') setTagOrDigest(c, value);
      else if (c.tag !== '') c.tag = '';
      else c.digest = '';
      break;
    default:
      throw new Error(`unsupported image component(${String(overrider.component)})`);
  }
  return formatImage(c);
}

/** The JSON patch an image overrider produces for obj. */
export function imagePatches(obj: KubeObject, overrider: ImageOverrider): PatchOperation[] {
  if (overrider.predicate !== undefined && overrider.predicate !== null) {
    const path = overrider.predicate.path;
    if (!path.startsWith('/')) throw new Error('imagePath should be start with / character');
    const image = getAtPointer(obj, path);
    if (typeof image !== 'string') {
      throw new Error(`failed to obtain imageValue with predicate path(${path}), error: failed to convert path to string`);
    }
    return [{ op: 'replace', path, value: overrideImage(image, overrider) }];
  }
  const prefix = POD_SPEC_PATHS[obj.kind ?? ''];
  if (prefix === undefined) return [];
  const containers = getAtPointer(obj, `${prefix}/containers`);
  if (!Array.isArray(containers)) return [];
  const patches: PatchOperation[] = [];
  containers.forEach((container, index) => {
    const image = isPlainObject(container) ? container['image'] : undefined;
    patches.push({ op: 'replace', path: `${prefix}/containers/${index}/image`, value: overrideImage(typeof image === 'string' ? image : '', overrider) });
  });
  return patches;
}

/** Applies image overriders in order. */
export function applyImageOverriders(obj: KubeObject, overriders: readonly ImageOverrider[] | undefined): KubeObject {
  let current = obj;
  for (const overrider of overriders ?? []) {
    current = applyJsonPatch(current, imagePatches(current, overrider));
  }
  return current;
}
