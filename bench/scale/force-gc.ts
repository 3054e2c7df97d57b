/**
 * A full garbage collection on demand, without starting node with --expose-gc, so that memory
 * figures can be reported for the live set as well as for the heap as V8 happened to size it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Runs a full GC; false when the runtime does not allow it. */
export function forceGc(): boolean {
  try {
    if (gc === undefined) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    return true;
  } catch {
    return false;
  }
}
