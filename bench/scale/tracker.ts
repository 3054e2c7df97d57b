/**
 * Latency tracking from watch events. Every timestamp is performance.now() at the moment the
 * benchmark's watch handler sees the event (in-process watches, so no network, but queueing on
 * the shared event loop is included, as it would be for any observer in the process).
 *
 * Per workload: submitted (just before the Deployment create is sent, after its ConfigMap and
 * PropagationPolicy) -> ResourceBinding first seen -> Scheduled=True (target clusters read from
 * spec.clusters then) -> the Deployment exists in every target member (distribution) and its
 * ConfigMap too (dependency distribution) -> the template's aggregated status reports every
 * replica ready (status).
 */
import type { KubeObject } from '../../src/api/object.js';
import type { KubeClient, ResourceTarget, WatchEvent } from '../../src/client/client.js';
import type { MemberObjectEvent } from './member-fleet.js';
import type { PlacementKind, Workload } from './workloads.js';

export type Phase = 'main' | 'burst';

export interface WorkloadTrack {
  readonly phase: Phase;
  readonly placement: PlacementKind;
  readonly replicas: number;
  submittedAt?: number;
  bindingAt?: number;
  scheduledAt?: number;
  targets?: readonly string[];
  expectedReady?: number;
  readonly deployIn: Map<string, number>;
  readonly configIn: Map<string, number>;
  distributedAt?: number;
  depsAt?: number;
  readyAt?: number;
  lastReady: number;
}

export interface PhaseCounts {
  readonly workloads: number;
  readonly submitted: number;
  readonly bindings: number;
  readonly scheduled: number;
  readonly distributed: number;
  readonly deps: number;
  readonly ready: number;
}

