/**
 * `npm run bench [-- name ...]`: runs the named benchmarks (default: all) and prints their tables.
 * Each benchmark module exports `run(args): Promise<void>`.
 */
const benches: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  storage: () => import('./storage-bench.js').then((m) => ({ run: async () => void (await m.runStorageBench({})) })),
  apiserver: () => import('./apiserver-bench.js'),
  scale: () => import('./scale/scale-bench.js'),
  scheduler: () => import('./scheduler-bench.js').then((m) => ({ run: async () => void (await (m as { main?: () => Promise<unknown> }).main?.()) })),
};

const [first, ...rest] = process.argv.slice(2);
// `scale` takes minutes to hours: it runs only when named.
const names = first === undefined || first.startsWith('-') ? Object.keys(benches).filter((n) => n !== 'scale') : [first];
for (const name of names) {
  const load = benches[name];
  if (load === undefined) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n## ${name}\n`);
  const bench = await load();
  await bench.run(first === name ? rest : process.argv.slice(2));
}
