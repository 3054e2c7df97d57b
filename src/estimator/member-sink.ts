/**
 * Sinks that feed a MemberCapacity from a member's Node and Pod watches, extracting only the
 * fields the estimate needs.
 */
import type { KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import type { MemberCapacity } from './member-capacity.js';
import { nodeSnapshot } from './node-fit.js';
import { podRequest, type PodRequestInterner } from './pod-requests.js';
import type { ReflectorSink } from './slim-reflector.js';

/** Feeds nodes into `capacity`. */
export function nodeSink(capacity: MemberCapacity): ReflectorSink {
  return {
    reset: () => capacity.clearNodes(),
    upsert: (obj) => capacity.setNode(nodeSnapshot(obj)),
    remove: (obj) => capacity.deleteNode(obj.metadata.name ?? ''),
  };
}

function podKey(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** Feeds bound, non-terminated pods into `capacity` (requests interned in `interner`). */
export function podSink(capacity: MemberCapacity, interner: PodRequestInterner): ReflectorSink {
  return {
    reset: () => capacity.clearPods(),
    upsert: (obj) => {
      const spec = isPlainObject(obj['spec']) ? obj['spec'] : undefined;
      const status = isPlainObject(obj['status']) ? obj['status'] : undefined;
      const node = spec?.['nodeName'];
      const phase = status?.['phase'];
      if (typeof node !== 'string' || node === '' || phase === 'Succeeded' || phase === 'Failed') {
        capacity.deletePod(podKey(obj));
        return;
      }
      capacity.setPod(podKey(obj), { node, request: interner.intern(podRequest(spec)) });
    },
    remove: (obj) => capacity.deletePod(podKey(obj)),
  };
}
