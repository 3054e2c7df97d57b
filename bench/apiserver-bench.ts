import { Agent, request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type RunningControlPlane } from '../src/controlplane/control-plane.js';
import { openStore } from '../src/storage/registry.js';
import { createLogger } from '../src/util/logger.js';
import { fmt, percentiles } from './latency.js';

interface Client {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: string; ms: number }>;
  close(): void;
}

function httpsClient(plane: RunningControlPlane, sockets: number): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, ca: plane.pki.ca.certPem });
  const base = new URL(plane.url);
  return {
    call(method, path, body) {
      const started = performance.now();
      const text = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          { host: base.hostname, port: base.port, path, method, agent, headers: { Authorization: `Bearer ${plane.pki.adminToken}`, 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
          },
        );
        req.on('socket', (socket) => socket.setNoDelay(true));
        req.on('error', reject);
        req.end(text);
      });
    },
    close: () => agent.destroy(),
  };
}

function configMap(name: string): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bench', labels: { app: 'bench' } }, data: { key: 'value'.repeat(20) } };
}

/** Closed loop: `concurrency` workers issue `total` requests back to back. */
async function closedLoop(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<{ status: number; ms: number }>,
): Promise<{ perSecond: number; lat: ReturnType<typeof percentiles>; errors: number; cpuMicrosPerOp: number }> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const r = await op(i);
        samples.push(r.ms);
        if (r.status >= 300) {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: total / seconds, lat: percentiles(samples), errors, cpuMicrosPerOp: (used.user + used.system) / total };
}

/** Open loop: requests start at a fixed rate whatever the latency, as load from many clients. */
async function openLoop(ratePerSecond: number, seconds: number, op: (i: number) => Promise<{ status: number; ms: number }>): Promise<{ achieved: number; lat: ReturnType<typeof percentiles>; errors: number }> {
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  const total = ratePerSecond * seconds;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) {
      await new Promise((r) => setTimeout(r, wait));
    }
    pending.push(
      op(i).then((r) => {
        samples.push(r.ms);
        if (r.status >= 300) {
          errors++;
        }
      }),
    );
  }
  await Promise.all(pending);
  return { achieved: total / ((performance.now() - started) / 1000), lat: percentiles(samples), errors };
}

async function rawWrites(url: string, total: number): Promise<number> {
  const store = await openStore(url);
  const started = performance.now();
  const value = JSON.stringify(configMap('x'));
  await Promise.all(Array.from({ length: 64 }, async (_, w) => {
    for (let i = w; i < total; i += 64) {
      await store.create(`/bench/raw/${i}`, value);
    }
  }));
  const perSecond = total / ((performance.now() - started) / 1000);
  await store.close();
  return perSecond;
}

/** API server throughput and latency over HTTPS, against raw storage writes on the same driver. */
export async function run(args: string[]): Promise<void> {
  const n = Number(args.find((a) => a.startsWith('--objects='))?.split('=')[1] ?? '3000');
  const dir = mkdtempSync(join(tmpdir(), 'karmada-bench-'));
  const rawDir = mkdtempSync(join(tmpdir(), 'karmada-bench-raw-'));
  try {
    const raw = await rawWrites(`sqlite:${join(rawDir, 'raw.db')}`, n);
    const plane = await startControlPlane({ dataDir: dir, port: 0, bind: '127.0.0.1', logger: createLogger('bench') });
    const client = httpsClient(plane, 64);
    await client.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    const creates = await closedLoop(n, 64, (i) => client.call('POST', '/api/v1/namespaces/bench/configmaps', configMap(`cm-${i}`)));
    const gets = await closedLoop(n, 64, (i) => client.call('GET', `/api/v1/namespaces/bench/configmaps/cm-${i % n}`));
    const listStarted = performance.now();
    const lists = 20;
    for (let i = 0; i < lists; i++) {
      await client.call('GET', '/api/v1/namespaces/bench/configmaps');
    }
    const listItemsPerSecond = (lists * n) / ((performance.now() - listStarted) / 1000);
    // watch throughput: one watcher receives n updates
    const watchPromise = new Promise<number>((resolve) => {
      const base = new URL(plane.url);
      let count = 0;
      let firstAt = 0;
      const req = request(
        { host: base.hostname, port: base.port, path: '/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=' + '', ca: plane.pki.ca.certPem, headers: { Authorization: `Bearer ${plane.pki.adminToken}` } },
        (res) => {
          res.on('data', (c: Buffer) => {
            count += c.toString().split('\n').filter((l) => l.includes('"MODIFIED"')).length;
            if (firstAt === 0 && count > 0) {
              firstAt = performance.now();
            }
            if (count >= n) {
              resolve(n / ((performance.now() - firstAt) / 1000));
              req.destroy();
            }
          });
        },
      );
      req.end();
    });
    await new Promise((r) => setTimeout(r, 500));
    await closedLoop(n, 32, (i) => client.call('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${i}`, { data: { key: `v${i}` } }).catch(() => ({ status: 500, ms: 0 })));
    const watchEvents = await Promise.race([watchPromise, new Promise<number>((r) => setTimeout(() => r(0), 30_000))]);
    const open = await openLoop(1000, 5, (i) => client.call('POST', '/api/v1/namespaces/bench/configmaps', configMap(`open-${i}`)));
    client.close();
    await plane.stop();
    const rows: [string, string][] = [
      ['raw SQLite writes/s (64 concurrent)', fmt(raw, 0)],
      ['API creates/s (HTTPS, 64 concurrent)', fmt(creates.perSecond, 0)],
      ['API creates / raw writes', fmt(creates.perSecond / raw, 3)],
      ['API create latency P50 / P99 ms (closed loop)', `${fmt(creates.lat.p50)} / ${fmt(creates.lat.p99)}`],
      ['CPU per API create, server + client in one process (µs)', fmt(creates.cpuMicrosPerOp, 0)],
      ['API gets/s', fmt(gets.perSecond, 0)],
      ['API get latency P50 / P99 ms', `${fmt(gets.lat.p50)} / ${fmt(gets.lat.p99)}`],
      ['CPU per API get, server + client (µs)', fmt(gets.cpuMicrosPerOp, 0)],
      [`list throughput (items/s, ${n}-item lists)`, fmt(listItemsPerSecond, 0)],
      ['watch events/s delivered to one watcher', fmt(watchEvents, 0)],
      ['open loop 1,000 creates/s: achieved/s', fmt(open.achieved, 0)],
      ['open loop 1,000 creates/s: P50 / P99 ms', `${fmt(open.lat.p50)} / ${fmt(open.lat.p99)}`],
      ['errors', String(creates.errors + gets.errors + open.errors)],
    ];
    process.stdout.write('| metric | value |\n|---|---|\n');
    for (const [k, v] of rows) {
      process.stdout.write(`| ${k} | ${v} |\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(rawDir, { recursive: true, force: true });
  }
}
