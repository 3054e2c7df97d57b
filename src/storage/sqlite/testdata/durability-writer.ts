/**
 * Child process of durability.test.ts: writes objects to the SQLite store at argv[2]
 * with several concurrent writers, forever, and prints each key once its write is
 * acknowledged. The parent SIGKILLs it mid-stream.
 */
import { openSqliteStore } from '../sqlite-store.js';
import { expectedValue } from './durability-value.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: durability-writer.ts DB');
const store = openSqliteStore({ path });
let next = 0;

async function writer(): Promise<void> {
  for (;;) {
    const i = next++;
    const key = `/registry/durability/${i}`;
    await store.create(key, expectedValue(i));
    // Writes to a pipe are synchronous on Linux: once printed, the parent has it.
    process.stdout.write(`${key}\n`);
  }
}

await Promise.all(Array.from({ length: 8 }, writer));
