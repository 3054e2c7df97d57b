/**
 * `karmadactl completion bash|zsh|fish|powershell`: a shell completion script for the command
 * tree (commands, nested commands such as `top pod`, and each command's flags), generated from
 * the program's own definitions so it never drifts from them. Resource names are not completed
 * (that would need a server round trip per keystroke).
 */
import type { Command } from 'commander';

/** The shells a script can be generated for. */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** One command of the tree: its path from the root, subcommand names, flags and description. */
export interface CommandNode {
  readonly path: readonly string[];
  readonly subcommands: readonly string[];
  readonly flags: readonly { long?: string; short?: string; description: string }[];
  readonly description: string;
}

/** Walks the program into nodes (the root has the empty path). */
export function commandTree(root: Command, path: readonly string[] = []): CommandNode[] {
  const visible = root.commands.filter((c) => c.name() !== 'help');
  const node: CommandNode = {
    path,
    subcommands: visible.map((c) => c.name()),
    flags: root.options.map((o) => ({
      ...(o.long === undefined ? {} : { long: o.long }),
      ...(o.short === undefined ? {} : { short: o.short }),
      description: o.description,
    })),
    description: root.description(),
  };
  return [node, ...visible.flatMap((c) => commandTree(c, [...path, c.name()]))];
}

function words(node: CommandNode): string {
  return [...node.subcommands, ...node.flags.flatMap((f) => [f.long, f.short].filter((x): x is string => x !== undefined))].join(' ');
}

function bashScript(nodes: readonly CommandNode[]): string {
  const cases = nodes.map((n) => `    ${JSON.stringify(n.path.join(' '))}) opts=${JSON.stringify(words(n))} ;;`).join('\n');
  const nested = nodes.filter((n) => n.subcommands.length > 0).map((n) => JSON.stringify(n.path.join(' ')));
  return `# bash completion for karmadactl
_karmadactl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local path="" i word opts=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "$path" in
      ${nested.join('|')}) path="\${path:+$path }$word" ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _karmadactl karmadactl
`;
}

function fishEscape(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishScript(nodes: readonly CommandNode[]): string {
  const lines = ['# fish completion for karmadactl', 'complete -c karmadactl -f'];
  for (const n of nodes) {
    const condition = n.path.length === 0 ? '__fish_use_subcommand' : `__fish_seen_subcommand_from ${n.path[n.path.length - 1] ?? ''}`;
    for (const sub of nodes.filter((s) => s.path.length === n.path.length + 1 && s.path.slice(0, -1).join(' ') === n.path.join(' '))) {
      lines.push(`complete -c karmadactl -n ${fishEscape(condition)} -a ${sub.path[sub.path.length - 1] ?? ''} -d ${fishEscape(sub.description)}`);
    }
    for (const f of n.flags) {
      const long = f.long === undefined ? '' : ` -l ${f.long.replace(/^--/, '')}`;
      const short = f.short === undefined ? '' : ` -s ${f.short.replace(/^-/, '')}`;
      lines.push(`complete -c karmadactl -n ${fishEscape(condition)}${long}${short} -d ${fishEscape(f.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function powershellScript(nodes: readonly CommandNode[]): string {
  const table = nodes
    .map(
      (n) =>
        `    ${JSON.stringify(n.path.join(' '))} = @(${words(n)
          .split(' ')
          .filter((w) => w !== '')
          .map((w) => `'${w}'`)
          .join(', ')})`,
    )
    .join('\n');
  return `# powershell completion for karmadactl
Register-ArgumentCompleter -Native -CommandName karmadactl -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $table = @{
${table}
  }
  $path = ''
  foreach ($element in $commandAst.CommandElements | Select-Object -Skip 1) {
    $word = $element.ToString()
    if ($word -eq $wordToComplete -or $word.StartsWith('-')) { continue }
    $next = if ($path) { "$path $word" } else { $word }
    if ($table.ContainsKey($next)) { $path = $next }
  }
  $table[$path] | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}

/** The completion script for `shell`. */
export function completionScript(shell: string, root: Command): string {
  const nodes = commandTree(root);
  switch (shell) {
    case 'bash':
      return bashScript(nodes);
    case 'zsh':
      // zsh runs the bash script through its bash-compatible completion layer.
      return `#compdef karmadactl\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n${bashScript(nodes)}`;
    case 'fish':
      return fishScript(nodes);
    case 'powershell':
      return powershellScript(nodes);
    default:
      throw new Error(`Unsupported shell type "${shell}".`);
  }
}

/** Registers `completion` on the program. */
export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .usage('SHELL')
    .description('Output shell completion code for the specified shell (bash, zsh, fish, or powershell)')
    .argument('[shell]')
    .action((shell: string | undefined) => {
      if (shell === undefined) throw new Error('Shell not specified.');
      process.stdout.write(completionScript(shell, program));
    });
}
