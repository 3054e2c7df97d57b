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

/**
 * The longest stretches of consecutive samples under one task (the same child of the root),
 * i.e. the longest event-loop blocks, with the frames that took most of each.
 */
export function longTasks(profile: Profile, top: number): { ms: number; frames: [string, number][] }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const rootId = profile.nodes[0]?.id;
  const taskOf = (id: number): number => {
    let cur = id;
    for (let p = parent.get(cur); p !== undefined && p !== rootId; p = parent.get(cur)) cur = p;
    return cur;
  };
  const stretches: { ms: number; samples: number[] }[] = [];
  let current: { task: number; ms: number; samples: number[] } | undefined;
  profile.samples.forEach((id, i) => {
    const task = taskOf(id);
    const name = byId.get(task)?.callFrame.functionName ?? '';
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
      if (current !== undefined) stretches.push(current);
      current = undefined;
      return;
    }
    if (current === undefined || current.task !== task) {
      if (current !== undefined) stretches.push(current);
      current = { task, ms: 0, samples: [] };
    }
    current.ms += ms;
    current.samples.push(id);
  });
  if (current !== undefined) stretches.push(current);
  return stretches
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((st) => {
      const counts = new Map<string, number>();
      for (const id of st.samples) {
        const seen = new Set<string>();
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
          const node = byId.get(cur);
          if (node === undefined) break;
          const name = frameName(node);
          if (!seen.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
          seen.add(name);
        }
      }
      return { ms: st.ms, frames: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25) };
    });
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
  process.stdout.write('\n## longest tasks (event-loop blocks)\n');
  for (const t of longTasks(JSON.parse(readFileSync(path, 'utf8')) as Profile, 5)) {
    process.stdout.write(`- ${(t.ms / 1000).toFixed(2)} s: ${t.frames.filter(([n]) => !n.startsWith('(root)')).map(([n, c]) => `${n} (${c})`).join(' < ')}\n`);
  }
  process.stdout.write('\n## functions (inclusive)\n');
  for (const [name, ms] of inclusiveTimes(JSON.parse(readFileSync(path, 'utf8')) as Profile).slice(0, top * 2)) process.stdout.write(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${name}\n`);
  process.stdout.write('\n## files (self)\n');
  for (const [name, ms] of s.files.slice(0, top)) process.stdout.write(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${name}\n`);
}
