/**
 * The tables of `karmadactl top pod|node` (Karmada's `pkg/karmadactl/top/metrics_printer.go`):
 * kubectl top's columns with a CLUSTER column after NAME; CPU in millicores, memory in Mi,
 * percentages of the node's allocatable.
 */
import { isPlainObject } from '../../api/object.js';
import { addQuantities, parseQuantity, quantityMilliValue, quantityValue, ZERO_QUANTITY, type Quantity } from '../../interpreter/kube/quantity.js';
import { alignColumns } from './get-table.js';

/** The usage of one measured thing (a pod, a container or a node) in one cluster. */
export interface UsageRow {
  readonly cluster: string;
  readonly namespace?: string;
  /** The pod, for per-container rows. */
  readonly pod?: string;
  readonly name: string;
  readonly cpu: Quantity;
  readonly memory: Quantity;
}

function quantityAt(usage: unknown, key: string): Quantity {
  const value = isPlainObject(usage) ? usage[key] : undefined;
  if (typeof value === 'string') return parseQuantity(value);
  if (typeof value === 'number') return parseQuantity(String(value));
  return ZERO_QUANTITY;
}

/** Sums the usage of a metrics object's containers (PodMetrics) or reads its usage (NodeMetrics). */
export function usageOf(metrics: Record<string, unknown>): { cpu: Quantity; memory: Quantity } {
  if (Array.isArray(metrics['containers'])) {
    let cpu = ZERO_QUANTITY;
    let memory = ZERO_QUANTITY;
    for (const c of metrics['containers']) {
      const usage = isPlainObject(c) ? c['usage'] : undefined;
      cpu = addQuantities(cpu, quantityAt(usage, 'cpu'));
      memory = addQuantities(memory, quantityAt(usage, 'memory'));
    }
    return { cpu, memory };
  }
  return { cpu: quantityAt(metrics['usage'], 'cpu'), memory: quantityAt(metrics['usage'], 'memory') };
}

/** Per-container rows of a PodMetrics. */
export function containerRows(metrics: Record<string, unknown>, cluster: string, namespace: string, pod: string): UsageRow[] {
  const containers = Array.isArray(metrics['containers']) ? metrics['containers'] : [];
  return containers.flatMap((c) =>
    isPlainObject(c) && typeof c['name'] === 'string'
      ? [{ cluster, namespace, pod, name: c['name'], cpu: quantityAt(c['usage'], 'cpu'), memory: quantityAt(c['usage'], 'memory') }]
      : [],
  );
}

export function cpuText(q: Quantity): string {
  return `${quantityMilliValue(q)}m`;
}

export function memoryText(q: Quantity): string {
  return `${quantityValue(q) / (1024n * 1024n)}Mi`;
}

/** Sorts as Karmada's sorters: `cpu`/`memory` descending, else by namespace (when shown) and name. */
export function sortUsage(rows: UsageRow[], sortBy: string | undefined, withNamespace: boolean): UsageRow[] {
  const cmp = (a: bigint, b: bigint): number => (a === b ? 0 : a > b ? -1 : 1);
  return rows.sort((a, b) => {
    if (sortBy === 'cpu') return cmp(quantityMilliValue(a.cpu), quantityMilliValue(b.cpu));
    if (sortBy === 'memory') return cmp(quantityValue(a.memory), quantityValue(b.memory));
    if (withNamespace && a.namespace !== b.namespace) return (a.namespace ?? '') < (b.namespace ?? '') ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** The `top pod` table. */
export function renderPodTable(rows: readonly UsageRow[], options: { withNamespace: boolean; containers: boolean; noHeaders: boolean; sum: boolean }): string {
  if (rows.length === 0) return '';
  const lead = (r: UsageRow): string[] => [...(options.withNamespace ? [r.namespace ?? ''] : []), ...(options.containers ? [r.pod ?? ''] : [])];
  const header = [...(options.withNamespace ? ['NAMESPACE'] : []), ...(options.containers ? ['POD'] : []), 'NAME', 'CLUSTER', 'CPU(cores)', 'MEMORY(bytes)'];
  const body = rows.map((r) => [...lead(r), r.name, r.cluster, cpuText(r.cpu), memoryText(r.memory)]);
  const table = options.noHeaders ? body : [header, ...body];
  if (options.sum) {
    let cpu = ZERO_QUANTITY;
    let memory = ZERO_QUANTITY;
    for (const r of rows) {
      cpu = addQuantities(cpu, r.cpu);
      memory = addQuantities(memory, r.memory);
    }
    const pad = header.length - 2;
    table.push([...Array<string>(pad).fill(''), '________', '________']);
    table.push([...Array<string>(pad).fill(''), cpuText(cpu), memoryText(memory)]);
  }
  return alignColumns(table);
}

/** One node's usage and allocatable (undefined usage: metrics missing). */
export interface NodeUsage {
  readonly cluster: string;
  readonly name: string;
  readonly usage?: { cpu: Quantity; memory: Quantity };
  readonly allocatable?: { cpu: Quantity; memory: Quantity };
}

function percent(used: Quantity, available: Quantity | undefined): string {
  if (available === undefined) return '';
  const a = quantityMilliValue(available);
  if (a === 0n) return '0%';
  return `${(quantityMilliValue(used) * 100n) / a}%`;
}

/** The `top node` table: measured nodes first (sorted), then nodes without metrics as `<unknown>`. */
export function renderNodeTable(nodes: readonly NodeUsage[], options: { noHeaders: boolean; sortBy?: string }): string {
  const measured = nodes.filter((n) => n.usage !== undefined);
  if (measured.length === 0) return '';
  const sorted = sortUsage(
    measured.map((n) => ({ cluster: n.cluster, name: n.name, cpu: n.usage?.cpu ?? ZERO_QUANTITY, memory: n.usage?.memory ?? ZERO_QUANTITY })),
    options.sortBy,
    false,
  );
  const byKey = new Map(nodes.map((n) => [`${n.cluster}/${n.name}`, n]));
  const body = sorted.map((r) => {
    const alloc = byKey.get(`${r.cluster}/${r.name}`)?.allocatable;
    return [r.name, r.cluster, cpuText(r.cpu), percent(r.cpu, alloc?.cpu), memoryText(r.memory), percent(r.memory, alloc?.memory)];
  });
  for (const n of nodes) if (n.usage === undefined) body.push([n.name, n.cluster, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  const header = ['NAME', 'CLUSTER', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%'];
  return alignColumns(options.noHeaders ? body : [header, ...body]);
}
