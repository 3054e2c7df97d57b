/**
 * `karmadactl version`: the client's build information in Karmada's format
 * (`karmadactl version: version.Info{GitVersion:"v…", …}`; Go's `%#v` of version.Info).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';

/** The fields Karmada's `version.Info` carries. */
export interface ClientVersionInfo {
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

const GO_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };

function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
    const parsed: unknown = JSON.parse(text);
    const v = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['version'] : undefined;
    return typeof v === 'string' ? v : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** This build's version information (the runtime stands in for Go's toolchain fields). */
export function clientVersion(): ClientVersionInfo {
  return {
    gitVersion: `v${packageVersion()}`,
    gitCommit: '',
    gitTreeState: '',
    buildDate: '',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsx',
    platform: `${process.platform}/${GO_ARCH[process.arch] ?? process.arch}`,
  };
}

/** Go's `%#v` rendering of version.Info. */
export function formatVersionInfo(info: ClientVersionInfo): string {
  const q = (s: string): string => JSON.stringify(s);
  return (
    `version.Info{GitVersion:${q(info.gitVersion)}, GitCommit:${q(info.gitCommit)}, GitTreeState:${q(info.gitTreeState)}, ` +
    `BuildDate:${q(info.buildDate)}, GoVersion:${q(info.goVersion)}, Compiler:${q(info.compiler)}, Platform:${q(info.platform)}}`
  );
}

/** Registers `version` on the program. */
export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description('Print the version information')
    .action(() => {
      process.stdout.write(`karmadactl version: ${formatVersionInfo(clientVersion())}\n`);
    });
}
