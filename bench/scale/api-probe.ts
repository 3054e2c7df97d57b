/**
 * Samples the control plane's API over HTTPS at a fixed rate while the benchmark runs, as an
 * outside user would see it: single-object writes (PATCH, POST, DELETE of a probe ConfigMap),
 * single-object reads (GET a template), namespace-scoped LIST (the Deployments of one benchmark
 * namespace) and cluster-scoped LIST (Clusters). Karmada's SLIs split calls the same way.
 */
import { LogHistogram, type Percentiles } from './histogram.js';
import type { HttpsCaller } from './https-caller.js';

export type ProbeKind = 'mutating' | 'get' | 'listNamespace' | 'listCluster';

export interface ProbeResults {
  readonly latencies: Record<ProbeKind, Percentiles>;
  readonly errors: number;
}

export interface ApiProbe {
  /** Starts a new sampling window (per phase). */
  reset(): void;
  results(): ProbeResults;
  stop(): Promise<void>;
}

export interface ProbeTargets {
  /** Namespace for the probe's own ConfigMaps. */
  readonly probeNamespace: string;
  /** A template to GET (`namespace/name`) and a namespace to LIST, picked per call. */
  readonly sample: () => { readonly namespace: string; readonly name: string } | undefined;
}

export function startApiProbe(caller: () => HttpsCaller, ratePerSecond: number, targets: ProbeTargets): ApiProbe {
  let histograms = fresh();
  let errors = 0;
  let stopped = false;
  let i = 0;
  const inflight = new Set<Promise<void>>();
  const ns = targets.probeNamespace;
  const cmPath = `/api/v1/namespaces/${ns}/configmaps`;
  const tick = (): void => {
    if (stopped || inflight.size > 50) return;
    const n = i++;
    const run = async (): Promise<void> => {
      const c = caller();
      const record = (kind: ProbeKind, r: { status: number; ms: number }, ok = (s: number) => s < 300): void => {
        histograms[kind].record(r.ms);
        if (!ok(r.status)) errors++;
      };
      switch (n % 4) {
        case 0: {
          // A write cycle: create, patch, delete one ConfigMap (three single-object writes).
          const name = `probe-${n}`;
          record('mutating', await c.call('POST', cmPath, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { n: String(n) } }));
          record('mutating', await c.call('PATCH', `${cmPath}/${name}`, { data: { n: `${n}-patched` } }, 'application/merge-patch+json'));
          record('mutating', await c.call('DELETE', `${cmPath}/${name}`));
          break;
        }
        case 1:
        case 3: {
          const s = targets.sample();
          if (s !== undefined) record('get', await c.call('GET', `/apis/apps/v1/namespaces/${s.namespace}/deployments/${s.name}`), (st) => st < 300 || st === 404);
          break;
        }
        case 2: {
          const s = targets.sample();
          if (n % 8 === 2 && s !== undefined) record('listNamespace', await c.call('GET', `/apis/apps/v1/namespaces/${s.namespace}/deployments`));
          else record('listCluster', await c.call('GET', '/apis/cluster.karmada.io/v1alpha1/clusters'));
          break;
        }
      }
    };
    const p = run().catch(() => {
      errors++;
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const timer = ratePerSecond > 0 ? setInterval(tick, 1000 / ratePerSecond) : undefined;
  return {
    reset() {
      histograms = fresh();
      errors = 0;
    },
    results() {
      return {
        latencies: {
          mutating: histograms.mutating.summary(),
          get: histograms.get.summary(),
          listNamespace: histograms.listNamespace.summary(),
          listCluster: histograms.listCluster.summary(),
        },
        errors,
      };
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await Promise.allSettled([...inflight]);
    },
  };
}

function fresh(): Record<ProbeKind, LogHistogram> {
  return { mutating: new LogHistogram(), get: new LogHistogram(), listNamespace: new LogHistogram(), listCluster: new LogHistogram() };
}
