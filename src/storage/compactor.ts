/**
 * Periodic compaction, as kube-apiserver does it (--etcd-compaction-interval): at each
 * tick, compact to the revision seen at the previous tick, so watchers and paginated
 * lists always have between one and two intervals of history to resume from.
 */
import type { Store } from './storage.js';

/** How often to compact, and where failures go. */
export interface CompactorOptions {
  /** Time between compactions (default 5 minutes, kube-apiserver's default). */
  readonly intervalMs?: number;
  /** Called when a compaction fails (the compactor keeps going). */
  readonly onError?: (error: unknown) => void;
}

/** A running compactor. */
export interface Compactor {
  /** Runs one tick now (tests); resolves when it is done. */
  tick(): Promise<void>;
  stop(): void;
}

/** Starts compacting store every interval; stop() before closing the store. */
export function startCompactor(store: Store, options: CompactorOptions = {}): Compactor {
  let previous: number | undefined;
  let running: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    running ??= (async () => {
      try {
        const current = await store.currentRevision();
        if (previous !== undefined) await store.compact(previous);
        previous = current;
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 5 * 60_000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
