/**
 * The scheduler end to end through the API: the control plane in process (API server on its
 * storage, in-process transport), the scheduler alone beside it (`startScheduler`, as
 * `karmada scheduler`), 100 Cluster objects whose status carries resource summaries (no real
 * members), then 5,000 ResourceBindings created through the API (mix in scheduler-workload.ts).
 * A watch on ResourceBindings times each binding from its create call returning to the event in
 * which it carries Scheduled=True (spec.clusters and status written by the scheduler, two
 * writes, plus its events). Reports bindings scheduled per second and per-binding latency.
 *
 *   npm run bench -- scheduler-api [--bindings 5000] [--clusters 100] [--storage memory:|sqlite:<file>]
 *                                  [--concurrency 32] [--rate 0 (burst) | bindings per second]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import type { KubeObject } from '../src/api/object.js';
import { InProcessTransport } from '../src/apiserver/in-process-transport.js';
import type { KubeClient, ResourceRef } from '../src/client/client.js';
import { createKubeClient } from '../src/client/kube-client.js';
import { startScheduler } from '../src/controllers/registry.js';
import { startControlPlane } from '../src/controlplane/control-plane.js';
import { Scheduler, type SchedulableBinding } from '../src/scheduler/core/scheduler.js';
import { makeBindings, makeClusters, NAMESPACES, percentile, rng } from './scheduler-workload.js';

const CLUSTERS: ResourceRef = { group: 'cluster.karmada.io', version: 'v1alpha1', resource: 'clusters', namespaced: false, kind: 'Cluster' };
const BINDINGS: ResourceRef = { group: 'work.karmada.io', version: 'v1alpha2', resource: 'resourcebindings', namespaced: true, kind: 'ResourceBinding' };
const NAMESPACES_REF: ResourceRef = { group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' };

interface Options {
  bindings: number;
  clusters: number;
  storage: string;
  concurrency: number;
  /** Bindings created per second; 0 = as fast as the API takes them. */
  rate: number;
  warmup: number;
}

function parse(args: readonly string[]): Options {
  const o: Options = { bindings: 5000, clusters: 100, storage: 'memory:', concurrency: 32, rate: 0, warmup: 300 };
  for (let i = 0; i < args.length; i += 2) {
    const v = args[i + 1] ?? '';
    switch (args[i]) {
      case '--bindings':
        o.bindings = Number(v);
        break;
      case '--clusters':
        o.clusters = Number(v);
        break;
      case '--storage':
        o.storage = v;
        break;
      case '--concurrency':
        o.concurrency = Number(v);
        break;
      case '--rate':
        o.rate = Number(v);
        break;
      case '--warmup':
        o.warmup = Number(v);
        break;
      default:
        throw new Error(`unknown option ${args[i] ?? ''}`);
    }
  }
  return o;
}

function isScheduled(obj: KubeObject): boolean {
  const status = obj['status'] as { conditions?: { type: string; status: string }[] } | undefined;
  return status?.conditions?.some((c) => c.type === 'Scheduled' && c.status === 'True') === true;
}

/** Times Scheduled=True per binding key from a watch. */
class ScheduledWatch {
  readonly at = new Map<string, number>();
  private stream: { close(): void } | undefined;
  private waiters: Array<{ keys: readonly string[]; resolve: () => void }> = [];

  async start(client: KubeClient): Promise<void> {
    const list = await client.list(BINDINGS);
    const stream = await client.watch(BINDINGS, { resourceVersion: list.metadata.resourceVersion ?? '', allowWatchBookmarks: true, timeoutSeconds: 3600 });
    this.stream = stream;
    void (async () => {
      for await (const event of stream) {
        if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
        const key = `${event.object.metadata.namespace ?? ''}/${event.object.metadata.name ?? ''}`;
        if (!this.at.has(key) && isScheduled(event.object)) {
          this.at.set(key, performance.now());
          this.check();
        }
      }
    })();
  }

  /** Resolves once every key has been seen scheduled. */
  waitFor(keys: readonly string[]): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ keys, resolve });
      this.check();
    });
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.at.size < w.keys.length || !w.keys.every((k) => this.at.has(k))) return true;
      w.resolve();
      return false;
    });
  }

  close(): void {
    this.stream?.close();
  }
}

function toObject(b: SchedulableBinding): KubeObject {
  // The claim label the detector puts on bindings of a PropagationPolicy (unclaimed ones are not scheduled).
  const labels = { 'propagationpolicy.karmada.io/permanent-id': 'bench-policy-id' };
  return {
    apiVersion: 'work.karmada.io/v1alpha2',
    kind: 'ResourceBinding',
    metadata: { name: b.metadata.name ?? '', namespace: b.metadata.namespace ?? '', labels },
    spec: b.spec,
  };
}

