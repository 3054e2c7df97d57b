import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildKarmadactl } from './karmadactl.js';
import { commandTree, completionScript } from './completion.js';

/** Runs the generated bash completion for a command line; the last word is the one completed. */
function complete(script: string, words: readonly string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'karmadactl-completion-')), 'c.bash');
  writeFileSync(file, script);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    ['-c', `source ${file}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _karmadactl; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter((l) => l !== '');
}

describe('completion', () => {
  const program = buildKarmadactl();

  it('walks nested commands', () => {
    const paths = commandTree(program).map((n) => n.path.join(' '));
    assert.ok(paths.includes('top pod'));
    assert.ok(paths.includes('promote'));
  });

  const cases: [string[], string[]][] = [
    [['karmadactl', 'prom'], ['promote']],
    [['karmadactl', 'top', 'n'], ['node']],
    [['karmadactl', 'top', 'pod', '--su'], ['--sum']],
    [['karmadactl', 'logs', '--ta'], ['--tail']],
    [['karmadactl', 'label', '--over'], ['--overwrite']],
  ];
  for (const [words, expected] of cases) {
    it(`bash completes "${words.slice(1).join(' ')}"`, () => assert.deepEqual(complete(completionScript('bash', program), words), expected));
  }

  it('writes zsh, fish and powershell scripts and refuses other shells', () => {
    assert.match(completionScript('zsh', program), /bashcompinit/);
    assert.match(completionScript('fish', program), /complete -c karmadactl -n '__fish_use_subcommand' -a promote /);
    assert.match(completionScript('powershell', program), /Register-ArgumentCompleter -Native -CommandName karmadactl/);
    assert.throws(() => completionScript('tcsh', program), /Unsupported shell type "tcsh"/);
  });
});
