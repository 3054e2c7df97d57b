/** Percentiles of latency samples in milliseconds. */
export function percentiles(samplesMs: number[]): { p50: number; p90: number; p99: number; max: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

export function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}
