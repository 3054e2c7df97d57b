/** The /version document. kubectl's dispatcher reads major/minor from it to pick a matching kubectl. */
import type { VersionInfo } from './types.js';

/** The Kubernetes minor version the control plane emulates by default. */
export const DEFAULT_KUBERNETES_MINOR = 32;

export interface VersionInfoOptions {
  /** Kubernetes minor version to report (default 32). */
  readonly minor?: number | string;
  readonly patch?: number;
  readonly gitCommit?: string;
  /** RFC 3339; default: when this module was loaded. */
  readonly buildDate?: string;
}

const LOADED_AT = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

const ARCHES: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le' };

/**
 * `{major: "1", minor: "32", gitVersion: "v1.32.0+karmada-ts", ...}`. The `+karmada-ts` build
 * suffix (as k3s uses `+k3s1`) keeps gitVersion a valid semver of the emulated release.
 */
export function buildVersionInfo(options: VersionInfoOptions = {}): VersionInfo {
  const minor = String(options.minor ?? DEFAULT_KUBERNETES_MINOR);
  if (!/^\d+$/.test(minor)) throw new Error(`invalid Kubernetes minor version: ${minor}`);
  const patch = options.patch ?? 0;
  return {
    major: '1',
    minor,
    gitVersion: `v1.${minor}.${patch}+karmada-ts`,
    gitCommit: options.gitCommit ?? '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: options.buildDate ?? LOADED_AT,
    goVersion: `node${process.versions.node}`,
    compiler: 'node',
    platform: `${process.platform}/${ARCHES[process.arch] ?? process.arch}`,
  };
}
