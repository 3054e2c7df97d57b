/** The Markdown report of a scale run: the goals table first, then the details. */
import type { Percentiles } from './histogram.js';
import type { PhaseResult, ScaleResult } from './results.js';
import type { BucketSummary } from './server-histograms.js';

const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

function pctRow(name: string, p: Percentiles | BucketSummary): string {
  return row([name, int(p.count), ms(p.p50), ms(p.p90), ms(p.p99), 'max' in p ? ms(p.max) : '-']);
}

function goals(r: ScaleResult): string {
  const main = r.phases.find((p) => p.name === 'main');
  const burst = r.phases.find((p) => p.name === 'burst');
  const met = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'yes' : '**no**');
  let out = row(['metric', 'Karmada (64 vCPU)', 'goal (2 cores)', 'measured', 'met']) + row(['---', '---', '---', '---', '---']);
  if (main !== undefined) {
    const d = main.latencies.distribution.p99;
    out += row([
      'distribution latency P99',
      '1,298 ms (push)',
      '≤ 100 ms',
      `${ms(d)} ms (${int(main.latencies.distribution.count)} workloads at ${main.createdPerSecond.toFixed(0)}/s)`,
      met(d <= 100),
    ]);
  }
  if (burst !== undefined) {
    const s = burst.scheduler;
    out += row([
      'scheduler throughput',
      '~20 bindings/s (5,000)',
      '≥ 2,000/s',
      `${s.perSecond.toFixed(0)}/s (${int(s.bindings)} bindings in ${s.seconds.toFixed(1)} s)`,
      met(s.perSecond >= 2000),
    ]);
  } else if (main !== undefined) {
    out += row([
      'scheduler throughput',
      '~20 bindings/s (5,000)',
      '≥ 2,000/s',
      `not measured (no burst); sustained ${main.scheduler.perSecond.toFixed(0)}/s = creation rate`,
      'n/a',
    ]);
  }
  if (main !== undefined) {
    const probe = main.api.probe.latencies.mutating.p99;
    out += row([
      'mutating API call P99 during the run',
      'SLO 1 s',
      '≤ 50 ms',
      `${ms(probe)} ms (HTTPS probe); controllers in-process ${ms(main.api.controllers.mutating.p99)} ms`,
      met(probe <= 50),
    ]);
  }
  if (r.restart !== undefined) {
    const s = r.restart.idle.idleAfterMs / 1000;
    out += row([
      'cold restart to idle',
      '~5 min (30,000 + 30,000)',
      '≤ 60 s (30,000 + 30,000)',
      `${s.toFixed(1)} s with ${int(r.steady.templates)} templates + ${int(r.steady.configMaps)} ConfigMaps${r.restart.idle.idle ? '' : ' (never idle: gave up)'}`,
      r.steady.templates >= 30_000 ? met(s <= 60 && r.restart.idle.idle) : `${met(s <= 60 && r.restart.idle.idle)} (smaller set)`,
    ]);
  }
  out += row([
    'RSS with templates propagated',
    '> 1 GB (12,000)',
    '≤ 400 MB (12,000)',
    `${r.steady.rssMb.toFixed(0)} MB whole process (control plane + ${r.options.members} members + ${int(r.steady.pods)} pods) with ${int(r.steady.templates)} templates; live heap after a full GC ${r.steady.afterGc.heapUsedMb.toFixed(0)} MB${r.steady.membersHeap === undefined ? '' : ` in the control plane's thread (members' threads ${r.steady.membersHeap.heapUsedMb.toFixed(0)} MB)`}`,
    r.steady.templates >= 12_000 ? met(r.steady.rssMb <= 400) : `${met(r.steady.rssMb <= 400)} (smaller set)`,
  ]);
  return out;
}

