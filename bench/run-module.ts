/** Runs a benchmark module's `run(args)` in this process: `node --import tsx bench/run-module.ts <module> [args...]`. */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [modulePath, ...args] = process.argv.slice(2);
if (modulePath === undefined) {
  process.stderr.write('usage: run-module.ts <module> [args...]\n');
  process.exit(2);
}
const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as { run(args: string[]): Promise<void> };
await mod.run(args);
process.exit(0);
