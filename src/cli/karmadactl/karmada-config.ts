/**
 * How karmadactl finds the control plane: `--kubeconfig`, then `KUBECONFIG` (first existing
 * entry), then `~/.karmada/karmada-apiserver.config`; `--karmada-context` picks the context.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import type { Command } from 'commander';
import type { KubeClient } from '../../client/client.js';
import { createHttpClient } from '../../client/http-client.js';
import type { RestConfig } from '../../client/kubeconfig.js';
import { loadKubeconfig } from '../../client/kubeconfig.js';
import { expandHome } from '../../util/paths.js';

/** The global flags every karmadactl command accepts. */
export interface KarmadaConfigFlags {
  readonly kubeconfig?: string;
  readonly karmadaContext?: string;
}

/** The control plane kubeconfig path karmadactl uses. */
export function karmadaKubeconfigPath(flags: KarmadaConfigFlags, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.kubeconfig !== undefined && flags.kubeconfig !== '') {
    return expandHome(flags.kubeconfig);
  }
  const fromEnv = (env['KUBECONFIG'] ?? '').split(delimiter).filter((p) => p !== '');
  const existing = fromEnv.find((p) => existsSync(p));
  if (existing !== undefined) {
    return existing;
  }
  return join(homedir(), '.karmada', 'karmada-apiserver.config');
}

/** The control plane's RestConfig from the flags. */
export function karmadaRestConfig(flags: KarmadaConfigFlags): RestConfig {
  return loadKubeconfig(karmadaKubeconfigPath(flags), flags.karmadaContext === '' ? undefined : flags.karmadaContext);
}

/** A client of the control plane from the flags. */
export function karmadaClient(flags: KarmadaConfigFlags): KubeClient {
  return createHttpClient(karmadaRestConfig(flags), { userAgent: 'karmadactl' });
}

/** Adds `--kubeconfig` and `--karmada-context` (Karmada's `AddKubeConfigFlags`) to a command. */
export function addKarmadaConfigFlags(command: Command): Command {
  return command
    .option('--kubeconfig <path>', 'Path to the kubeconfig file to use for CLI requests.')
    .option('--karmada-context <name>', 'The name of the kubeconfig context to use');
}

/** The control-plane flags of the command: its own, else its parents' (`karmadactl --kubeconfig X get`). */
export function globalFlags(command: Command): KarmadaConfigFlags {
  const chain: Command[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) chain.unshift(c);
  // The nearest command that was given a flag wins (commander's optsWithGlobals lets parents win).
  return chain.reduce<KarmadaConfigFlags>((flags, c) => ({ ...flags, ...c.opts<KarmadaConfigFlags>() }), {});
}

/** Comma-separated list flag (pflag StringSlice). */
export function commaList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}

/** Where a command writes its lines (kubectl's stdout/stderr split). */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** Lines to the process's stdout and stderr. */
export const PROCESS_IO: CommandIo = {
  out: (t) => void process.stdout.write(`${t}\n`),
  err: (t) => void process.stderr.write(`${t}\n`),
};

/**
 * Runs a kubectl-style command against the control plane: a client from the global flags, the
 * namespace defaulted from the kubeconfig context, the exit code set from the result.
 */
export async function runOnKarmada<F extends { namespace?: string }>(
  command: Command,
  flags: F,
  run: (client: KubeClient, flags: F & { namespace: string }, io: CommandIo) => Promise<number>,
): Promise<void> {
  const config = globalFlags(command);
  const client = karmadaClient(config);
  try {
    const code = await run(client, { ...flags, namespace: flags.namespace ?? karmadaRestConfig(config).namespace }, PROCESS_IO);
    if (code !== 0) process.exitCode = code;
  } finally {
    client.close();
  }
}
