/** The karmadactl program: Karmada's cluster registration and management commands. */
import { Command } from 'commander';
import { registerApiResourcesCommand } from './api-resources.js';
import { registerApplyCommand } from './apply.js';
import { registerClusterCommands } from './cluster-commands.js';
import { registerCompletionCommand } from './completion.js';
import { registerCreateCommand } from './create.js';
import { registerDeleteCommand } from './delete.js';
import { registerDescribeCommand } from './describe.js';
import { registerEditCommand } from './edit.js';
import { registerExecAttachCommands } from './exec-attach.js';
import { registerExplainCommand } from './explain.js';
import { registerGetCommand } from './get.js';
import { registerInterpretCommand } from './interpret.js';
import { registerJoinCommands } from './join-command.js';
import { registerLogsCommand } from './logs.js';
import { addKarmadaConfigFlags } from './karmada-config.js';
import { registerLabelAnnotateCommands } from './label-annotate.js';
import { registerRegisterCommand } from './register-command.js';
import { registerPatchCommand } from './patch.js';
import { registerPromoteCommand } from './promote.js';
import { registerScheduleCommand } from './schedule.js';
import { registerTokenCommand } from './token-command.js';
import { registerTopCommand } from './top.js';
import { registerVersionCommand } from './version.js';

/** Commands whose `--kubeconfig` means something else (the member's). */
const OWN_KUBECONFIG = new Set(['register']);

function addConfigFlags(command: Command): void {
  for (const sub of command.commands) {
    if (OWN_KUBECONFIG.has(sub.name())) continue;
    if (sub.commands.length > 0) {
      addConfigFlags(sub);
    } else {
      addKarmadaConfigFlags(sub);
    }
  }
}

/** Builds the program (commands that exist so far; see DESIGN.md for the full list). */
export function buildKarmadactl(): Command {
  const program = new Command('karmadactl')
    .description('karmadactl controls a Kubernetes Cluster Federation.')
    // Global flags go before the subcommand (`karmadactl --kubeconfig X get ...`) or after it; positional
    // parsing keeps a subcommand's own `--kubeconfig` (register's is the member's) from being taken here.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerJoinCommands(program);
  registerRegisterCommand(program);
  registerTokenCommand(program);
  registerClusterCommands(program);
  registerGetCommand(program);
  registerDescribeCommand(program);
  registerApplyCommand(program);
  registerCreateCommand(program);
  registerDeleteCommand(program);
  registerPatchCommand(program);
  registerEditCommand(program);
  registerLabelAnnotateCommands(program);
  registerScheduleCommand(program);
  registerInterpretCommand(program);
  registerPromoteCommand(program);
  registerLogsCommand(program);
  registerExecAttachCommands(program);
  registerTopCommand(program);
  registerApiResourcesCommand(program);
  registerExplainCommand(program);
  registerVersionCommand(program);
  registerCompletionCommand(program);
  addConfigFlags(program);
  addKarmadaConfigFlags(program);
  return program;
}
