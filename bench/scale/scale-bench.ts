/**
 * `npm run bench -- scale`: N simulated members and M workloads on one machine, measured the way
 * Karmada's 100-cluster test report measures (distribution latency, API call latency, resource
 * use) plus scheduler throughput and a cold restart. See docs/design/scale.md.
 *
 * Phases: setup (members up and Ready) -> main (M workloads at --rate, everything running) ->
 * burst (B workloads created with the scheduler held, then released: scheduler throughput) ->
 * steady (wait for idle; RSS with everything propagated) -> restart (control plane and
 * controllers stopped and started on the same data while members keep running; time to idle)
 * -> teardown.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { KubeClient } from '../../src/client/client.js';
import { createLogger } from '../../src/util/logger.js';
import { startApiProbe } from './api-probe.js';
import { startCpuProfile, type CpuProfiler } from './cpu-profiler.js';
import { startEnvironment, type ScaleEnvironment } from './environment.js';
import { exactCdf, exactPercentiles, LogHistogram, type Percentiles } from './histogram.js';
import { collectionPath, httpsCaller, type HttpsCaller } from './https-caller.js';
import { waitForIdle } from './idle-monitor.js';
import { parseScaleOptions, type ScaleOptions } from './options.js';
import { bar, Progress } from './progress.js';
import { renderMarkdown } from './report.js';
import { startResourceSampler, type ResourceSampler } from './resource-sampler.js';
import type { LatencySet, PhaseResult, ScaleResult } from './results.js';
import { diffBuckets, summarizeBuckets, type Buckets } from './server-histograms.js';
import { renderLatencyChart, renderResourceChart } from './svg-chart.js';
import { LatencyTracker, type Phase, type PhaseCounts, type WorkloadTrack } from './tracker.js';
import { forceGc } from './force-gc.js';
import { newCallLatencies } from './timing-transport.js';
import { BENCH_LABEL, PLACEMENT_KINDS, workload, type PlacementKind, type Workload } from './workloads.js';

const PROBE_NAMESPACE = 'scale-probe';

interface Context {
  readonly options: ScaleOptions;
  readonly env: ScaleEnvironment;
  readonly tracker: LatencyTracker;
  readonly sampler: ResourceSampler;
  readonly progress: Progress;
  readonly namespaces: readonly string[];
  caller: HttpsCaller;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function callerFor(env: ScaleEnvironment, sockets: number): HttpsCaller {
  const { plane } = env.current();
  return httpsCaller(plane.url, plane.pki.ca.certPem, plane.pki.adminToken, sockets);
}

/** Creates namespaces in the control plane and waits until the namespace controller has put them in every member. */
async function ensureNamespaces(client: KubeClient, env: ScaleEnvironment, names: readonly string[], progress: Progress): Promise<void> {
  for (const name of names) {
    await client.create({ apiVersion: 'v1', kind: 'Namespace' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch(() => undefined);
  }
  const deadline = Date.now() + 300_000;
  for (;;) {
    const missing = await env.host.missingNamespaces(names);
    progress.update(`setup: namespaces in members, ${missing} missing`);
    if (missing === 0) return;
    if (Date.now() > deadline) throw new Error(`namespaces not propagated to members: ${missing} missing`);
    await sleep(500);
  }
}

interface Creation {
  readonly seconds: number;
  readonly creates: LogHistogram;
  readonly errors: number;
  readonly errorSamples: string[];
}

/** Creates a phase's workloads over HTTPS: ConfigMap, PropagationPolicy, then the Deployment (timed from its create). */
async function createWorkloads(ctx: Context, phase: Phase, items: readonly Workload[], rate: number, onProgress: (done: number) => void): Promise<Creation> {
  const creates = new LogHistogram();
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();
  const post = async (object: Workload['configMap'], plural: string): Promise<void> => {
    const path = collectionPath(object.apiVersion ?? 'v1', plural, object.metadata.namespace ?? '');
    const r = await ctx.caller.call('POST', path, object);
    creates.record(r.ms);
    if (r.status >= 300) {
      errors++;
      if (errorSamples.length < 10) errorSamples.push(`${r.status} POST ${path}: ${r.body.slice(0, 300)}`);
    }
  };
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const w = items[i];
      if (w === undefined) continue;
      if (rate > 0) {
        const wait = started + (i * 1000) / rate - performance.now();
        if (wait > 1) await sleep(wait);
      }
      ctx.tracker.register(w, phase);
      await post(w.configMap, 'configmaps');
      await post(w.policy, 'propagationpolicies');
      ctx.tracker.submitted(w, performance.now());
      await post(w.deployment, 'deployments');
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: ctx.options.concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, creates, errors, errorSamples };
}

/** Polls `status` until `finished` or nothing progressed for the stall timeout. */
async function waitFor(ctx: Context, finished: () => boolean, progressValue: () => number, line: () => string): Promise<boolean> {
  let last = progressValue();
  let lastChange = performance.now();
  for (;;) {
    ctx.progress.update(line());
    if (finished()) return true;
    await sleep(250);
    const v = progressValue();
    if (v !== last) {
      last = v;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > ctx.options.stallTimeoutMs) {
      ctx.progress.log(`gave up waiting: no progress for ${ctx.options.stallTimeoutMs / 1000} s`);
      return false;
    }
  }
}

function latencyOf(tracks: readonly WorkloadTrack[], from: (t: WorkloadTrack) => number | undefined, to: (t: WorkloadTrack) => number | undefined): number[] {
  const out: number[] = [];
  for (const t of tracks) {
    const a = from(t);
    const b = to(t);
    if (a !== undefined && b !== undefined) out.push(Math.max(0, b - a));
  }
  return out;
}

function phaseLatencies(tracks: readonly WorkloadTrack[]): {
  set: LatencySet;
  byPlacement: Record<PlacementKind, Percentiles>;
  samples: Record<string, number[]>;
} {
  const samples = {
    distribution: latencyOf(
      tracks,
      (t) => t.submittedAt,
      (t) => t.distributedAt,
    ),
    dependency: latencyOf(
      tracks,
      (t) => t.submittedAt,
      (t) => t.depsAt,
    ),
    status: latencyOf(
      tracks,
      (t) => t.submittedAt,
      (t) => t.readyAt,
    ),
    detect: latencyOf(
      tracks,
      (t) => t.submittedAt,
      (t) => t.bindingAt,
    ),
    schedule: latencyOf(
      tracks,
      (t) => t.bindingAt,
      (t) => t.scheduledAt,
    ),
    dispatch: latencyOf(
      tracks,
      (t) => t.scheduledAt,
      (t) => t.distributedAt,
    ),
  };
  const set: LatencySet = {
    distribution: exactPercentiles(samples.distribution),
    dependency: exactPercentiles(samples.dependency),
    status: exactPercentiles(samples.status),
    detect: exactPercentiles(samples.detect),
    schedule: exactPercentiles(samples.schedule),
    dispatch: exactPercentiles(samples.dispatch),
  };
  const byPlacement = Object.fromEntries(
    PLACEMENT_KINDS.map((k) => [
      k,
      exactPercentiles(
        latencyOf(
          tracks.filter((t) => t.placement === k),
          (t) => t.submittedAt,
          (t) => t.distributedAt,
        ),
      ),
    ]),
  ) as Record<PlacementKind, Percentiles>;
  return { set, byPlacement, samples };
}

function statusLine(ctx: Context, phase: Phase, label: string, total: number): string {
  const c = ctx.tracker.counts(phase);
  const s = ctx.sampler.samples[ctx.sampler.samples.length - 1];
  const res =
    s === undefined
      ? ''
      : `  rss ${s.rssMb.toFixed(0)} MB cpu ${s.cpuPercent.toFixed(0)}% (plane thread ${(s.mainCpuPercent ?? 0).toFixed(0)}%, members ${(s.membersCpuPercent ?? 0).toFixed(0)}%)`;
  return `${label} ${bar(c.ready, total)} created ${c.submitted} bound ${c.bindings} scheduled ${c.scheduled} distributed ${c.distributed} ready ${c.ready}/${total}${res}`;
}

function memberBuckets(env: ScaleEnvironment): Promise<{ mutating: Buckets; read: Buckets }> {
  return env.host.buckets();
}

/** Every workload distributed, its dependency distributed, and ready. */
function complete(c: PhaseCounts, count: number): boolean {
  return c.distributed === count && c.deps === count && c.ready === count;
}

/** Runs one phase of workloads and collects its figures. */
async function runPhase(ctx: Context, phase: Phase, count: number, cdf: Record<string, [number, number][]>): Promise<PhaseResult> {
  const { options, env, tracker, sampler } = ctx;
  const shape = { members: env.members.map((m) => m.name), namespaces: ctx.namespaces, replicas: options.replicas, prefix: phase === 'main' ? 'w' : 'b' };
  const items = Array.from({ length: count }, (_, i) => workload(i, shape));
  sampler.setPhase(phase);
  env.current().timing.latencies = newCallLatencies();
  const membersBefore = await memberBuckets(env);
  const probe = startApiProbe(() => ctx.caller, options.probeRate, {
    probeNamespace: PROBE_NAMESPACE,
    sample: () => {
      const w = items[Math.floor(Math.random() * Math.max(1, tracker.counts(phase).submitted))];
      return w === undefined ? undefined : { namespace: w.namespace, name: w.name };
    },
  });
  const started = performance.now();
  let scheduler: PhaseResult['scheduler'];
  let creation: Creation;
  if (phase === 'main') {
    const creating = createWorkloads(ctx, phase, items, options.rate, () => undefined);
    let created = false;
    void creating.finally(() => {
      created = true;
    });
    await waitFor(
      ctx,
      () => created && complete(tracker.counts(phase), count),
      () => {
        const c = tracker.counts(phase);
        return c.submitted + c.bindings + c.scheduled + c.distributed + c.ready + c.deps;
      },
      () => statusLine(ctx, phase, 'main ', count),
    );
    creation = await creating;
    const tracks = [...tracker.tracks.values()].filter((t) => t.phase === phase);
    const times = tracks.map((t) => t.scheduledAt).filter((t): t is number => t !== undefined);
    const first = Math.min(...tracks.map((t) => t.bindingAt ?? Number.POSITIVE_INFINITY));
    const seconds = times.length === 0 ? 0 : (Math.max(...times) - first) / 1000;
    scheduler = { bindings: times.length, seconds, perSecond: seconds > 0 ? times.length / seconds : 0 };
  } else {
    await env.holdScheduler();
    creation = await createWorkloads(ctx, phase, items, 0, () => undefined);
    await waitFor(
      ctx,
      () => tracker.counts(phase).bindings === count,
      () => tracker.counts(phase).bindings,
      () => `burst: scheduler held, bindings ${tracker.counts(phase).bindings}/${count}`,
    );
    const released = performance.now();
    env.releaseScheduler();
    await waitFor(
      ctx,
      () => tracker.counts(phase).scheduled === count,
      () => tracker.counts(phase).scheduled,
      () => `burst: scheduling ${bar(tracker.counts(phase).scheduled, count)} ${tracker.counts(phase).scheduled}/${count}`,
    );
    const tracks = [...tracker.tracks.values()].filter((t) => t.phase === phase);
    const times = tracks.map((t) => t.scheduledAt).filter((t): t is number => t !== undefined);
    const last = Math.max(...times);
    const first = Math.min(...times);
    const seconds = (last - released) / 1000;
    scheduler = {
      bindings: times.length,
      seconds,
      perSecond: seconds > 0 ? times.length / seconds : 0,
      ...(last > first ? { fromFirstScheduledPerSecond: times.length / ((last - first) / 1000) } : {}),
    };
    await waitFor(
      ctx,
      () => complete(tracker.counts(phase), count),
      () => {
        const c = tracker.counts(phase);
        return c.distributed + c.ready + c.deps;
      },
      () => statusLine(ctx, phase, 'burst', count),
    );
  }
  const completeSeconds = (performance.now() - started) / 1000;
  await probe.stop();
  const membersAfter = await memberBuckets(env);
  const tracks = [...tracker.tracks.values()].filter((t) => t.phase === phase);
  const { set, byPlacement, samples } = phaseLatencies(tracks);
  for (const [name, values] of Object.entries(samples)) {
    if (name === 'distribution' || name === 'status' || name === 'schedule' || name === 'dependency') cdf[`${phase} ${name}`] = thin(exactCdf(values), 400);
  }
  const calls = env.current().timing.latencies;
  if (creation.errorSamples.length > 0) ctx.progress.log(`create errors (${creation.errors}): ${creation.errorSamples[0] ?? ''}`);
  return {
    name: phase,
    counts: tracker.counts(phase),
    createSeconds: creation.seconds,
    createdPerSecond: count / Math.max(0.001, creation.seconds),
    completeSeconds,
    latencies: set,
    distributionByPlacement: byPlacement,
    scheduler,
    api: {
      probe: probe.results(),
      creates: creation.creates.summary(),
      createErrors: creation.errors,
      controllers: { mutating: calls.mutating.summary(), get: calls.get.summary(), list: calls.list.summary() },
      controllerCalls: Object.fromEntries([...calls.byResource.entries()].sort((a, b) => b[1] - a[1])),
      members: {
        mutating: summarizeBuckets(diffBuckets(membersAfter.mutating, membersBefore.mutating)),
        read: summarizeBuckets(diffBuckets(membersAfter.read, membersBefore.read)),
      },
    },
    resources: sampler.summary(phase),
  };
}

/** Keeps at most n points of a CDF (evenly by rank, always the last). */
function thin(points: [number, number][], n: number): [number, number][] {
  if (points.length <= n) return points;
  const step = points.length / n;
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const p = points[Math.floor(i * step)];
    if (p !== undefined) out.push(p);
  }
  const last = points[points.length - 1];
  if (last !== undefined) out.push(last);
  return out;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function resultBaseName(options: ScaleOptions, date: string): string {
  const standard = options.members === 100 && options.workloads === 5000;
  return standard ? `${date}-scale` : `${date}-scale-${options.members}m-${options.workloads}w`;
}

/** Runs the whole benchmark; returns the result (also written to bench/results unless noWrite). */
export async function runScaleBench(options: ScaleOptions): Promise<ScaleResult> {
  const progress = new Progress();
  const logger = createLogger('scale-bench', options.logLevel);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'karmada-scale-'));
  const sampler = startResourceSampler();
  const setupStarted = performance.now();
  const cdf: Record<string, [number, number][]> = {};
  const env = await startEnvironment({
    dataDir,
    ...(options.storage === undefined ? {} : { storage: options.storage }),
    members: options.members,
    nodes: options.nodes,
    nodeCpu: options.nodeCpu,
    nodeMemory: options.nodeMemory,
    nodePods: options.nodePods,
    podReadyDelayMs: options.podReadyDelayMs,
    memberEvents: options.memberEvents,
    leaseRenewMs: options.leaseRenewMs,
    nodeStatusRefreshMs: options.nodeStatusRefreshMs,
    clusterLifecycle: { clusterStatusUpdateFrequencyMs: options.clusterStatusPeriodMs },
    startConcurrency: options.startConcurrency,
    memberCompactionMs: options.memberCompactionMs,
    memberThreads: options.memberThreads,
    schedulerEstimator: options.schedulerEstimator,
    label: BENCH_LABEL,
    logger,
    logLevel: options.logLevel,
    onMember: (n) =>
      progress.update(`setup: members ${bar(n, options.members)} ${n}/${options.members}  rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`),
  });
  sampler.setMemberThreads(env.host.threadIds);
  let planeWatches = new AbortController();
  let profiler: CpuProfiler | undefined;
  const ctx: Context = {
    options,
    env,
    tracker: new LatencyTracker(),
    sampler,
    progress,
    namespaces: Array.from({ length: options.namespaces }, (_, i) => `scale-${i}`),
    caller: callerFor(env, options.concurrency + 8),
  };
  try {
    await env.host.watch(
      (events) => ctx.tracker.onMemberEvents(events),
      (what) => ctx.tracker.watchErrors.push(what),
    );
    await ctx.tracker.watchPlane(env.current().plane.apiserver.client, BENCH_LABEL, planeWatches.signal);
    await ensureNamespaces(env.current().plane.apiserver.client, env, [...ctx.namespaces, PROBE_NAMESPACE], progress);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const setupMem = process.memoryUsage();
    progress.log(`setup: ${options.members} members Ready in ${setupSeconds.toFixed(1)} s, rss ${(setupMem.rss / 1048576).toFixed(0)} MB`);
    if (options.cpuProf !== undefined) profiler = await startCpuProfile(options.cpuProf);

    const phases: PhaseResult[] = [];
    // A long run keeps what it measured so far, in case it is stopped before the end.
    const partialPath = options.noWrite ? undefined : join(options.outDir, `${resultBaseName(options, new Date().toISOString().slice(0, 10))}.partial.json`);
    const savePartial = (): void => {
      if (partialPath === undefined) return;
      mkdirSync(options.outDir, { recursive: true });
      writeFileSync(
        partialPath,
        `${JSON.stringify({ date: new Date().toISOString(), commit: gitDescribe(), options, phases, samples: sampler.samples, cdf }, null, 1)}\n`,
      );
    };
    phases.push(await runPhase(ctx, 'main', options.workloads, cdf));
    progress.log(summaryLine(phases[phases.length - 1]));
    savePartial();
    if (options.burst > 0) {
      phases.push(await runPhase(ctx, 'burst', options.burst, cdf));
      progress.log(summaryLine(phases[phases.length - 1]));
      savePartial();
    }

    sampler.setPhase('steady');
    const steadyBegin = performance.now();
    const steadyIdle = await waitForIdle(
      () => env.current().registry,
      ctx.tracker.writes,
      steadyBegin,
      { quietMs: options.quietMs, timeoutMs: options.stallTimeoutMs },
      (s) => progress.update(`steady: waiting for idle, depth ${s.depth}, quiet for ${(s.quietForMs / 1000).toFixed(1)} s`),
    );
    const beforeGc = process.memoryUsage();
    forceGc();
    const steadyMem = process.memoryUsage();
    const membersHeap = await env.host.heap();
    const pods = await env.host.pods();
    const templates = ctx.tracker.tracks.size;
    progress.log(
      `steady: ${templates} templates + ${templates} ConfigMaps propagated, ${pods} pods in members, rss ${(beforeGc.rss / 1048576).toFixed(0)} MB (after a full GC ${(steadyMem.rss / 1048576).toFixed(0)} MB, heap ${(steadyMem.heapUsed / 1048576).toFixed(0)} MB${membersHeap === undefined ? '' : `, members' threads ${membersHeap.heapUsedMb.toFixed(0)} MB`})`,
    );
    if (options.heapSnapshot && !options.noWrite) {
      mkdirSync(options.outDir, { recursive: true });
      progress.log(`heap snapshot: ${writeHeapSnapshot(join(options.outDir, 'scale.heapsnapshot'))}`);
    }

    let restart: ScaleResult['restart'];
    if (options.restart) {
      ctx.caller.close();
      sampler.setPhase('restart');
      planeWatches.abort();
      planeWatches = new AbortController();
      const watches = planeWatches;
      ctx.tracker.writes.reset();
      progress.update('restart: stopping the control plane and controllers');
      const { stoppedMs } = await env.restartControlPlane((plane) => ctx.tracker.watchPlane(plane.apiserver.client, BENCH_LABEL, watches.signal));
      const restartBegin = performance.now();
      const servingSeconds = (env.current().servingAt - env.current().startedAt) / 1000;
      const idle = await waitForIdle(
        () => env.current().registry,
        ctx.tracker.writes,
        restartBegin,
        { quietMs: options.quietMs, timeoutMs: Math.max(options.stallTimeoutMs, 1_800_000) },
        (s) => progress.update(`restart: waiting for idle, depth ${s.depth}, quiet for ${(s.quietForMs / 1000).toFixed(1)} s`),
      );
      // Idle counts from the moment the new control plane was started (stopping the old one is reported apart).
      restart = {
        stopSeconds: stoppedMs / 1000,
        servingSeconds,
        idle: { ...idle, idleAfterMs: idle.idleAfterMs + (restartBegin - env.current().startedAt) },
        resources: sampler.summary('restart'),
      };
      progress.log(
        `restart: idle after ${(restart.idle.idleAfterMs / 1000).toFixed(1)} s (serving after ${servingSeconds.toFixed(1)} s), writes ${JSON.stringify(idle.writes)}`,
      );
    }
    if (profiler !== undefined) {
      progress.log(`cpu profile: ${await profiler.stop()}`);
      profiler = undefined;
    }
    sampler.setPhase('teardown');
    const ports = [env.current().plane.port, ...env.members.map((m) => m.port)];
    const names = ['control plane', ...env.members.map((m) => m.name)];
    const teardownStarted = performance.now();
    planeWatches.abort();
    ctx.caller.close();
    await env.stop();
    const teardownSeconds = (performance.now() - teardownStarted) / 1000;
    const stillListening: string[] = [];
    for (let i = 0; i < ports.length; i++) {
      if (await portOpen(ports[i] ?? 0)) stillListening.push(names[i] ?? '');
    }
    sampler.stop();
    progress.done();
    // Give closed sockets a turn to finish, then list what still keeps the process alive.
    await sleep(200);
    const activeResources = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout' && r !== 'TTYWrap' && r !== 'PipeWrap' && r !== 'FSReqCallback');
    const date = new Date().toISOString();
    const result: ScaleResult = {
      date,
      commit: gitDescribe(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        memoryGb: Math.round(totalmem() / 1e9),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      options,
      setup: { seconds: setupSeconds, rssMb: setupMem.rss / 1048576, heapUsedMb: setupMem.heapUsed / 1048576 },
      phases,
      steady: {
        idle: steadyIdle,
        templates,
        configMaps: templates,
        rssMb: beforeGc.rss / 1048576,
        heapUsedMb: beforeGc.heapUsed / 1048576,
        afterGc: { rssMb: steadyMem.rss / 1048576, heapUsedMb: steadyMem.heapUsed / 1048576, heapTotalMb: steadyMem.heapTotal / 1048576 },
        ...(membersHeap === undefined ? {} : { membersHeap }),
        pods,
      },
      ...(restart === undefined ? {} : { restart }),
      teardown: { seconds: teardownSeconds, stillListening, activeResources },
      watchErrors: ctx.tracker.watchErrors,
      createErrorSamples: [],
      samples: sampler.samples,
      cdf,
    };
    if (!options.noWrite) {
      mkdirSync(options.outDir, { recursive: true });
      const base = join(options.outDir, resultBaseName(options, date.slice(0, 10)));
      writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 1)}\n`);
      writeFileSync(`${base}.md`, renderMarkdown(result, `${base.split('/').pop() ?? ''}`));
      writeFileSync(`${base}-latency.svg`, renderLatencyChart(result));
      writeFileSync(`${base}-resources.svg`, renderResourceChart(result));
      progress.log(`wrote ${base}.json, .md, -latency.svg, -resources.svg`);
      if (partialPath !== undefined) rmSync(partialPath, { force: true });
    }
    return result;
  } catch (error) {
    progress.done();
    await profiler?.stop().catch(() => undefined);
    planeWatches.abort();
    ctx.caller.close();
    await env.stop();
    sampler.stop();
    throw error;
  } finally {
    if (options.dataDir === undefined && !options.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

function gitDescribe(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function summaryLine(p: PhaseResult | undefined): string {
  if (p === undefined) return '';
  const l = p.latencies;
  return (
    `${p.name}: ${p.counts.ready}/${p.counts.workloads} ready in ${p.completeSeconds.toFixed(1)} s; distribution P50/P99 ${l.distribution.p50.toFixed(0)}/${l.distribution.p99.toFixed(0)} ms, ` +
    `status P99 ${l.status.p99.toFixed(0)} ms, scheduling ${p.scheduler.perSecond.toFixed(0)}/s, peak rss ${p.resources.peakRssMb.toFixed(0)} MB, ` +
    `cpu ${p.resources.cpuSeconds.toFixed(1)} s (plane thread ${p.resources.mainCpuSeconds.toFixed(1)} s = ${p.resources.meanMainCpuPercent.toFixed(0)}%, members ${p.resources.meanMembersCpuPercent.toFixed(0)}%)`
  );
}

/** bench/main.ts entry. */
export async function run(args: string[]): Promise<void> {
  const result = await runScaleBench(parseScaleOptions(args));
  process.stdout.write(renderMarkdown(result, ''));
}
