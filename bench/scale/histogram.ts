/**
 * A log-bucketed latency histogram (about 1 % relative precision from 1 µs to ~3 h) so that
 * hundreds of thousands of API call samples cost a fixed few kilobytes, not a growing array
 * (which would inflate the RSS the benchmark reports).
 */
const MIN_MS = 0.001;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(1e7 / MIN_MS) / LOG_GROWTH) + 1;

/** Percentiles of a sample set in milliseconds. */
export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export class LogHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private maximum = 0;

  record(ms: number): void {
    const v = Math.max(ms, MIN_MS);
    const index = Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / LOG_GROWTH));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total++;
    this.sum += ms;
    if (ms > this.maximum) this.maximum = ms;
  }

  get count(): number {
    return this.total;
  }

  /** The upper edge of the bucket holding quantile q (0..1), capped at the largest sample. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.maximum, MIN_MS * GROWTH ** (i + 1));
    }
    return this.maximum;
  }

  summary(): Percentiles {
    return { count: this.total, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99), max: this.maximum, mean: this.total === 0 ? 0 : this.sum / this.total };
  }

  /** Cumulative distribution points [ms, fraction] at each non-empty bucket, for charts. */
  cdf(): [number, number][] {
    const points: [number, number][] = [];
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i] ?? 0;
      if (c === 0) continue;
      seen += c;
      points.push([Math.min(this.maximum, MIN_MS * GROWTH ** (i + 1)), seen / this.total]);
    }
    return points;
  }
}

/** Exact percentiles of a (small) sample array, nearest-rank. */
export function exactPercentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, mean: sorted.length === 0 ? 0 : sum / sorted.length };
}

/** Cumulative distribution points of a sample array. */
export function exactCdf(samples: readonly number[]): [number, number][] {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.map((v, i) => [v, (i + 1) / sorted.length]);
}
