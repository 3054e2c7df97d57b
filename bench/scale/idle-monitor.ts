/**
 * "Idle" after a (re)start, defined so it can be checked from outside the controllers:
 * the propagation pipeline's work queues are empty (`workqueue_depth` 0), no reconcile is
 * running (`controller_runtime_active_workers` 0), no key was added since the last look
 * (`workqueue_adds_total` unchanged), and no write was seen on ResourceBindings, Works,
 * templates or their ConfigMaps in the control plane or on the Deployments and ConfigMaps in
 * the members — all of that for `quietMs` without interruption, after the controllers have
 * taken their first key. The idle moment is the last activity before that quiet window.
 *
 * Queues of the cluster lifecycle controllers are left out: they requeue every cluster every
 * status period by design (Karmada's too), so they are never empty for long. The scheduler has
 * no work-queue metrics; it shows up through its writes to ResourceBindings.
 */
import type { Registry } from 'prom-client';
import type { WriteLog } from './tracker.js';

export interface IdleOptions {
  readonly quietMs: number;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Queues (by name) not considered; default the cluster lifecycle ones. */
  readonly exclude?: RegExp;
}

export interface IdleResult {
  readonly idle: boolean;
  /** From `begin` to the last activity before the quiet window (ms). */
  readonly idleAfterMs: number;
  /** Largest summed queue depth seen. */
  readonly maxDepth: number;
  /** Keys added per queue since the monitor started. */
  readonly addsByQueue: Record<string, number>;
  /** Writes seen by resource since the monitor started. */
  readonly writes: Record<string, number>;
  /** What was last active. */
  readonly lastActivity: string;
}

export const DEFAULT_EXCLUDED_QUEUES = /cluster/i;

interface Sample {
  readonly depth: number;
  readonly active: number;
  readonly adds: Map<string, number>;
}

async function sample(registry: Registry, exclude: RegExp): Promise<Sample> {
  const values = async (name: string): Promise<{ labels: Record<string, string | number>; value: number }[]> => {
    const metric = registry.getSingleMetric(name);
    if (metric === undefined) return [];
    const got = await metric.get();
    return got.values as { labels: Record<string, string | number>; value: number }[];
  };
  const included = (v: { labels: Record<string, string | number> }): boolean => !exclude.test(String(v.labels['name'] ?? v.labels['controller'] ?? ''));
  const depth = (await values('workqueue_depth')).filter(included).reduce((s, v) => s + v.value, 0);
  const active = (await values('controller_runtime_active_workers')).filter(included).reduce((s, v) => s + v.value, 0);
  const adds = new Map<string, number>();
  for (const v of (await values('workqueue_adds_total')).filter(included)) adds.set(String(v.labels['name'] ?? ''), v.value);
  return { depth, active, adds };
}

/** Waits for idle as defined above; `registry` is read afresh each poll (it changes on restart). */
export async function waitForIdle(registry: () => Registry, writes: WriteLog, begin: number, options: IdleOptions, onPoll?: (state: { depth: number; quietForMs: number }) => void): Promise<IdleResult> {
  const exclude = options.exclude ?? DEFAULT_EXCLUDED_QUEUES;
  const pollMs = options.pollMs ?? 100;
  const initial = await sample(registry(), exclude);
  const writesBefore = new Map(writes.counts);
  let previousAdds = initial.adds;
  let lastActivity = performance.now();
  let lastWhat = 'start';
  let lastWriteAt = writes.lastAt;
  let maxDepth = 0;
  // Controllers that already took keys before the monitor started (the steady phase) count as started.
  let started = [...initial.adds.values()].some((n) => n > 0);
  let latest = initial;
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    await new Promise((r) => setTimeout(r, pollMs));
    const now = performance.now();
    latest = await sample(registry(), exclude);
    maxDepth = Math.max(maxDepth, latest.depth);
    let changed = '';
    for (const [name, n] of latest.adds) {
      if (n !== (previousAdds.get(name) ?? 0)) {
        changed = name;
        if (n > 0) started = true;
      }
    }
    previousAdds = latest.adds;
    if (latest.depth > 0) {
      lastActivity = now;
      lastWhat = 'queue depth';
    } else if (latest.active > 0) {
      lastActivity = now;
      lastWhat = 'reconcile running';
    } else if (changed !== '') {
      lastActivity = now;
      lastWhat = `queue ${changed}`;
    }
    if (writes.lastAt > lastWriteAt) {
      lastWriteAt = writes.lastAt;
      if (writes.lastAt > lastActivity) {
        lastActivity = writes.lastAt;
        lastWhat = 'write';
      }
    }
    const quietFor = now - lastActivity;
    onPoll?.({ depth: latest.depth, quietForMs: quietFor });
    const done = started && quietFor >= options.quietMs;
    if (done || now > deadline) {
      const addsByQueue: Record<string, number> = {};
      for (const [name, n] of latest.adds) addsByQueue[name] = n - (initial.adds.get(name) ?? 0);
      const written: Record<string, number> = {};
      for (const [what, n] of writes.counts) {
        const d = n - (writesBefore.get(what) ?? 0);
        if (d > 0) written[what] = d;
      }
      return { idle: done, idleAfterMs: lastActivity - begin, maxDepth, addsByQueue, writes: written, lastActivity: lastWhat };
    }
  }
}