/** Creates the bindings, at most `concurrency` calls in flight, paced at `rate`/s when > 0; returns when each create returned. */
async function createAll(client: KubeClient, bindings: readonly SchedulableBinding[], o: Options): Promise<Map<string, number>> {
  const createdAt = new Map<string, number>();
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const b = bindings[i];
      if (b === undefined) return;
      if (o.rate > 0) {
        const due = start + (i / o.rate) * 1000;
        const delay = due - performance.now();
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      }
      await client.create(BINDINGS, toObject(b), { namespace: b.metadata.namespace ?? '' });
      createdAt.set(`${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`, performance.now());
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  return createdAt;
}

const fmt = (ms: number): string => ms.toFixed(1);

/** Wall time spent inside Scheduler.schedule (the algorithm alone), measured by wrapping it. */
const algorithm = { calls: 0, ms: 0 };
const originalSchedule = Scheduler.prototype.schedule;
Scheduler.prototype.schedule = function timedSchedule(this: Scheduler, req) {
  const t = performance.now();
  try {
    return originalSchedule.call(this, req);
  } finally {
    algorithm.calls++;
    algorithm.ms += performance.now() - t;
  }
};

/** `run-module.ts` entry point. */
export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const dataDir = mkdtempSync(join(tmpdir(), 'karmada-sched-api-bench-'));
  const logger = pino({ level: 'silent' });
  const plane = await startControlPlane({ dataDir, port: 0, bind: '127.0.0.1', logger, storage: o.storage });
  const { apiserver } = plane;
  const client = createKubeClient(new InProcessTransport(apiserver.server.ops, apiserver.catalog, apiserver.versionInfo));
  const abort = new AbortController();
  const watch = new ScheduledWatch();
  let scheduler: Promise<void> | undefined;
  try {
    for (let i = 0; i < NAMESPACES; i++) {
      await client.create(NAMESPACES_REF, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}` } });
    }
    const rand = rng(42);
    const clusters = makeClusters(o.clusters, rand);
    for (const c of clusters) {
      await client.create(CLUSTERS, { ...c, status: undefined } as KubeObject);
      await client.patch(CLUSTERS, c.metadata.name ?? '', { status: c.status }, { type: 'merge', subresource: 'status' });
    }
    scheduler = startScheduler({ client, catalog: apiserver.catalog, logger, signal: abort.signal });
    await watch.start(client);

    // Warm-up (JIT, caches) with its own bindings, then the measured round.
    const warm = makeBindings(o.warmup, clusters, rand, 'warm');
    await createAll(client, warm, { ...o, rate: 0 });
    await watch.waitFor(warm.map((b) => `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`));

    const bindings = makeBindings(o.bindings, clusters, rand, 'app');
    const keys = bindings.map((b) => `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`);
    algorithm.calls = 0;
    algorithm.ms = 0;
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const start = performance.now();
    const createdAt = await createAll(client, bindings, o);
    const createdAllAt = performance.now();
    await watch.waitFor(keys);
    const end = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);

    const latencies = keys.map((k) => (watch.at.get(k) ?? end) - (createdAt.get(k) ?? start)).sort((a, b) => a - b);
    const firstScheduled = Math.min(...keys.map((k) => watch.at.get(k) ?? end));
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      `scheduler through the API (${o.storage}, ${o.rate > 0 ? `${o.rate} creates/s` : `burst, ${o.concurrency} creates in flight`}): ${o.bindings} bindings over ${o.clusters} clusters`,
    );
    console.log(
      `created in ${fmt(createdAllAt - start)} ms; all Scheduled=True after ${fmt(end - start)} ms: ${((o.bindings / (end - start)) * 1000).toFixed(0)} bindings/s end to end (${((o.bindings / (end - firstScheduled)) * 1000).toFixed(0)}/s from the first scheduled)`,
    );
    console.log(
      `latency ms, create returned -> Scheduled=True seen in a watch: p50 ${fmt(percentile(latencies, 50))}  p90 ${fmt(percentile(latencies, 90))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(latencies[latencies.length - 1] ?? 0)}`,
    );
    console.log(
      `CPU: ${cpuMs.toFixed(0)} ms for everything in the process (API server, storage, watches, scheduler, events, this client) = ${(cpuMs / o.bindings).toFixed(2)} ms per binding, ${((o.bindings / cpuMs) * 1000).toFixed(0)} bindings per CPU-second; event loop ${(elu.utilization * 100).toFixed(0)}% busy`,
    );
    console.log(
      `scheduling algorithm: ${algorithm.calls} calls, ${(algorithm.ms / Math.max(1, algorithm.calls)).toFixed(3)} ms each, ${((algorithm.ms / Math.max(1, cpuMs)) * 100).toFixed(0)}% of the CPU above (the rest: API writes — the binding's spec and status patches and 2 events each — storage, watches)`,
    );
  } finally {
    watch.close();
    abort.abort();
    await scheduler;
    await plane.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
