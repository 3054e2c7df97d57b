/**
 * Get-or-create helpers for prom-client metrics on a given registry, so several queues or
 * controllers sharing one registry share each metric (distinguished by labels).
 */
import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration, Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';

export function counterOn<T extends string>(registry: Registry, config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Counter) {
    return existing as Counter<T>;
  }
  return new Counter<T>({ ...config, registers: [registry] });
}

export function gaugeOn<T extends string>(registry: Registry, config: Omit<GaugeConfiguration<T>, 'registers'>): Gauge<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Gauge) {
    return existing as Gauge<T>;
  }
  return new Gauge<T>({ ...config, registers: [registry] });
}

export function histogramOn<T extends string>(registry: Registry, config: Omit<HistogramConfiguration<T>, 'registers'>): Histogram<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Histogram) {
    return existing as Histogram<T>;
  }
  return new Histogram<T>({ ...config, registers: [registry] });
}

/** 1e-8 s .. 10 s by powers of ten, as client-go's workqueue histograms. */
export const WORKQUEUE_BUCKETS: readonly number[] = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
