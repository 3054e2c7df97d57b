/**
 * Prints what a .heapsnapshot holds: self size by node type and constructor/name, largest
 * first — enough to tell strings (stored JSON, history) from objects (caches) at a glance.
 *
 *   node --import tsx bench/scale/heap-summary.ts file.heapsnapshot [top]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly (readonly string[] | string)[] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

/** Self size (bytes) and count per `type name`. */
export function summarizeHeap(s: Snapshot): [string, { bytes: number; count: number }][] {
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0] as readonly string[];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt] ?? 0] ?? '?';
    const rawName = s.strings[s.nodes[i + nameAt] ?? 0] ?? '';
    const name = type === 'string' || type === 'concatenated string' || type === 'sliced string' ? '' : type === 'object' || type === 'closure' ? rawName : rawName.slice(0, 40);
    const key = `${type} ${name}`;
    const e = out.get(key) ?? { bytes: 0, count: 0 };
    e.bytes += s.nodes[i + sizeAt] ?? 0;
    e.count++;
    out.set(key, e);
  }
  return [...out.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
}

if (process.argv[1]?.endsWith('heap-summary.ts') === true) {
  const path = process.argv[2];
  if (path === undefined) {
    process.stderr.write('usage: heap-summary.ts file.heapsnapshot [top]\n');
    process.exit(2);
  }
  const rows = summarizeHeap(JSON.parse(readFileSync(path, 'utf8')) as Snapshot);
  const total = rows.reduce((sum, [, e]) => sum + e.bytes, 0);
  process.stdout.write(`total ${(total / 1048576).toFixed(1)} MB\n`);
  for (const [key, e] of rows.slice(0, Number(process.argv[3] ?? 40))) {
    process.stdout.write(`${(e.bytes / 1048576).toFixed(1).padStart(8)} MB ${String(e.count).padStart(9)}  ${key}\n`);
  }
}
