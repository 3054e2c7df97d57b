/**
 * Raw storage write throughput: creates per second for each driver, one writer at a
 * time and with many concurrent writers. Run directly (`node --import tsx
 * bench/storage-bench.ts [--writes N] [--drivers memory,sqlite,etcd]`) or through
 * runStorageBench from the benchmark runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type EtcdProcess, etcdAvailable, startEtcd } from '../src/storage/etcd/etcd-process.js';
import { openStore } from '../src/storage/registry.js';
import type { Store } from '../src/storage/storage.js';

/** A driver the benchmark can measure. */
export type StorageBenchDriver = 'memory' | 'sqlite' | 'etcd';

/** What to measure. */
export interface StorageBenchOptions {
  /** Drivers to measure (default all; etcd is skipped when /usr/bin/etcd is missing). */
  readonly drivers?: readonly StorageBenchDriver[];
  /** Creates per run for memory and SQLite (default 20000). */
  readonly writes?: number;
  /** Creates per run for etcd, which fsyncs every commit (default 2000). */
  readonly etcdWrites?: number;
  /** Writers in the concurrent run (default 64). */
  readonly concurrency?: number;
  /** Print a table to stdout (default false). */
  readonly print?: boolean;
}

/** A typical small object (a ConfigMap of about 1 KiB), as the apiserver would store it. */
function objectJson(i: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `bench-${i}`,
      namespace: 'default',
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: 'bench', tier: 'storage' },
      creationTimestamp: '2024-01-01T00:00:00Z',
    },
    data: { payload: 'x'.repeat(800) },
  });
}

/** Creates `count` keys with `concurrency` writers; returns creates per second. */
async function measureCreates(store: Store, prefix: string, count: number, concurrency: number): Promise<number> {
  // Serialise before the clock starts: this measures storage, not JSON.stringify.
  const values = Array.from({ length: count }, (_, i) => objectJson(i));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await store.create(`${prefix}${i}`, values[i] ?? '');
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** Runs the benchmark; keys are `<driver>.create.<seq|cN>.ops_per_s`. */
export async function runStorageBench(options: StorageBenchOptions = {}): Promise<Record<string, number>> {
  const drivers = options.drivers ?? ['memory', 'sqlite', 'etcd'];
  const concurrency = options.concurrency ?? 64;
  const results: Record<string, number> = {};
  const dir = mkdtempSync(join(tmpdir(), 'karmada-storage-bench-'));
  let etcd: EtcdProcess | undefined;
  try {
    for (const driver of drivers) {
      let url: string;
      if (driver === 'memory') url = 'memory:';
      else if (driver === 'sqlite') url = `sqlite:${join(dir, 'bench.db')}`;
      else if (etcdAvailable()) {
        etcd ??= await startEtcd();
        url = etcd.url;
      } else {
        if (options.print === true) console.log('etcd: skipped (/usr/bin/etcd not installed)');
        continue;
      }
      const writes = driver === 'etcd' ? (options.etcdWrites ?? 2000) : (options.writes ?? 20000);
      const store = await openStore(url);
      try {
        // A short warm-up so JIT and connection setup do not count.
        await measureCreates(store, '/registry/configmaps/warmup/', Math.min(500, writes), 1);
        results[`${driver}.create.seq.ops_per_s`] = await measureCreates(store, '/registry/configmaps/seq/', writes, 1);
        results[`${driver}.create.c${concurrency}.ops_per_s`] = await measureCreates(store, '/registry/configmaps/par/', writes, concurrency);
      } finally {
        await store.close();
      }
    }
  } finally {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.print === true) printTable(results, concurrency);
  return results;
}

function printTable(results: Record<string, number>, concurrency: number): void {
  const rows = ['memory', 'sqlite', 'etcd']
    .filter((d) => results[`${d}.create.seq.ops_per_s`] !== undefined)
    .map((d) => [d, results[`${d}.create.seq.ops_per_s`] ?? 0, results[`${d}.create.c${concurrency}.ops_per_s`] ?? 0] as const);
  const header = ['driver', 'creates/s (1 writer)', `creates/s (${concurrency} writers)`];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(8) : h.padStart(24))).join(''));
  for (const [driver, seq, par] of rows) {
    console.log(driver.padEnd(8) + Math.round(seq).toLocaleString('en-US').padStart(24) + Math.round(par).toLocaleString('en-US').padStart(24));
  }
}

function parseArgs(argv: readonly string[]): StorageBenchOptions {
  let drivers: StorageBenchDriver[] | undefined;
  let writes: number | undefined;
  let etcdWrites: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--drivers' && value !== undefined) {
      drivers = value.split(',').filter((d): d is StorageBenchDriver => d === 'memory' || d === 'sqlite' || d === 'etcd');
      i++;
    } else if (argv[i] === '--writes' && value !== undefined) {
      writes = Number(value);
      i++;
    } else if (argv[i] === '--etcd-writes' && value !== undefined) {
      etcdWrites = Number(value);
      i++;
    }
  }
  return {
    print: true,
    ...(drivers === undefined ? {} : { drivers }),
    ...(writes === undefined ? {} : { writes }),
    ...(etcdWrites === undefined ? {} : { etcdWrites }),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runStorageBench(parseArgs(process.argv.slice(2)));
}
