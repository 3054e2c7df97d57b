/**
 * commandOverrider and argsOverrider: add values to, or remove values from, the command or
 * args of the named container in a Pod or a workload's pod template.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { CommandArgsOverrider } from '../../api/policy/override-policy.js';
import { applyJsonPatch, getAtPointer, type PatchOperation } from './json-patch.js';

const CONTAINER_PATHS: Readonly<Record<string, string>> = {
  Pod: '/spec/containers',
  ReplicaSet: '/spec/template/spec/containers',
  Deployment: '/spec/template/spec/containers',
  DaemonSet: '/spec/template/spec/containers',
  StatefulSet: '/spec/template/spec/containers',
};

/** `command` or `args`. */
export type CommandOrArgs = 'command' | 'args';

function overrideValues(current: readonly string[], overrider: CommandArgsOverrider): string[] {
  const values = overrider.value ?? [];
  if (overrider.operator === 'add') return [...current, ...values];
  if (overrider.operator === 'remove') {
    const drop = new Set(values);
    return current.filter((v) => !drop.has(v));
  }
  return [...current];
}

/** The JSON patch one overrider produces for obj. */
export function commandArgsPatches(target: CommandOrArgs, obj: KubeObject, overrider: CommandArgsOverrider): PatchOperation[] {
  const path = CONTAINER_PATHS[obj.kind ?? ''];
  if (path === undefined) return [];
  const containers = getAtPointer(obj, path);
  if (!Array.isArray(containers)) return [];
  const patches: PatchOperation[] = [];
  containers.forEach((container, index) => {
    if (!isPlainObject(container) || container['name'] !== overrider.containerName) return;
    const existing = container[target];
    const itemPath = `${path}/${index}/${target}`;
    if (existing === undefined || existing === null) {
      patches.push({ op: 'add', path: itemPath, value: overrideValues([], overrider) });
    } else {
      const current = Array.isArray(existing) ? existing.map((v) => String(v)) : [];
      patches.push({ op: 'replace', path: itemPath, value: overrideValues(current, overrider) });
    }
  });
  return patches;
}

/** Applies command (or args) overriders in order. */
export function applyCommandArgsOverriders(target: CommandOrArgs, obj: KubeObject, overriders: readonly CommandArgsOverrider[] | undefined): KubeObject {
  let current = obj;
  for (const overrider of overriders ?? []) {
    current = applyJsonPatch(current, commandArgsPatches(target, current, overrider));
  }
  return current;
}
