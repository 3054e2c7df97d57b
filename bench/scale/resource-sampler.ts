/**
 * Samples the process's memory and CPU once a second. Everything (control plane, controllers,
 * scheduler, every simulated member, the benchmark's own watches) runs in this one process, so
 * the figures are the whole process's, not the control plane's alone.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { currentThreadId, threadCpuMs } from './thread-cpu.js';

export interface ResourceSample {
  /** Seconds since the sampler started. */
  readonly t: number;
  readonly phase: string;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly externalMb: number;
  /** CPU over the last interval, percent of one core (user + system). */
  readonly cpuPercent: number;
  /** Event-loop delay P99 over the last interval, ms. */
  readonly loopDelayP99Ms: number;
  /** CPU time used over the last interval, ms. */
  readonly cpuMs: number;
  /** Length of the last interval, ms. */
  readonly dtMs: number;
  /** The machine's 1-minute load average (other processes share the cores). */
  readonly load1: number;
  /** CPU of the main thread (control plane, controllers, scheduler, benchmark), percent of one core over the interval. */
  readonly mainCpuPercent?: number;
  /** CPU of the member threads, summed, percent of one core (absent when members share the main thread). */
  readonly membersCpuPercent?: number;
}

export interface PhaseResources {
  readonly peakRssMb: number;
  readonly endRssMb: number;
  readonly endHeapUsedMb: number;
  readonly meanCpuPercent: number;
  readonly cpuSeconds: number;
  readonly maxLoopDelayP99Ms: number;
  /** Mean 1-minute load average of the machine during the phase. */
  readonly meanLoad: number;
  /** CPU of the main thread (control plane and benchmark): percent of one core on average, and seconds. */
  readonly meanMainCpuPercent: number;
  readonly mainCpuSeconds: number;
  /** CPU of the member threads, summed, percent of one core on average (0 when members share the main thread). */
  readonly meanMembersCpuPercent: number;
}

export interface ResourceSampler {
  readonly samples: ResourceSample[];
  setPhase(phase: string): void;
  /** The member threads' ids (Linux thread ids, see thread-cpu.ts). */
  setMemberThreads(tids: readonly number[]): void;
  /** Summary of the samples taken in a phase. */
  summary(phase: string): PhaseResources;
  stop(): void;
}

const MB = 1024 * 1024;

export function startResourceSampler(intervalMs = 1000, onSample?: (s: ResourceSample) => void): ResourceSampler {
  const samples: ResourceSample[] = [];
  const started = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let phase = 'setup';
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  const mainTid = currentThreadId();
  const cpuOf = (tids: readonly number[]): number | undefined => {
    let sum = 0;
    for (const tid of tids) {
      const ms = threadCpuMs(tid);
      if (ms === undefined) return undefined;
      sum += ms;
    }
    return sum;
  };
  let lastMain = mainTid === undefined ? undefined : threadCpuMs(mainTid);
  let memberTids: readonly number[] = [];
  let lastMembers: number | undefined;
  const take = (): void => {
    const now = performance.now();
    const main = mainTid === undefined ? undefined : threadCpuMs(mainTid);
    const members = memberTids.length === 0 ? undefined : cpuOf(memberTids);
    const mainMs = main === undefined || lastMain === undefined ? undefined : main - lastMain;
    const membersMs = members === undefined || lastMembers === undefined ? undefined : members - lastMembers;
    lastMain = main;
    lastMembers = members;
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const s: ResourceSample = {
      t: (now - started) / 1000,
      phase,
      rssMb: mem.rss / MB,
      heapUsedMb: mem.heapUsed / MB,
      externalMb: mem.external / MB,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastAt)) * 100,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      cpuMs: (cpu.user + cpu.system) / 1000,
      dtMs: now - lastAt,
      load1: loadavg()[0] ?? 0,
      ...(mainMs === undefined ? {} : { mainCpuPercent: (mainMs / Math.max(1, now - lastAt)) * 100 }),
      ...(membersMs === undefined ? {} : { membersCpuPercent: (membersMs / Math.max(1, now - lastAt)) * 100 }),
    };
    loop.reset();
    lastAt = now;
    samples.push(s);
    onSample?.(s);
  };
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    samples,
    setMemberThreads(tids) {
      memberTids = tids;
      lastMembers = cpuOf(tids);
    },
    setPhase(p) {
      take();
      phase = p;
    },
    summary(p) {
      const mine = samples.filter((s) => s.phase === p);
      const last = mine[mine.length - 1];
      const cpuSeconds = mine.reduce((sum, s) => sum + s.cpuMs, 0) / 1000;
      const ms = Math.max(
        1,
        mine.reduce((sum, s) => sum + s.dtMs, 0),
      );
      const busy = (pick: (s: ResourceSample) => number | undefined): number => mine.reduce((sum, s) => sum + ((pick(s) ?? 0) * s.dtMs) / 100, 0);
      return {
        peakRssMb: Math.max(0, ...mine.map((s) => s.rssMb)),
        endRssMb: last?.rssMb ?? 0,
        endHeapUsedMb: last?.heapUsedMb ?? 0,
        meanCpuPercent:
          (cpuSeconds * 100_000) /
          Math.max(
            1,
            mine.reduce((sum, s) => sum + s.dtMs, 0),
          ),
        cpuSeconds,
        maxLoopDelayP99Ms: Math.max(0, ...mine.map((s) => s.loopDelayP99Ms)),
        meanLoad: mine.length === 0 ? 0 : mine.reduce((sum, s) => sum + s.load1, 0) / mine.length,
        meanMainCpuPercent: (busy((s) => s.mainCpuPercent) / ms) * 100,
        mainCpuSeconds: busy((s) => s.mainCpuPercent) / 1000,
        meanMembersCpuPercent: (busy((s) => s.membersCpuPercent) / ms) * 100,
      };
    },
    stop() {
      take();
      clearInterval(timer);
      loop.disable();
    },
  };
}
