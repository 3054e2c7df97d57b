import { Registry, collectDefaultMetrics, type Metric, type MetricValue } from 'prom-client';
import type { RequestInfo } from './request-info.js';

type RequestLabels = Readonly<Record<'verb' | 'group' | 'version' | 'resource' | 'subresource', string>>;

interface Series {
  readonly labels: RequestLabels;
  /** apiserver_request_total per response code. */
  readonly codes: Map<number, number>;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly buckets: number[];
  sum: number;
  count: number;
}

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * apiserver_request_total and apiserver_request_duration_seconds, labelled as kube-apiserver does.
 * Requests are counted in a map keyed by one string per verb and resource, and turned into
 * prom-client's series only when scraped: prom-client hashes and validates the label set of
 * every observation, which costs more than the rest of the bookkeeping of a request.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly series = new Map<string, Series>();

  constructor() {
    // What the registry reads of a metric (prom-client's typings say `type` is an enum; it is the text).
    const collector = (name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue<string>[]): Metric => {
      const metric = {
        name,
        help,
        type,
        aggregator: 'sum',
        get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
        reset: () => this.series.clear(),
      };
      return metric as unknown as Metric;
    };
    this.registry.registerMetric(
      collector(
        'apiserver_request_total',
        'Counter of apiserver requests broken out for each verb, group, version, resource, subresource and HTTP response code.',
        'counter',
        () => this.totals(),
      ),
    );
    this.registry.registerMetric(
      collector(
        'apiserver_request_duration_seconds',
        'Response latency distribution in seconds for each verb, group, version, resource and subresource.',
        'histogram',
        () => this.durations(),
      ),
    );
    collectDefaultMetrics({ register: this.registry });
  }

  observe(info: RequestInfo, code: number, seconds: number): void {
    const verb = info.isResourceRequest ? info.verb.toUpperCase() : 'GET';
    const key = `${verb} ${info.group} ${info.version} ${info.resource} ${info.subresource}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        labels: { verb, group: info.group, version: info.version, resource: info.resource, subresource: info.subresource },
        codes: new Map(),
        buckets: new Array<number>(BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, series);
    }
    series.codes.set(code, (series.codes.get(code) ?? 0) + 1);
    if (info.verb !== 'watch') {
      let bucket = 0;
      while (bucket < BUCKETS.length && seconds > (BUCKETS[bucket] ?? Infinity)) bucket++;
      series.buckets[bucket] = (series.buckets[bucket] ?? 0) + 1;
      series.sum += seconds;
      series.count++;
    }
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private totals(): MetricValue<string>[] {
    const values: MetricValue<string>[] = [];
    for (const series of this.series.values()) {
      for (const [code, value] of series.codes) values.push({ labels: { ...series.labels, code: String(code) }, value });
    }
    return values;
  }

  private durations(): MetricValue<string>[] {
    const values: (MetricValue<string> & { metricName: string })[] = [];
    const name = 'apiserver_request_duration_seconds';
    for (const series of this.series.values()) {
      if (series.count === 0) continue; // watches only
      let cumulative = 0;
      series.buckets.forEach((n, i) => {
        cumulative += n;
        values.push({ metricName: `${name}_bucket`, labels: { le: BUCKETS[i] ?? '+Inf', ...series.labels }, value: cumulative });
      });
      values.push({ metricName: `${name}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${name}_count`, labels: series.labels, value: series.count });
    }
    return values;
  }
}
