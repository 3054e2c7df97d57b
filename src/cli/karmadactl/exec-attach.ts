/**
 * `karmadactl exec` and `karmadactl attach` (Karmada's run a command in, or attach to, a
 * container of a member's pod, `-C CLUSTER`). Both need an upgraded connection (SPDY or
 * WebSocket streams) from the client through the control plane's cluster proxy to the member's
 * kubelet. Neither the cluster proxy nor the simulated members (which run no processes) offer
 * one, so the commands check their arguments and then say so plainly instead of pretending.
 */
import type { Command } from 'commander';

/** Why exec/attach cannot run here. */
export function unsupportedStreamingMessage(verb: 'exec' | 'attach', cluster: string): string {
  return (
    `${verb} needs an upgraded streaming connection (SPDY/WebSocket) to the pod's container in cluster(${cluster}); ` +
    `the control plane's cluster proxy does not upgrade connections and simulated members run no container processes. ` +
    `Use 'karmadactl logs' to read the container's output instead.`
  );
}

function register(program: Command, verb: 'exec' | 'attach'): void {
  const cmd = program
    .command(verb)
    .usage(verb === 'exec' ? '(POD | TYPE/NAME) [-c CONTAINER] (-C CLUSTER) [flags] -- COMMAND [args...]' : '(POD | TYPE/NAME) -c CONTAINER (-C CLUSTER)')
    .description(verb === 'exec' ? 'Execute a command in a container in a cluster' : 'Attach to a running container in a cluster')
    .argument('[args...]')
    .option('-C, --cluster <name>', 'Specify a member cluster')
    .option('-n, --namespace <ns>', 'If present, the namespace scope for this CLI request')
    .option(
      '-c, --container <name>',
      'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
    )
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .option('-q, --quiet', 'Only print output from the remote session')
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running');
  cmd.action((args: string[], flags: { cluster?: string }) => {
    if ((flags.cluster ?? '') === '') throw new Error('must specify a cluster');
    if (args.length === 0) throw new Error(`expected '${verb} ${cmd.usage()}'.\nPOD or TYPE/NAME is a required argument for the ${verb} command`);
    if (verb === 'exec' && args.length < 2) throw new Error('you must specify at least one command for the container');
    throw new Error(unsupportedStreamingMessage(verb, flags.cluster ?? ''));
  });
}

/** Registers `exec` and `attach` on the program. */
export function registerExecAttachCommands(program: Command): void {
  register(program, 'exec');
  register(program, 'attach');
}
