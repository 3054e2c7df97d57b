/**
 * Server-side request latency from the API servers' own `apiserver_request_duration_seconds`
 * histograms (prom-client), summed over servers and verbs, as a difference between two
 * snapshots, with Prometheus's `histogram_quantile` interpolation. Used for the members' API
 * servers (the execution and status controllers' HTTPS calls land there in push mode) and for
 * the control plane's HTTPS side.
 */
import type { Registry } from 'prom-client';

export const MUTATING_VERBS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'CREATE', 'UPDATE', 'APPLY', 'DELETECOLLECTION']);
export const READ_VERBS: ReadonlySet<string> = new Set(['GET', 'LIST']);

/** Cumulative counts per upper bound (seconds; Infinity for +Inf). */
export type Buckets = Map<number, number>;

export async function snapshotBuckets(registries: readonly Registry[], verbs: ReadonlySet<string>): Promise<Buckets> {
  const buckets: Buckets = new Map();
  for (const registry of registries) {
    const metric = registry.getSingleMetric('apiserver_request_duration_seconds');
    if (metric === undefined) continue;
    const got = await metric.get();
    for (const v of got.values as { labels: Record<string, string | number>; value: number; metricName?: string }[]) {
      if (v.metricName !== undefined && !v.metricName.endsWith('_bucket')) continue;
      const le = v.labels['le'];
      if (le === undefined || !verbs.has(String(v.labels['verb']))) continue;
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + v.value);
    }
  }
  return buckets;
}

export function diffBuckets(after: Buckets, before: Buckets): Buckets {
  const out: Buckets = new Map();
  for (const [le, n] of after) out.set(le, n - (before.get(le) ?? 0));
  return out;
}

/** Prometheus histogram_quantile (linear within a bucket); milliseconds. */
export function bucketQuantile(q: number, buckets: Buckets): number {
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted[sorted.length - 1]?.[1] ?? 0;
  if (total === 0) return 0;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return prevBound * 1000;
      const inBucket = count - prevCount;
      const fraction = inBucket === 0 ? 0 : (rank - prevCount) / inBucket;
      return (prevBound + (bound - prevBound) * fraction) * 1000;
    }
    prevBound = bound;
    prevCount = count;
  }
  return prevBound * 1000;
}

export interface BucketSummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export function summarizeBuckets(buckets: Buckets): BucketSummary {
  const count = Math.max(0, ...buckets.values());
  return { count, p50: bucketQuantile(0.5, buckets), p90: bucketQuantile(0.9, buckets), p99: bucketQuantile(0.99, buckets) };
}
