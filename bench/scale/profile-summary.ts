/**
 * Prints where a .cpuprofile spent its time: the top functions by self time and the top source
 * files, as a quick first look before opening the profile in a viewer.
 *
 *   node --import tsx bench/scale/profile-summary.ts file.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function frameName(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
}

/** Inclusive time (ms) per function: every sample counts once for each distinct function on its stack. */
export function inclusiveTimes(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (node === undefined) break;
      const name = frameName(node);
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + ms);
    }
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

/** Self time (ms) per function and per file. */
export function summarizeProfile(profile: Profile): { functions: [string, number][]; files: [string, number][]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    totalMs += ms;
    const url = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const file = url === '' ? `(${node.callFrame.functionName})` : url.replace(/^.*node_modules\//, 'node_modules/');
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const top = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { functions: top(functions), files: top(files), totalMs };
}

if (process.argv[1]?.endsWith('profile-summary.ts') === true) {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write('usage: profile-summary.ts file.cpuprofile [top]\n');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 40);
  const s = summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as Profile);
  const pct = (ms: number): string => `${((ms / s.totalMs) * 100).toFixed(1)}%`.padStart(6);
  process.stdout.write(`total ${(s.totalMs / 1000).toFixed(1)} s sampled\n\n## functions (self)\n`);
  for (const [name, ms] of s.functions.slice(0, top)) process.stdout.write(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${name}\n`);
  process.stdout.write('\n## functions (inclusive)\n');
  for (const [name, ms] of inclusiveTimes(JSON.parse(readFileSync(path, 'utf8')) as Profile).slice(0, top * 2)) process.stdout.write(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${name}\n`);
  process.stdout.write('\n## files (self)\n');
  for (const [name, ms] of s.files.slice(0, top)) process.stdout.write(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${name}\n`);
}