function phaseSection(p: PhaseResult): string {
  let out = `### ${p.name} phase\n\n`;
  out += `${int(p.counts.workloads)} workloads created in ${p.createSeconds.toFixed(1)} s (${p.createdPerSecond.toFixed(1)}/s); ${p.counts.ready === p.counts.workloads ? 'all ready after' : `${int(p.counts.workloads - p.counts.ready)} never ready; stopped waiting after`} ${p.completeSeconds.toFixed(1)} s. `;
  out += `Bindings ${int(p.counts.bindings)}, scheduled ${int(p.counts.scheduled)}, distributed ${int(p.counts.distributed)}, dependencies ${int(p.counts.deps)}, ready ${int(p.counts.ready)}.\n\n`;
  out += row(['latency (ms)', 'count', 'P50', 'P90', 'P99', 'max']) + row(['---', '---:', '---:', '---:', '---:', '---:']);
  const l = p.latencies;
  out += pctRow('distribution (created → in every target member)', l.distribution);
  out += pctRow('dependency ConfigMap in every target member', l.dependency);
  out += pctRow('status (created → template shows all replicas ready)', l.status);
  out += pctRow('· detector (created → ResourceBinding)', l.detect);
  out += pctRow('· scheduler (ResourceBinding → Scheduled)', l.schedule);
  out += pctRow('· binding + execution (Scheduled → in every member)', l.dispatch);
  for (const [kind, d] of Object.entries(p.distributionByPlacement)) out += pctRow(`distribution, ${kind}`, d);
  out += `\nScheduler: ${int(p.scheduler.bindings)} bindings in ${p.scheduler.seconds.toFixed(1)} s = ${p.scheduler.perSecond.toFixed(0)}/s`;
  out +=
    p.scheduler.fromFirstScheduledPerSecond === undefined
      ? ''
      : ` (${p.scheduler.fromFirstScheduledPerSecond.toFixed(0)}/s from the first Scheduled condition to the last)`;
  out += p.name === 'burst' ? ', from releasing the held scheduler to the last Scheduled condition.\n\n' : ' (bounded by the creation rate).\n\n';
  out += row(['API calls during the phase (ms)', 'count', 'P50', 'P90', 'P99', 'max']) + row(['---', '---:', '---:', '---:', '---:', '---:']);
  const probe = p.api.probe.latencies;
  out += pctRow('HTTPS probe: mutating (POST/PATCH/DELETE ConfigMap)', probe.mutating);
  out += pctRow('HTTPS probe: GET one template', probe.get);
  out += pctRow('HTTPS probe: LIST Deployments of a namespace', probe.listNamespace);
  out += pctRow('HTTPS probe: LIST Clusters', probe.listCluster);
  out += pctRow(`HTTPS workload creates (${p.api.createErrors} errors)`, p.api.creates);
  out += pctRow('controllers → control plane, in-process: writes', p.api.controllers.mutating);
  out += pctRow('controllers → control plane, in-process: GET', p.api.controllers.get);
  out += pctRow('controllers → control plane, in-process: LIST', p.api.controllers.list);
  out += pctRow("members' API servers, server side: writes", p.api.members.mutating);
  out += pctRow("members' API servers, server side: reads", p.api.members.read);
  const perWorkload = (n: number): string => (n / Math.max(1, p.counts.workloads)).toFixed(1);
  out += `\nControllers' calls to the control plane per workload: ${Object.entries(p.api.controllerCalls)
    .slice(0, 12)
    .map(([k, n]) => `${k} ${perWorkload(n)}`)
    .join(', ')}.\n`;
  out += `\nProbe errors: ${p.api.probe.errors}. Resources (whole process): peak RSS ${p.resources.peakRssMb.toFixed(0)} MB, end RSS ${p.resources.endRssMb.toFixed(0)} MB (heap ${p.resources.endHeapUsedMb.toFixed(0)} MB), `;
  out += `CPU ${p.resources.cpuSeconds.toFixed(0)} s = ${p.resources.meanCpuPercent.toFixed(0)}% of one core on average (control-plane thread ${p.resources.mainCpuSeconds.toFixed(0)} s = ${p.resources.meanMainCpuPercent.toFixed(0)}%, member threads ${p.resources.meanMembersCpuPercent.toFixed(0)}%), worst event-loop delay P99 ${p.resources.maxLoopDelayP99Ms.toFixed(0)} ms; machine load average ${p.resources.meanLoad.toFixed(1)} (other processes included).\n\n`;
  return out;
}