const DEPLOYMENTS: ResourceTarget = { apiVersion: 'apps/v1', kind: 'Deployment' };
const CONFIGMAPS: ResourceTarget = { apiVersion: 'v1', kind: 'ConfigMap' };
const BINDINGS: ResourceTarget = { apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding' };
const WORKS: ResourceTarget = { apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work' };

interface BindingLike {
  readonly spec?: {
    readonly resource?: { readonly kind?: string; readonly namespace?: string; readonly name?: string };
    readonly clusters?: readonly { readonly name: string; readonly replicas?: number }[];
    readonly replicas?: number;
    readonly placement?: { readonly replicaScheduling?: { readonly replicaSchedulingType?: string } };
  };
  readonly status?: { readonly conditions?: readonly { readonly type?: string; readonly status?: string }[] };
}

/** Writes seen on watched resources, by resource, for "nothing changed" checks. */
export class WriteLog {
  counts = new Map<string, number>();
  lastAt = 0;

  note(what: string, at: number): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
    this.lastAt = at;
  }

  reset(): void {
    this.counts = new Map();
    this.lastAt = 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }
}

export class LatencyTracker {
  readonly tracks = new Map<string, WorkloadTrack>();
  readonly writes = new WriteLog();
  /** Watch loops that failed unexpectedly (reported, so a silent gap cannot pass for a result). */
  readonly watchErrors: string[] = [];

  register(w: Workload, phase: Phase): void {
    this.tracks.set(`${w.namespace}/${w.name}`, {
      phase,
      placement: w.placement,
      replicas: w.replicas,
      deployIn: new Map(),
      configIn: new Map(),
      lastReady: 0,
    });
    this.tally[phase].workloads++;
  }

  submitted(w: Workload, at: number): void {
    const t = this.tracks.get(`${w.namespace}/${w.name}`);
    if (t !== undefined && t.submittedAt === undefined) {
      t.submittedAt = at;
      this.tally[t.phase].submitted++;
    }
  }

  /** Counters kept as the tracks fill in (the progress line and the probe ask often). */
  private readonly tally: Record<Phase, { -readonly [K in keyof PhaseCounts]: number }> = {
    main: { workloads: 0, submitted: 0, bindings: 0, scheduled: 0, distributed: 0, deps: 0, ready: 0 },
    burst: { workloads: 0, submitted: 0, bindings: 0, scheduled: 0, distributed: 0, deps: 0, ready: 0 },
  };

  counts(phase: Phase): PhaseCounts {
    return { ...this.tally[phase] };
  }

  onBinding(type: WatchEvent['type'], b: BindingLike, at: number): void {
    const r = b.spec?.resource;
    if (r?.kind !== 'Deployment' || (type !== 'ADDED' && type !== 'MODIFIED')) return;
    const t = this.tracks.get(`${r.namespace ?? ''}/${r.name ?? ''}`);
    if (t === undefined) return;
    if (t.bindingAt === undefined) {
      t.bindingAt = at;
      this.tally[t.phase].bindings++;
    }
    if (t.scheduledAt !== undefined) return;
    const scheduled = (b.status?.conditions ?? []).some((c) => c.type === 'Scheduled' && c.status === 'True');
    const clusters = b.spec?.clusters ?? [];
    if (!scheduled || clusters.length === 0) return;
    t.scheduledAt = at;
    this.tally[t.phase].scheduled++;
    t.targets = clusters.map((c) => c.name);
    const duplicated = b.spec?.placement?.replicaScheduling?.replicaSchedulingType === 'Duplicated';
    t.expectedReady = duplicated ? (b.spec?.replicas ?? t.replicas) * clusters.length : clusters.reduce((s, c) => s + (c.replicas ?? 0), 0);
    this.check(t, at);
  }

  onMemberObject(member: string, kind: 'Deployment' | 'ConfigMap', type: WatchEvent['type'], o: KubeObject, at: number): void {
    if (type === 'DELETED' || type === 'BOOKMARK' || type === 'ERROR') return;
    const ns = o.metadata.namespace ?? '';
    const name = kind === 'Deployment' ? (o.metadata.name ?? '') : (o.metadata.name ?? '').replace(/-config$/, '');
    const t = this.tracks.get(`${ns}/${name}`);
    if (t === undefined) return;
    const into = kind === 'Deployment' ? t.deployIn : t.configIn;
    if (!into.has(member)) into.set(member, at);
    this.check(t, at);
  }

  onTemplate(type: WatchEvent['type'], o: KubeObject, at: number): void {
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const t = this.tracks.get(`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
    if (t === undefined) return;
    const status = o['status'] as { readyReplicas?: number } | undefined;
    t.lastReady = status?.readyReplicas ?? 0;
    this.check(t, at);
  }

  private check(t: WorkloadTrack, at: number): void {
    const targets = t.targets;
    if (targets === undefined) return;
    const tally = this.tally[t.phase];
    if (t.distributedAt === undefined && targets.every((c) => t.deployIn.has(c))) {
      t.distributedAt = Math.max(...targets.map((c) => t.deployIn.get(c) ?? at));
      tally.distributed++;
    }
    if (t.depsAt === undefined && targets.every((c) => t.configIn.has(c))) {
      t.depsAt = Math.max(...targets.map((c) => t.configIn.get(c) ?? at));
      tally.deps++;
    }
    if (t.readyAt === undefined && t.distributedAt !== undefined && t.expectedReady !== undefined && t.lastReady >= t.expectedReady) {
      t.readyAt = at;
      tally.ready++;
    }
  }

  /** Watch events of benchmark objects in members (forwarded from the members' thread, `at` in this thread's clock). */
  onMemberEvents(events: readonly MemberObjectEvent[]): void {
    for (const e of events) {
      this.writes.note(`member ${e.kind}`, e.at);
      this.onMemberObject(e.member, e.kind, e.type as WatchEvent['type'], { metadata: { namespace: e.namespace, name: e.name } }, e.at);
    }
  }

  /**
   * Watches the control plane: ResourceBindings and templates for latencies, plus Works and the
   * benchmark's ConfigMaps for the write log. From the current state on (no replay).
   */
  async watchPlane(client: KubeClient, label: string, signal: AbortSignal): Promise<void> {
    const specs: [string, ResourceTarget, string | undefined, (e: WatchEvent, at: number) => void][] = [
      ['ResourceBinding', BINDINGS, undefined, (e, at) => this.onBinding(e.type, e.object as BindingLike, at)],
      ['Deployment', DEPLOYMENTS, label, (e, at) => this.onTemplate(e.type, e.object, at)],
      ['Work', WORKS, undefined, () => undefined],
      ['ConfigMap', CONFIGMAPS, label, () => undefined],
    ];
    for (const [what, target, labelSelector, handle] of specs) {
      const list = await client.list(target, { limit: 1, ...(labelSelector === undefined ? {} : { labelSelector }) });
      const resourceVersion = list.metadata?.resourceVersion ?? '';
      this.loop(`plane ${what}`, client, target, { resourceVersion, ...(labelSelector === undefined ? {} : { labelSelector }) }, signal, (e, at) => {
        this.writes.note(`plane ${what}`, at);
        handle(e, at);
      });
    }
  }

  private loop(
    what: string,
    client: KubeClient,
    target: ResourceTarget,
    options: { labelSelector?: string; resourceVersion?: string },
    signal: AbortSignal,
    handle: (e: WatchEvent, at: number) => void,
  ): void {
    void (async () => {
      try {
        const stream = await client.watch(target, { ...options, signal });
        for await (const event of stream) {
          if (event.type === 'ERROR') {
            this.watchErrors.push(`${what}: ${JSON.stringify(event.object).slice(0, 200)}`);
            break;
          }
          if (event.type !== 'BOOKMARK') handle(event, performance.now());
        }
      } catch (error) {
        if (!signal.aborted) this.watchErrors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  }
}
