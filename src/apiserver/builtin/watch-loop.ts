import type { KubeObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { ObjectRegistry, WatchEventType } from '../registry/object-registry.js';

/**
 * Runs `onEvent` for every current object (as ADDED) and every later change of a resource,
 * in-process; restarts from a fresh list after errors (e.g. 410 Gone) until the signal aborts.
 */
export async function runWatchLoop(
  registry: ObjectRegistry,
  info: ResourceInfo,
  signal: AbortSignal,
  onEvent: (type: WatchEventType, object: KubeObject) => Promise<void>,
  onError: (error: unknown) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      for await (const event of registry.watch(info, '', { signal })) {
        try {
          await onEvent(event.type, event.object);
        } catch (error) {
          onError(error);
        }
      }
    } catch (error) {
      if (!signal.aborted) {
        onError(error);
      }
    }
    if (!signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
