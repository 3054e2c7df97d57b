/**
 * `npm run bench [-- name [args...]]`: runs the named benchmark (default: all but `scale`), each in
 * its own Node process so that one benchmark's heap and timers do not disturb the next.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches: Record<string, { file: string; args: string[] }> = {
  storage: { file: 'storage-bench.ts', args: [] },
  apiserver: { file: 'run-module.ts', args: [join(here, 'apiserver-bench.ts')] },
  scheduler: { file: 'scheduler-bench.ts', args: [] },
  'scheduler-api': { file: 'run-module.ts', args: [join(here, 'scheduler-api-bench.ts')] },
  interpreter: { file: 'run-module.ts', args: [join(here, 'interpreter-bench.ts')] },
  // takes minutes: runs only when named
  scale: { file: 'run-module.ts', args: [join(here, 'scale', 'scale-bench.ts')] },
};

const [first, ...rest] = process.argv.slice(2);
const names = first === undefined || first.startsWith('-') ? Object.keys(benches).filter((n) => n !== 'scale') : [first];
let failed = false;
for (const name of names) {
  const bench = benches[name];
  if (bench === undefined) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n## ${name} (${new Date().toISOString()})\n`);
  const args = first === name ? rest : [];
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, bench.file), ...bench.args, ...args], { stdio: 'inherit' });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
