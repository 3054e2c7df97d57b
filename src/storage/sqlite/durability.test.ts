import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openSqliteStore } from './sqlite-store.js';
import { expectedValue } from './testdata/durability-value.js';

const writerScript = fileURLToPath(new URL('./testdata/durability-writer.ts', import.meta.url));

test('every write acknowledged before SIGKILL is present and intact after reopening', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'karmada-durability-'));
  try {
    const path = join(dir, 'karmada.db');
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        // Kill somewhere mid-stream once plenty was acknowledged.
        if (stdout.length > 150_000) resolve();
      });
      void exited.then(() => reject(new Error(`writer exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    // Only complete lines were acknowledged; a torn last line is not.
    const acknowledged = stdout.split('\n').slice(0, -1);
    assert.ok(acknowledged.length > 1000, `only ${acknowledged.length} writes acknowledged`);

    const store = openSqliteStore({ path });
    try {
      const { kvs } = await store.list('/registry/durability/');
      const stored = new Map(kvs.map((kv) => [kv.key, kv.value]));
      for (const key of acknowledged) {
        const i = Number(key.slice(key.lastIndexOf('/') + 1));
        assert.equal(stored.get(key), expectedValue(i), `acknowledged ${key} is missing or damaged`);
      }
      // Whatever else made it is intact too (written but killed before it was printed).
      for (const [key, value] of stored) assert.equal(value, expectedValue(Number(key.slice(key.lastIndexOf('/') + 1))));
      const revisions = kvs.map((kv) => kv.modRevision).sort((a, b) => a - b);
      assert.equal(new Set(revisions).size, revisions.length);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
