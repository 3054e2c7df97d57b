/**
 * Chooses a storage driver by URL:
 * - `memory:` — in process memory;
 * - `sqlite:<file>` (also `sqlite://<file>`), optional `?synchronous=normal|full&poll=<ms>`;
 * - `etcd://host:port[,host:port...]`.
 */
import { homedir } from 'node:os';
import { StorageError } from './errors.js';
import { MemoryStore } from './memory/memory-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './storage.js';

/** How long openStore waits for etcd to answer before giving up. */
const etcdOpenTimeoutMs = 10_000;

/** Opens the store a storage URL names; etcd is contacted once so a bad address fails here. */
export async function openStore(url: string): Promise<Store> {
  if (url === 'memory:' || url === 'memory://') return new MemoryStore();
  if (url.startsWith('sqlite:')) return openSqliteStore(parseSqliteUrl(url));
  if (url.startsWith('etcd://')) {
    const endpoints = parseEtcdUrl(url);
    // Loaded on demand: the etcd client (gRPC) takes a noticeable time to import.
    const { openEtcdStore } = await import('./etcd/etcd-store.js');
    const store = openEtcdStore({ endpoints });
    try {
      await withTimeout(store.currentRevision(), etcdOpenTimeoutMs, `etcd at ${endpoints.join(',')} did not answer`);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  throw new Error(`unsupported storage URL ${JSON.stringify(url)} (expected memory:, sqlite:<file> or etcd://host:port[,host:port])`);
}

/** Parses `sqlite:<file>[?synchronous=full&poll=100]`. */
export function parseSqliteUrl(url: string): SqliteStoreOptions {
  let rest = url.slice('sqlite:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  if (path === '') throw new Error(`storage URL ${JSON.stringify(url)} names no file`);
  const synchronous = params.get('synchronous') ?? 'normal';
  if (synchronous !== 'normal' && synchronous !== 'full') throw new Error(`synchronous must be normal or full, not ${JSON.stringify(synchronous)}`);
  const poll = params.get('poll');
  const pollIntervalMs = poll === null ? undefined : Number(poll);
  if (pollIntervalMs !== undefined && !(Number.isInteger(pollIntervalMs) && pollIntervalMs >= 0)) {
    throw new Error(`poll must be a whole number of milliseconds, not ${JSON.stringify(poll)}`);
  }
  return {
    path: path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path,
    synchronous,
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  };
}

/** Parses `etcd://host:port[,host:port]` into client endpoints. */
export function parseEtcdUrl(url: string): string[] {
  const hosts = url
    .slice('etcd://'.length)
    .replace(/\/+$/, '')
    .split(',')
    .map((h) => h.trim());
  if (hosts.length === 0 || hosts.some((h) => !/^[^\s/:]+:\d+$/.test(h) && !/^\[[0-9a-fA-F:]+\]:\d+$/.test(h))) {
    throw new Error(`storage URL ${JSON.stringify(url)}: expected etcd://host:port[,host:port]`);
  }
  return hosts.map((h) => `http://${h}`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StorageError('Unavailable', message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
