import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { registerInterpretCommand } from './interpret.js';

const CUSTOMIZATION = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata:
  name: widget
spec:
  target:
    apiVersion: example.io/v1
    kind: Widget
  customizations:
    replicaResource:
      luaScript: |
        function GetReplicas(obj)
          return obj.spec.size, nil
        end
    statusAggregation:
      luaScript: |
        function AggregateStatus(desiredObj, statusItems)
          local ready = 0
          for i = 1, #statusItems do
            ready = ready + statusItems[i].status.ready
          end
          desiredObj.status = {ready = ready}
          return desiredObj
        end
`;

const WIDGET = `apiVersion: example.io/v1
kind: Widget
metadata:
  name: w
spec:
  size: 4
`;

const STATUS = `clusterName: member1
status: {ready: 1}
---
clusterName: member2
status: {ready: 2}
`;

interface Outcome {
  stdout: string;
  stderr: string;
  failed: boolean;
  error?: string;
}

async function karmadactl(args: string[], stdin = ''): Promise<Outcome> {
  const outcome: Outcome = { stdout: '', stderr: '', failed: false };
  const program = new Command('karmadactl').exitOverride();
  registerInterpretCommand(program, {
    stdout: (text) => (outcome.stdout += text),
    stderr: (text) => (outcome.stderr += text),
    stdin: async () => stdin,
    failed: () => (outcome.failed = true),
  });
  try {
    await program.parseAsync(['node', 'karmadactl', 'interpret', ...args]);
  } catch (error) {
    outcome.error = (error as Error).message;
  }
  return outcome;
}

describe('karmadactl interpret', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'interpret-'));
    writeFileSync(file('customization.yaml'), CUSTOMIZATION);
    writeFileSync(file('widget.yaml'), WIDGET);
    writeFileSync(file('status.yaml'), STATUS);
    mkdirSync(file('more'));
    writeFileSync(file('more/broken.yaml'), CUSTOMIZATION.replace('name: widget', 'name: broken').replace('return obj.spec.size, nil', 'return ('));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--check prints each rule and passes', async () => {
    const out = await karmadactl(['-f', file('customization.yaml'), '--check']);
    assert.equal(out.failed, false);
    assert.match(out.stdout, /^SOURCE: widget\nTARGET: example\.io\/v1 Widget {3}\nRULERS:\n/m);
    // The rules column is as wide as the TARGET line before it (kubectl's remembered widths).
    assert.match(out.stdout, /^ {4}InterpretReplica: {10}PASS$/m);
    assert.match(out.stdout, /^ {4}AggregateStatus: {11}PASS$/m);
    assert.match(out.stdout, /^ {4}Retain: {20}UNSET$/m);
  });

  it('--check over a directory (recursively) fails on a script that does not compile', async () => {
    const flat = await karmadactl(['-f', dir, '--check']);
    assert.doesNotMatch(flat.stdout, /SOURCE: broken/, 'subdirectories need -R');
    const out = await karmadactl(['-f', dir, '-R', '--check']);
    assert.equal(out.failed, true);
    assert.match(out.stdout, /SOURCE: broken\n[\s\S]*InterpretReplica: +ERROR: <string>:\d+: /);
  });

  it('--operation runs a rule on the given objects', async () => {
    const replicas = await karmadactl(['-f', file('customization.yaml'), '--operation', 'interpretReplica', '--desired-file', file('widget.yaml')]);
    assert.equal(replicas.stdout, '---\n# [1/2] replica:\n4\n---\n# [2/2] requires:\nnull\n');
    const aggregated = await karmadactl([
      '-f',
      file('customization.yaml'),
      '--operation',
      'AggregateStatus',
      '--observed-file',
      file('widget.yaml'),
      '--status-file',
      file('status.yaml'),
    ]);
    assert.equal(
      aggregated.stdout,
      '---\n# [1/1] aggregatedStatus:\napiVersion: example.io/v1\nkind: Widget\nmetadata:\n    name: w\nspec:\n    size: 4\nstatus:\n    ready: 3\n',
    );
  });

  it('reads standard input for -', async () => {
    const out = await karmadactl(['-f', file('customization.yaml'), '--operation', 'interpretReplica', '--observed-file', '-'], WIDGET);
    assert.match(out.stdout, /# \[1\/2\] replica:\n4\n/);
  });

  it('prints a rule’s failure without failing the command, as Karmada does', async () => {
    const out = await karmadactl(['-f', file('customization.yaml'), '--operation', 'retain', '--observed-file', file('widget.yaml')]);
    assert.equal(out.stderr, 'Execute Retain error: desired, desired-file options are not set\n');
    assert.equal(out.error, undefined);
  });

  it('refuses unknown operations, missing files and objects that are not customizations', async () => {
    assert.match(
      (await karmadactl(['-f', file('customization.yaml'), '--operation', 'explode'])).error ?? '',
      /operation explode is not supported\. Use one of: Retain, InterpretReplica, /,
    );
    assert.match((await karmadactl(['--check'])).error ?? '', /You must provide one or more resources/);
    assert.match((await karmadactl(['-f', file('customization.yaml')])).error ?? '', /operation is not set for executing/);
    assert.match((await karmadactl(['-f', file('missing.yaml'), '--check'])).error ?? '', /does not exist/);
    assert.match(
      (await karmadactl(['-f', file('widget.yaml'), '--operation', 'interpretReplica', '--desired-file', file('widget.yaml')])).error ?? '',
      /fail to get customization object: not a ResourceInterpreterCustomization, got example\.io\/v1, Kind=Widget/,
    );
    assert.match(
      (await karmadactl(['-f', file('customization.yaml'), '--operation', 'interpretReplica', '--desired-file', file('status.yaml')])).error ?? '',
      /fail to get desired object: get 2 objects, expect one at most/,
    );
  });
});
