/**
 * kubectl's generic describer output for any object (the one kubectl uses for kinds without a
 * dedicated describer): Name, Namespace, Labels, Annotations, then every other field as
 * indented `Title Case: value` lines, then Events.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

/** `creationTimestamp` -> `Creation Timestamp`, `apiVersion` -> `API Version` (kubectl's smartLabelFor, simplified). */
export function titleCase(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w !== '');
  return words.map((w) => (w.toLowerCase() === 'api' ? 'API' : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}

function mapLines(label: string, map: Record<string, string> | undefined): string[] {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return [`${`${label}:`.padEnd(14)}<none>`];
  return entries.map(([k, v], i) => `${(i === 0 ? `${label}:` : '').padEnd(14)}${k}=${v}`);
}

function nested(value: unknown, indent: number, out: string[]): void {
  const pad = '  '.repeat(indent);
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (isPlainObject(v) || Array.isArray(v)) {
        out.push(`${pad}${titleCase(k)}:`);
        nested(v, indent + 1, out);
      } else {
        out.push(`${pad}${titleCase(k)}:  ${String(v)}`);
      }
    }
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (isPlainObject(item) || Array.isArray(item)) {
        nested(item, indent, out);
      } else {
        out.push(`${pad}${String(item)}`);
      }
    }
  }
}

/** An Event as the describe Events table needs it. */
export interface DescribedEvent {
  readonly type: string;
  readonly reason: string;
  readonly age: string;
  readonly from: string;
  readonly message: string;
}

/** The describe text of one object (with its cluster when it came from a member). */
export function describeObject(object: KubeObject, events: readonly DescribedEvent[], cluster?: string): string {
  const lines: string[] = [];
  lines.push(`${'Name:'.padEnd(14)}${object.metadata.name ?? ''}`);
  if (object.metadata.namespace !== undefined) lines.push(`${'Namespace:'.padEnd(14)}${object.metadata.namespace}`);
  if (cluster !== undefined) lines.push(`${'Cluster:'.padEnd(14)}${cluster}`);
  lines.push(...mapLines('Labels', object.metadata.labels), ...mapLines('Annotations', object.metadata.annotations));
  lines.push(`API Version:  ${object.apiVersion ?? ''}`, `Kind:         ${object.kind ?? ''}`);
  const { metadata, apiVersion: _a, kind: _k, ...rest } = object;
  const { name: _n, namespace: _ns, labels: _l, annotations: _an, managedFields: _m, ...meta } = metadata;
  lines.push('Metadata:');
  nested(meta, 1, lines);
  for (const [k, v] of Object.entries(rest)) {
    if (isPlainObject(v) || Array.isArray(v)) {
      lines.push(`${titleCase(k)}:`);
      nested(v, 1, lines);
    } else {
      lines.push(`${titleCase(k)}:  ${String(v)}`);
    }
  }
  if (events.length === 0) {
    lines.push('Events:       <none>');
  } else {
    lines.push('Events:');
    const rows = [
      ['Type', 'Reason', 'Age', 'From', 'Message'],
      ['----', '------', '----', '----', '-------'],
      ...events.map((e) => [e.type, e.reason, e.age, e.from, e.message]),
    ];
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    for (const r of rows) lines.push(`  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 2))).join('')}`);
  }
  return `${lines.join('\n')}\n`;
}
