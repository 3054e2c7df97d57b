import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryStore } from './memory/memory-store.js';
import { openStore, parseEtcdUrl, parseSqliteUrl } from './registry.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

test('parseSqliteUrl', () => {
  const cases: [string, ReturnType<typeof parseSqliteUrl>][] = [
    ['sqlite:/var/lib/k.db', { path: '/var/lib/k.db', synchronous: 'normal' }],
    ['sqlite:///var/lib/k.db', { path: '/var/lib/k.db', synchronous: 'normal' }],
    ['sqlite:data/k.db?synchronous=full', { path: 'data/k.db', synchronous: 'full' }],
    ['sqlite:k.db?poll=0', { path: 'k.db', synchronous: 'normal', pollIntervalMs: 0 }],
    ['sqlite:~/.karmada/karmada.db', { path: `${homedir()}/.karmada/karmada.db`, synchronous: 'normal' }],
  ];
  for (const [url, expected] of cases) assert.deepEqual(parseSqliteUrl(url), expected, url);
  for (const bad of ['sqlite:', 'sqlite:k.db?synchronous=off', 'sqlite:k.db?poll=-1']) assert.throws(() => parseSqliteUrl(bad), bad);
});

test('parseEtcdUrl', () => {
  assert.deepEqual(parseEtcdUrl('etcd://127.0.0.1:2379'), ['http://127.0.0.1:2379']);
  assert.deepEqual(parseEtcdUrl('etcd://a:1,b:2/'), ['http://a:1', 'http://b:2']);
  assert.deepEqual(parseEtcdUrl('etcd://[::1]:2379'), ['http://[::1]:2379']);
  for (const bad of ['etcd://', 'etcd://host', 'etcd://a:1,', 'etcd://a:b']) assert.throws(() => parseEtcdUrl(bad), bad);
});

test('openStore picks the driver by URL', async () => {
  const memory = await openStore('memory:');
  assert.ok(memory instanceof MemoryStore);
  await memory.close();
  const dir = mkdtempSync(join(tmpdir(), 'karmada-registry-'));
  try {
    const sqlite = await openStore(`sqlite:${join(dir, 'k.db')}`);
    assert.ok(sqlite instanceof SqliteStore);
    await sqlite.create('/a', '1');
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(openStore('postgres://x'), /unsupported storage URL/);
});
