import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestInfo } from './request-info.js';

/** apiserver_request_total and apiserver_request_duration_seconds, labelled as kube-apiserver does. */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly total: Counter<'verb' | 'group' | 'version' | 'resource' | 'subresource' | 'code'>;
  private readonly duration: Histogram<'verb' | 'group' | 'version' | 'resource' | 'subresource'>;

  constructor() {
    this.total = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, group, version, resource, subresource and HTTP response code.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'code'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, group, version, resource and subresource.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    collectDefaultMetrics({ register: this.registry });
  }

  observe(info: RequestInfo, code: number, seconds: number): void {
    const verb = info.isResourceRequest ? info.verb.toUpperCase() : 'GET';
    const labels = { verb, group: info.group, version: info.version, resource: info.resource, subresource: info.subresource };
    this.total.inc({ ...labels, code: String(code) });
    if (info.verb !== 'watch') {
      this.duration.observe(labels, seconds);
    }
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
