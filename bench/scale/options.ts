/** Command-line options of `npm run bench -- scale`. */
import { parseArgs } from 'node:util';

export interface ScaleOptions {
  readonly members: number;
  readonly workloads: number;
  /** Workloads created per second in the main phase; 0 = as fast as `concurrency` allows. */
  readonly rate: number;
  readonly concurrency: number;
  /** Workloads of the scheduler burst phase (created with the scheduler held); 0 skips it. */
  readonly burst: number;
  readonly storage?: string;
  readonly nodes: number;
  readonly nodeCpu: string;
  readonly nodeMemory: string;
  readonly nodePods: string;
  readonly replicas: number;
  readonly namespaces: number;
  readonly podReadyDelayMs: number;
  readonly memberEvents: boolean;
  readonly leaseRenewMs: number;
  readonly nodeStatusRefreshMs: number;
  readonly clusterStatusPeriodMs: number;
  readonly startConcurrency: number;
  /** Worker threads hosting the members (0 = the main thread, with the control plane). */
  readonly memberThreads: number;
  /** The scheduler's accurate estimator (watches every member's nodes and pods); on by default as in `karmada up`. */
  readonly schedulerEstimator: boolean;
  /** Compaction interval of the members' in-memory storage (ms). */
  readonly memberCompactionMs: number;
  /** pino level of the components' logs (stderr); default silent (conflict retries are routine). */
  readonly logLevel: string;
  /** Probe calls per second against the control plane's HTTPS API. */
  readonly probeRate: number;
  /** Quiet window that defines idle (ms). */
  readonly quietMs: number;
  /** Give up waiting when nothing progressed for this long (ms). */
  readonly stallTimeoutMs: number;
  readonly restart: boolean;
  readonly outDir: string;
  readonly dataDir?: string;
  readonly keepData: boolean;
  /** Write a .cpuprofile of the measured phases here. */
  readonly cpuProf?: string;
  readonly heapSnapshot: boolean;
  /** Write no result files (the smoke test). */
  readonly noWrite: boolean;
}

export const SCALE_USAGE = `npm run bench -- scale [options]
  --members N            simulated member clusters (100)
  --workloads M          Deployments (+ ConfigMap + PropagationPolicy each) in the main phase (5000)
  --rate R               workloads created per second, 0 = unthrottled (5, the qps of Karmada's performance tooling)
  --concurrency C        creations in flight (32)
  --burst B              workloads of the scheduler burst phase, 0 skips it (min(M, 5000))
  --storage URL          control-plane storage (sqlite:<data-dir>/karmada.db), e.g. etcd://127.0.0.1:2379
  --nodes K              nodes per member (2); --node-pods (250) --node-cpu (64) --node-memory (256Gi)
  --replicas N           replicas per Deployment (2)
  --namespaces N         namespaces the workloads spread over (10)
  --pod-ready-delay MS   member pod start delay (500)
  --member-events        record core/v1 Events in members (off)
  --lease-renew MS       member node lease renewal (40000); --node-status-refresh MS (60000)
  --cluster-status-period MS  Karmada's --cluster-status-update-frequency (10000)
  --start-concurrency N  members started at once, per member thread (4)
  --member-threads N     worker threads hosting the members, 0 = the control plane's thread (1)
  --no-scheduler-estimator  without the scheduler's accurate estimator (node and pod watches of every member)
  --member-compaction MS compaction interval of the members' in-memory storage (60000)
  --log-level LEVEL      components' log level on stderr (silent)
  --probe-rate N         HTTPS probe calls per second during the run (10)
  --quiet MS             quiet window that defines idle (10000)
  --stall-timeout S      stop waiting when nothing progressed for S seconds (180)
  --no-restart           skip the cold restart
  --out DIR              results directory (bench/results)
  --data-dir DIR --keep-data   where the control plane keeps its data (temporary, removed)
  --cpu-prof FILE        CPU profile of the measured phases
  --heap-snapshot        write a heap snapshot before the restart (next to the results)`;

function int(v: string | undefined, fallback: number, name: string, min = 0): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got ${v}`);
  return n;
}

export function parseScaleOptions(args: readonly string[]): ScaleOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      members: { type: 'string' },
      workloads: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      burst: { type: 'string' },
      storage: { type: 'string' },
      nodes: { type: 'string' },
      'node-cpu': { type: 'string' },
      'node-memory': { type: 'string' },
      'node-pods': { type: 'string' },
      replicas: { type: 'string' },
      namespaces: { type: 'string' },
      'pod-ready-delay': { type: 'string' },
      'member-events': { type: 'boolean' },
      'lease-renew': { type: 'string' },
      'node-status-refresh': { type: 'string' },
      'cluster-status-period': { type: 'string' },
      'start-concurrency': { type: 'string' },
      'member-threads': { type: 'string' },
      'no-scheduler-estimator': { type: 'boolean' },
      'member-compaction': { type: 'string' },
      'log-level': { type: 'string' },
      'probe-rate': { type: 'string' },
      quiet: { type: 'string' },
      'stall-timeout': { type: 'string' },
      'no-restart': { type: 'boolean' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      'keep-data': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      'heap-snapshot': { type: 'boolean' },
      'no-write': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${SCALE_USAGE}\n`);
    process.exit(0);
  }
  const workloads = int(values.workloads, 5000, 'workloads', 1);
  return {
    members: int(values.members, 100, 'members', 1),
    workloads,
    rate: int(values.rate, 5, 'rate'),
    concurrency: int(values.concurrency, 32, 'concurrency', 1),
    burst: int(values.burst, Math.min(workloads, 5000), 'burst'),
    ...(values.storage === undefined ? {} : { storage: values.storage }),
    nodes: int(values.nodes, 2, 'nodes', 1),
    nodeCpu: values['node-cpu'] ?? '64',
    nodeMemory: values['node-memory'] ?? '256Gi',
    nodePods: values['node-pods'] ?? '250',
    replicas: int(values.replicas, 2, 'replicas', 1),
    namespaces: int(values.namespaces, 10, 'namespaces', 1),
    podReadyDelayMs: int(values['pod-ready-delay'], 500, 'pod-ready-delay'),
    memberEvents: values['member-events'] === true,
    leaseRenewMs: int(values['lease-renew'], 40_000, 'lease-renew', 100),
    nodeStatusRefreshMs: int(values['node-status-refresh'], 60_000, 'node-status-refresh', 100),
    clusterStatusPeriodMs: int(values['cluster-status-period'], 10_000, 'cluster-status-period', 100),
    startConcurrency: int(values['start-concurrency'], 4, 'start-concurrency', 1),
    memberThreads: int(values['member-threads'], 1, 'member-threads'),
    schedulerEstimator: values['no-scheduler-estimator'] !== true,
    memberCompactionMs: int(values['member-compaction'], 60_000, 'member-compaction', 1000),
    logLevel: values['log-level'] ?? 'silent',
    probeRate: int(values['probe-rate'], 10, 'probe-rate'),
    quietMs: int(values.quiet, 10_000, 'quiet', 100),
    stallTimeoutMs: int(values['stall-timeout'], 180, 'stall-timeout', 1) * 1000,
    restart: values['no-restart'] !== true,
    outDir: values.out ?? 'bench/results',
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
    keepData: values['keep-data'] === true,
    ...(values['cpu-prof'] === undefined ? {} : { cpuProf: values['cpu-prof'] }),
    heapSnapshot: values['heap-snapshot'] === true,
    noWrite: values['no-write'] === true,
  };
}
