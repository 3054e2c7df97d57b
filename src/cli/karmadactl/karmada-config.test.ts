import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKarmadactl } from './karmadactl.js';

/** Runs karmadactl with kubeconfig paths that do not exist: the error names the path it used. */
async function pathUsed(args: readonly string[]): Promise<string> {
  const error = await buildKarmadactl()
    .parseAsync([...args], { from: 'user' })
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  assert.ok(error instanceof Error, `expected an error for ${args.join(' ')}`);
  const match = /cannot read kubeconfig (\S+):/.exec(error.message);
  assert.ok(match?.[1] !== undefined, error.message);
  return match[1];
}

test('--kubeconfig is accepted before the subcommand, after it, and the subcommand one wins', async () => {
  const rows: [readonly string[], string][] = [
    [['--kubeconfig', '/nonexistent/before', 'get', 'clusters'], '/nonexistent/before'],
    [['get', 'clusters', '--kubeconfig', '/nonexistent/after'], '/nonexistent/after'],
    [['--kubeconfig', '/nonexistent/before', 'get', 'clusters', '--kubeconfig', '/nonexistent/after'], '/nonexistent/after'],
    [['--kubeconfig', '/nonexistent/before', 'token', 'list'], '/nonexistent/before'],
    [['cordon', 'member1', '--kubeconfig', '/nonexistent/cordon'], '/nonexistent/cordon'],
  ];
  for (const [args, want] of rows) assert.equal(await pathUsed(args), want, args.join(' '));
});
