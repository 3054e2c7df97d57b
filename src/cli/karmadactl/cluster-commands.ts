/** `karmadactl cordon|uncordon CLUSTER` and `karmadactl taint clusters NAME... KEY=VAL:EFFECT...`. */
import type { Command } from 'commander';
import type { Cluster } from '../../api/cluster/cluster.js';
import type { Taint } from '../../api/policy/kube-core.js';
import type { KubeClient } from '../../client/client.js';
import { CLUSTERS } from '../../controllers/cluster/constants.js';
import { UNSCHEDULABLE_TAINT, matchTaint } from '../../controllers/cluster/taints.js';
import { globalFlags, karmadaClient } from './karmada-config.js';
import { conflictingTaints, existingTaintKeys, parseTaints, reorganizeTaints } from './taints.js';

async function patchTaints(client: KubeClient, name: string, taints: readonly Taint[]): Promise<void> {
  // A merge patch replaces the list, as the two-way merge patch karmadactl computes does.
  await client.patch(CLUSTERS, name, { spec: { taints: taints.length === 0 ? null : taints } }, { type: 'merge' });
}

async function cordonOrUncordon(cordon: boolean, name: string | undefined, dryRun: boolean, command: Command): Promise<void> {
  if (name === undefined || name === '') {
    throw new Error('cluster name is required');
  }
  if (command.args.length > 1) {
    throw new Error('more than one cluster name is not supported');
  }
  const client = karmadaClient(globalFlags(command));
  try {
    const cluster = await client.get<Cluster>(CLUSTERS, name);
    const taints = cluster.spec.taints ?? [];
    const has = taints.some((t) => matchTaint(t, UNSCHEDULABLE_TAINT));
    if (cordon === has) {
      process.stdout.write(`${name} cluster already ${cordon ? 'cordoned' : 'uncordoned'}\n`);
      return;
    }
    let next: Taint[];
    if (cordon) {
      next = [...taints, { key: UNSCHEDULABLE_TAINT.key, effect: UNSCHEDULABLE_TAINT.effect }];
    } else {
      // Karmada swaps the last taint into the removed one's place.
      next = [...taints];
      const i = next.findIndex((t) => matchTaint(t, UNSCHEDULABLE_TAINT));
      const last = next[next.length - 1];
      if (last !== undefined) next[i] = last;
      next.pop();
    }
    if (!dryRun) {
      await patchTaints(client, name, next);
    }
    process.stdout.write(`${name} cluster ${cordon ? 'cordoned' : 'uncordoned'}\n`);
  } finally {
    client.close();
  }
}

export function registerClusterCommands(program: Command): void {
  for (const cordon of [true, false]) {
    program
      .command(cordon ? 'cordon' : 'uncordon')
      .usage('CLUSTER')
      .description(cordon ? 'Mark cluster as unschedulable' : 'Mark cluster as schedulable')
      .argument('[CLUSTER]')
      .option('--dry-run', 'Run the command in dry-run mode, without making any server requests.')
      .action((name: string | undefined, flags: { dryRun?: boolean }, command: Command) => cordonOrUncordon(cordon, name, flags.dryRun === true, command));
  }

  program
    .command('taint')
    .usage('CLUSTER NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N')
    .description('Update the taints on one or more clusters')
    .argument('[args...]')
    .option('--overwrite', 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.')
    .option('--dry-run', 'Run the command in dry-run mode, without making any server requests.')
    .action(async (args: string[], flags: { overwrite?: boolean; dryRun?: boolean }, command: Command) => {
      const resources: string[] = [];
      const taintArgs: string[] = [];
      for (const s of args) {
        const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
        if (isTaint) {
          taintArgs.push(s);
        } else if (taintArgs.length > 0) {
          throw new Error(`all resources must be specified before taint changes: ${s}`);
        } else {
          resources.push(s);
        }
      }
      const { add, remove } = parseTaints(taintArgs);
      const [resourceType, ...names] = resources;
      if (resourceType === undefined) {
        throw new Error('one or more resources must be specified as <resource> <name>');
      }
      if (taintArgs.length < 1) {
        throw new Error('at least one taint update is required');
      }
      const type = resourceType.toLowerCase();
      if (type !== 'cluster' && type !== 'clusters') {
        throw new Error(`invalid resource type ${type}, only ["cluster" "clusters"] are supported`);
      }
      const conflicts = conflictingTaints(add, remove);
      if (conflicts.length > 0) {
        throw new Error(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
      }
      if (names.length < 1) {
        throw new Error('at least one resource name must be specified');
      }
      const client = karmadaClient(globalFlags(command));
      try {
        for (const name of names) {
          const cluster = await client.get<Cluster>(CLUSTERS, name);
          const old = cluster.spec.taints ?? [];
          if (flags.overwrite !== true) {
            const exists = existingTaintKeys(old, add);
            if (exists !== '') {
              throw new Error(`cluster ${name} already has ${exists} taint(s) with same effect(s) and --overwrite is false`);
            }
          }
          const { operation, taints } = reorganizeTaints(old, flags.overwrite === true, add, remove);
          if (flags.dryRun !== true) {
            await patchTaints(client, name, taints);
          }
          process.stdout.write(`cluster/${name} ${operation}\n`);
        }
      } finally {
        client.close();
      }
    });
}
