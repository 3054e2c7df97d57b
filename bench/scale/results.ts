/** The shape of `bench/results/<date>-scale.json`. */
import type { Percentiles } from './histogram.js';
import type { IdleResult } from './idle-monitor.js';
import type { ProbeResults } from './api-probe.js';
import type { PhaseResources, ResourceSample } from './resource-sampler.js';
import type { BucketSummary } from './server-histograms.js';
import type { PhaseCounts } from './tracker.js';
import type { PlacementKind } from './workloads.js';
import type { ScaleOptions } from './options.js';

export interface LatencySet {
  /** Deployment created -> it exists in every target member. */
  readonly distribution: Percentiles;
  /** Deployment created -> its ConfigMap exists in every target member. */
  readonly dependency: Percentiles;
  /** Deployment created -> template status shows every replica ready. */
  readonly status: Percentiles;
  /** Deployment created -> its ResourceBinding exists (detector). */
  readonly detect: Percentiles;
  /** ResourceBinding first seen -> Scheduled=True (scheduler). */
  readonly schedule: Percentiles;
  /** Scheduled -> in every target member (binding + execution controllers). */
  readonly dispatch: Percentiles;
}

export interface ApiLatencies {
  /** The benchmark's own HTTPS probe calls during the phase. */
  readonly probe: ProbeResults;
  /** The HTTPS creates of the workloads themselves (single-object writes). */
  readonly creates: Percentiles;
  readonly createErrors: number;
  /** The in-process controllers' calls to the control plane, as they waited for them. */
  readonly controllers: { readonly mutating: Percentiles; readonly get: Percentiles; readonly list: Percentiles };
  /** The controllers' calls to the control plane by `verb resource[/subresource]`, most first. */
  readonly controllerCalls: Record<string, number>;
  /** Server-side, summed over the members' API servers (push-mode writes of the execution controller land there). */
  readonly members: { readonly mutating: BucketSummary; readonly read: BucketSummary };
}

export interface SchedulerThroughput {
  readonly bindings: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export interface PhaseResult {
  readonly name: 'main' | 'burst';
  readonly counts: PhaseCounts;
  /** From the first create to the last. */
  readonly createSeconds: number;
  readonly createdPerSecond: number;
  /** From the first create until the last workload was ready (or the wait gave up). */
  readonly completeSeconds: number;
  readonly latencies: LatencySet;
  readonly distributionByPlacement: Record<PlacementKind, Percentiles>;
  /** Bindings scheduled over the phase; for the burst, from releasing the held scheduler. */
  readonly scheduler: SchedulerThroughput & { readonly fromFirstScheduledPerSecond?: number };
  readonly api: ApiLatencies;
  readonly resources: PhaseResources;
}

export interface ScaleResult {
  readonly date: string;
  /** `git describe --always --dirty` of the tree that ran. */
  readonly commit: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryGb: number; readonly node: string; readonly platform: string };
  readonly options: ScaleOptions;
  readonly setup: { readonly seconds: number; readonly rssMb: number; readonly heapUsedMb: number };
  readonly phases: readonly PhaseResult[];
  /** Quiet state after everything was propagated, before the restart. */
  readonly steady: {
    readonly idle: IdleResult;
    readonly templates: number;
    readonly configMaps: number;
    readonly rssMb: number;
    readonly heapUsedMb: number;
    /** The same after a forced full GC (the live set; RSS stays high where V8 keeps its heap). */
    readonly afterGc: { readonly rssMb: number; readonly heapUsedMb: number; readonly heapTotalMb: number };
    /** The member threads' own heap after a full GC (absent when members share the control plane's thread); heapUsedMb above is then the control plane's thread alone. */
    readonly membersHeap?: { readonly heapUsedMb: number; readonly heapTotalMb: number };
    readonly pods: number;
  };
  readonly restart?: {
    readonly stopSeconds: number;
    /** From the restart to the API server serving again. */
    readonly servingSeconds: number;
    readonly idle: IdleResult;
    readonly resources: PhaseResources;
  };
  /** After stopping everything: servers still accepting connections, and handles other than timers and stdio still open. */
  readonly teardown: { readonly seconds: number; readonly stillListening: readonly string[]; readonly activeResources: readonly string[] };
  readonly watchErrors: readonly string[];
  readonly createErrorSamples: readonly string[];
  readonly samples: readonly ResourceSample[];
  /** Cumulative distributions for the chart: [ms, fraction]. */
  readonly cdf: Record<string, readonly [number, number][]>;
}
