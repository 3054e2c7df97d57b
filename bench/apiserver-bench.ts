/**
 * API server benchmark: creates, gets, lists, watch events and open-loop latency over HTTPS,
 * against raw SQLite writes. The server runs in its own process (apiserver-bench-server.ts),
 * so its CPU per request is measured alone; this process is the load generator.
 *
 * Options: `--objects=N` (default 3000), `--http2` (client speaks HTTP/2, one connection, as
 * client-go does), `--cpu-prof` (the server writes a V8 profile of each phase into `--prof-dir`,
 * default .tmp; CPU figures then include the profiler's overhead),
 * `--phases=create,get,list,watch,open` (subset, for profiling), `--open-rate=1000`,
 * `--open-seconds=5`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { connect, constants as h2, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/storage/registry.js';
import type { ServerCommand, ServerReport } from './apiserver-bench-server.js';
import { fmt, percentiles } from './latency.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

interface Client {
  call(method: string, path: string, body?: unknown): Promise<Reply>;
  /** A watch stream: calls onLine for every line received until the returned stop is called. */
  stream(path: string, onLine: (line: string) => void): () => void;
  close(): void;
}

interface Server {
  readonly url: string;
  readonly caPem: string;
  readonly token: string;
  /** Server CPU time so far (µs) and its event-loop utilisation since the previous call. */
  cpu(): Promise<{ micros: number; elu: number }>;
  /** Starts a V8 CPU profile in the server process. */
  startProfile(): Promise<void>;
  /** Stops the profile and writes it to `file`. */
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

async function startServer(dataDir: string): Promise<Server> {
  const execArgv = ['--import', 'tsx'];
  const child: ChildProcess = fork(join(here, 'apiserver-bench-server.ts'), [dataDir], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type: ServerReport['type']): Promise<ServerReport> =>
    new Promise((resolveReport, reject) => {
      const onMessage = (message: ServerReport): void => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveReport(message);
      };
      const onExit = (code: number | null): void => reject(new Error(`bench server exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const command = (c: ServerCommand): void => {
    child.send(c);
  };
  const ready = await next('ready');
  if (ready.type !== 'ready') throw new Error('unexpected report');
  return {
    url: ready.url,
    caPem: ready.caPem,
    token: ready.token,
    async cpu() {
      const reply = next('cpu');
      command({ type: 'cpu' });
      const r = await reply;
      return r.type === 'cpu' ? { micros: r.micros, elu: r.elu } : { micros: 0, elu: 0 };
    },
    async startProfile() {
      const reply = next('profiled');
      command({ type: 'profile-start' });
      await reply;
    },
    async stopProfile(file) {
      const reply = next('profiled');
      command({ type: 'profile-stop', file });
      await reply;
    },
    async stop() {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      command({ type: 'stop' });
      await exited;
    },
  };
}

function contentType(method: string): string {
  return method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
}

function http1Client(server: Server, sockets: number): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, ca: server.caPem });
  const base = new URL(server.url);
  const headers = (method: string): Record<string, string> => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': contentType(method) });
  return {
    call(method, path, body) {
      const text = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolveReply, reject) => {
        const req = request({ host: base.hostname, port: base.port, path, method, agent, headers: headers(method) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolveReply({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        });
        req.on('socket', (socket) => socket.setNoDelay(true));
        req.on('error', reject);
        req.end(text);
      });
    },
    stream(path, onLine) {
      // its own connection, as a watch holds an HTTP/1.1 connection for its lifetime
      const req = request({ host: base.hostname, port: base.port, path, ca: server.caPem, headers: headers('GET') }, (res) => {
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          const lines = (rest + c).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) onLine(line);
        });
      });
      req.on('error', () => undefined);
      req.end();
      return () => req.destroy();
    },
    close: () => agent.destroy(),
  };
}

async function http2Client(server: Server): Promise<Client> {
  const session: ClientHttp2Session = connect(server.url, { ca: server.caPem });
  await new Promise<void>((resolveConnect, reject) => {
    session.once('connect', () => resolveConnect());
    session.once('error', (error: Error & { code?: string }) =>
      reject(
        error.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL'
          ? new Error('--http2: the API server does not offer h2 in TLS ALPN (HTTP/1.1 only)')
          : error,
      ),
    );
  });
  session.on('error', () => undefined);
  const headers = (method: string, path: string): Record<string, string> => ({
    [h2.HTTP2_HEADER_METHOD]: method,
    [h2.HTTP2_HEADER_PATH]: path,
    authorization: `Bearer ${server.token}`,
    'content-type': contentType(method),
  });
  return {
    call(method, path, body) {
      return new Promise((resolveReply, reject) => {
        const stream = session.request(headers(method, path), { endStream: body === undefined });
        let status = 0;
        const chunks: Buffer[] = [];
        stream.on('response', (h) => (status = Number(h[h2.HTTP2_HEADER_STATUS] ?? 0)));
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolveReply({ status, body: Buffer.concat(chunks).toString() }));
        stream.on('error', reject);
        if (body !== undefined) stream.end(JSON.stringify(body));
      });
    },
    stream(path, onLine) {
      const stream = session.request(headers('GET', path));
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => {
        const lines = (rest + c).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      stream.on('error', () => undefined);
      return () => stream.close();
    },
    close: () => session.close(),
  };
}

/** What one phase measured: rate, latency, errors, and CPU per operation of server and client. */
interface PhaseResult {
  readonly perSecond: number;
  readonly lat: ReturnType<typeof percentiles>;
  readonly errors: number;
  readonly serverMicrosPerOp: number;
  readonly clientMicrosPerOp: number;
  /** The server's event-loop utilisation during the phase (1 = saturated). */
  readonly serverElu: number;
}

/** Where server profiles of each phase go (`--cpu-prof`); undefined: no profiling. */
let profileDir: string | undefined;

async function measured(
  server: Server,
  name: string,
  total: number,
  body: () => Promise<{ samples: number[]; errors: number; seconds: number }>,
): Promise<PhaseResult> {
  if (profileDir !== undefined) await server.startProfile();
  const before = await server.cpu();
  const clientCpu = process.cpuUsage();
  const { samples, errors, seconds } = await body();
  const clientUsed = process.cpuUsage(clientCpu);
  const after = await server.cpu();
  if (profileDir !== undefined) await server.stopProfile(join(profileDir, `apiserver-${name}.cpuprofile`));
  return {
    perSecond: total / seconds,
    lat: percentiles(samples),
    errors,
    serverMicrosPerOp: (after.micros - before.micros) / total,
    clientMicrosPerOp: (clientUsed.user + clientUsed.system) / total,
    serverElu: after.elu,
  };
}

/** Closed loop: `concurrency` workers issue `total` requests back to back. */
function closedLoop(server: Server, name: string, total: number, concurrency: number, op: (i: number) => Promise<Reply>): Promise<PhaseResult> {
  return measured(server, name, total, async () => {
    const samples: number[] = [];
    let next = 0;
    let errors = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < total; i = next++) {
          const t = performance.now();
          const r = await op(i).catch(() => ({ status: 0, body: '' }));
          samples.push(performance.now() - t);
          if (r.status >= 300 || r.status === 0) errors++;
        }
      }),
    );
    return { samples, errors, seconds: (performance.now() - started) / 1000 };
  });
}

/**
 * Open loop: request i is due at i/rate whatever the latency (load from many independent
 * clients); latency counts from the due time, so a client falling behind is not hidden.
 */
function openLoop(server: Server, name: string, ratePerSecond: number, seconds: number, op: (i: number) => Promise<Reply>): Promise<PhaseResult> {
  const total = Math.round(ratePerSecond * seconds);
  return measured(server, name, total, async () => {
    const samples: number[] = [];
    const pending: Promise<void>[] = [];
    let errors = 0;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / ratePerSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(
        op(i).then(
          (r) => {
            samples.push(performance.now() - due);
            if (r.status >= 300) errors++;
          },
          () => {
            samples.push(performance.now() - due);
            errors++;
          },
        ),
      );
    }
    await Promise.all(pending);
    return { samples, errors, seconds: (performance.now() - started) / 1000 };
  });
}

/** Raw storage creates/s with `writers` concurrent writers (same-tick writes commit together). */
async function rawWrites(url: string, value: string, total: number, writers: number): Promise<number> {
  const store = await openStore(url);
  try {
    for (let i = 0; i < 300; i++) await store.create(`/bench/warmup/${i}`, value);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = next++; i < total; i = next++) await store.create(`/bench/raw/${i}`, value);
      }),
    );
    return total / ((performance.now() - started) / 1000);
  } finally {
    await store.close();
  }
}

function configMap(name: string): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bench', labels: { app: 'bench' } }, data: { key: 'value'.repeat(20) } };
}

const PHASES = ['create', 'get', 'list', 'watch', 'open'] as const;
type Phase = (typeof PHASES)[number];

function option(args: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** Runs the benchmark and prints a Markdown table. */
export async function run(args: string[]): Promise<void> {
  const n = Number(option(args, 'objects') ?? '3000');
  const useHttp2 = args.includes('--http2');
  const openRate = Number(option(args, 'open-rate') ?? '1000');
  const openSeconds = Number(option(args, 'open-seconds') ?? '5');
  const phases = new Set<Phase>((option(args, 'phases')?.split(',') ?? PHASES).filter((p): p is Phase => (PHASES as readonly string[]).includes(p)));
  profileDir = args.includes('--cpu-prof') ? resolve(option(args, 'prof-dir') ?? '.tmp') : undefined;
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'karmada-bench-'));
  const rawDir = mkdtempSync(join(tmpdir(), 'karmada-bench-raw-'));
  const rows: [string, string][] = [];
  const row = (k: string, v: string): void => {
    rows.push([k, v]);
  };
  const phaseRows = (name: string, r: PhaseResult): void => {
    row(`${name}/s`, fmt(r.perSecond, 0));
    row(`${name} latency P50 / P99 / max ms`, `${fmt(r.lat.p50)} / ${fmt(r.lat.p99)} / ${fmt(r.lat.max)}`);
    row(`${name}: server CPU µs per request (client µs)`, `${fmt(r.serverMicrosPerOp, 0)} (${fmt(r.clientMicrosPerOp, 0)})`);
    row(`${name}: server event-loop utilisation`, fmt(r.serverElu, 2));
  };
  let errors = 0;
  let storedValue = JSON.stringify(configMap('x'));
  let creates: PhaseResult | undefined;
  try {
    const server = await startServer(dir);
    const client = useHttp2
      ? await http2Client(server).catch(async (error: unknown) => {
          await server.stop();
          throw error;
        })
      : http1Client(server, 64);
    try {
      await client.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
      // warm-up (JIT, connections), not counted
      for (let i = 0; i < 500; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => client.call('POST', '/api/v1/namespaces/bench/configmaps', configMap(`warm-${i + j}`))));
        await Promise.all(Array.from({ length: 50 }, (_, j) => client.call('GET', `/api/v1/namespaces/bench/configmaps/warm-${i + j}`)));
      }
      const stored = await client.call('GET', '/api/v1/namespaces/bench/configmaps/warm-0');
      const object = JSON.parse(stored.body) as { metadata: Record<string, unknown> };
      delete object.metadata['resourceVersion']; // storage keeps it out of the value
      storedValue = JSON.stringify(object);
      const label = useHttp2 ? 'HTTP/2, one connection, 64 concurrent' : 'HTTP/1.1, 64 keep-alive connections';
      row('client', `${label}; separate process`);
      if (phases.has('create') || phases.has('get') || phases.has('watch')) {
        creates = await closedLoop(server, 'create', n, 64, (i) => client.call('POST', '/api/v1/namespaces/bench/configmaps', configMap(`cm-${i}`)));
        phaseRows('creates', creates);
        errors += creates.errors;
      }
      if (phases.has('get')) {
        const gets = await closedLoop(server, 'get', n, 64, (i) => client.call('GET', `/api/v1/namespaces/bench/configmaps/cm-${i % n}`));
        phaseRows('gets', gets);
        errors += gets.errors;
      }
      if (phases.has('list')) {
        const lists = 20;
        const r = await closedLoop(server, 'list', lists, 1, () => client.call('GET', '/api/v1/namespaces/bench/configmaps'));
        row(`list throughput (items/s, ${n + 500}-item lists)`, fmt(r.perSecond * (n + 500), 0));
        row('list: server CPU µs per item', fmt(r.serverMicrosPerOp / (n + 500), 1));
      }
      if (phases.has('watch')) {
        let count = 0;
        let firstAt = 0;
        let lastAt = 0;
        const done = new Promise<void>((resolveDone) => {
          const stop = client.stream('/api/v1/namespaces/bench/configmaps?watch=true', (line) => {
            if (!line.includes('"MODIFIED"')) return;
            if (count++ === 0) firstAt = performance.now();
            if (count >= n) {
              lastAt = performance.now();
              stop();
              resolveDone();
            }
          });
        });
        await new Promise((r) => setTimeout(r, 500));
        const patches = await closedLoop(server, 'patch', n, 32, (i) =>
          client.call('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${i}`, { data: { key: `v${i}` } }),
        );
        await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
        phaseRows('patches (one watcher open)', patches);
        row('watch events/s delivered to one watcher', lastAt > firstAt ? fmt(n / ((lastAt - firstAt) / 1000), 0) : `timed out (${count}/${n})`);
        errors += patches.errors;
      }
      if (phases.has('open')) {
        const open = await openLoop(server, 'open', openRate, openSeconds, (i) =>
          client.call('POST', '/api/v1/namespaces/bench/configmaps', configMap(`open-${i}`)),
        );
        row(`open loop ${openRate} creates/s for ${openSeconds} s: achieved/s`, fmt(open.perSecond, 0));
        row(`open loop: P50 / P99 / max ms (from due time)`, `${fmt(open.lat.p50)} / ${fmt(open.lat.p99)} / ${fmt(open.lat.max)}`);
        row('open loop: server CPU µs per create (client µs)', `${fmt(open.serverMicrosPerOp, 0)} (${fmt(open.clientMicrosPerOp, 0)})`);
        row('open loop: server event-loop utilisation', fmt(open.serverElu, 2));
        errors += open.errors;
      }
    } finally {
      client.close();
      await server.stop();
    }
    // Raw writes of the very value the API stored, on the same driver and settings, with the server stopped.
    const rawUrl = `sqlite:${join(rawDir, 'raw.db')}`;
    const raw1 = await rawWrites(rawUrl, storedValue, n, 1);
    const raw64 = await rawWrites(`sqlite:${join(rawDir, 'raw64.db')}`, storedValue, n, 64);
    row(`raw SQLite creates/s, 1 writer (${storedValue.length}-byte value)`, fmt(raw1, 0));
    row('raw SQLite creates/s, 64 writers (same-tick writes commit together)', fmt(raw64, 0));
    if (creates !== undefined) {
      row('API creates / raw writes (1 writer)', fmt(creates.perSecond / raw1, 3));
      row('API creates / raw writes (64 writers; the goal ≥ 0.5 uses this)', fmt(creates.perSecond / raw64, 3));
    }
    row('errors', String(errors));
    process.stdout.write('| metric | value |\n|---|---|\n');
    for (const [k, v] of rows) process.stdout.write(`| ${k} | ${v} |\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(rawDir, { recursive: true, force: true });
  }
}