export function renderMarkdown(r: ScaleResult, chartBase: string): string {
  const o = r.options;
  let out = `## Scale benchmark, ${r.date.slice(0, 16).replace('T', ' ')} UTC\n\n`;
  out += `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node} (${r.machine.platform}); commit ${r.commit}. `;
  out += `Everything runs in one process: the control plane (${o.storage ?? 'SQLite'}), its controllers and scheduler, ${o.members} simulated members (${o.nodes} nodes each, each a full API server on memory storage with a workload simulator; ${o.memberThreads === 0 ? "in the control plane's thread" : `in ${o.memberThreads} worker thread(s) of their own`}) and the benchmark's watches; RSS and CPU are that process's, the control-plane thread's CPU is measured apart.\n\n`;
  out += `Run: \`npm run bench -- scale --members ${o.members} --workloads ${o.workloads} --rate ${o.rate} --burst ${o.burst}\` — each workload a Deployment (${o.replicas} replicas) + its ConfigMap (propagateDeps) + its PropagationPolicy; placements in turn: Duplicated to 3 clusters, static weights over 2, dynamic weights (AvailableReplicas) spread over 2 regions.\n\n`;
  out += goals(r);
  if (chartBase !== '') out += `\n![latency distributions](${chartBase}-latency.svg)\n\n![resources](${chartBase}-resources.svg)\n`;
  out += `\nSetup: ${o.members} members Ready in ${r.setup.seconds.toFixed(1)} s, RSS ${r.setup.rssMb.toFixed(0)} MB.\n\n`;
  for (const p of r.phases) out += phaseSection(p);
  const s = r.steady;
  out += `### steady state and restart\n\nAfter everything settled (idle ${s.idle.idle ? 'reached' : 'NOT reached'}): ${int(s.templates)} templates and ${int(s.configMaps)} ConfigMaps propagated, ${int(s.pods)} pods in the members, RSS ${s.rssMb.toFixed(0)} MB, heap ${s.heapUsedMb.toFixed(0)} MB; after a forced full GC RSS ${s.afterGc.rssMb.toFixed(0)} MB, heap used ${s.afterGc.heapUsedMb.toFixed(0)} MB of ${s.afterGc.heapTotalMb.toFixed(0)} MB${s.membersHeap === undefined ? '' : ` in the control plane's thread, ${s.membersHeap.heapUsedMb.toFixed(0)} MB of ${s.membersHeap.heapTotalMb.toFixed(0)} MB in the members' threads`}.\n\n`;
  if (r.restart !== undefined) {
    const x = r.restart;
    out += `Cold restart (control plane, controllers and scheduler stopped in ${x.stopSeconds.toFixed(1)} s and started again on the same data; the members keep running): serving after ${x.servingSeconds.toFixed(1)} s, idle after ${(x.idle.idleAfterMs / 1000).toFixed(1)} s${x.idle.idle ? '' : ' (gave up: never idle)'}; `;
    out += `largest queue depth ${int(x.idle.maxDepth)}; keys processed ${
      Object.entries(x.idle.addsByQueue)
        .filter(([, n]) => n > 0)
        .map(([q, n]) => `${q} ${int(n)}`)
        .join(', ') || 'none'
    }; `;
    out += `writes seen ${
      Object.entries(x.idle.writes)
        .map(([w, n]) => `${w} ${int(n)}`)
        .join(', ') || 'none'
    }. CPU ${x.resources.cpuSeconds.toFixed(0)} s, peak RSS ${x.resources.peakRssMb.toFixed(0)} MB.\n\n`;
  }
  out += `Teardown: ${r.teardown.seconds.toFixed(1)} s; still listening afterwards: ${r.teardown.stillListening.length === 0 ? 'nothing' : r.teardown.stillListening.join(', ')}; open handles: ${r.teardown.activeResources.length === 0 ? 'none' : r.teardown.activeResources.join(', ')}. Watch errors: ${r.watchErrors.length === 0 ? 'none' : r.watchErrors.slice(0, 5).join('; ')}.\n`;
  return out;
}
