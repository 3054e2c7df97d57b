import { Command } from 'commander';
import { registerAgentCommand } from '../cli/karmada/agent-command.js';
import { registerApiserverCommand } from '../cli/karmada/apiserver-command.js';
import { registerControllerManagerCommand, registerSchedulerCommand } from '../cli/karmada/component-commands.js';
import { registerMemberCommand } from '../cli/karmada/member-command.js';
import { registerUpCommand } from '../cli/karmada/up-command.js';

const program = new Command('karmada').description('karmada-ts: a multi-cluster Kubernetes control plane');
registerUpCommand(program);
registerApiserverCommand(program);
registerControllerManagerCommand(program);
registerSchedulerCommand(program);
registerMemberCommand(program);
registerAgentCommand(program);
await program.parseAsync(process.argv);
