import type { SelectorOptions } from '../operations/resource-operations.js';
import type { ResourceRequest } from './request-context.js';

/** labelSelector, fieldSelector and (for watches of one object) the name of a request. */
export function selectorsOf(r: ResourceRequest): SelectorOptions {
  return {
    labelSelector: r.query.get('labelSelector') ?? '',
    fieldSelector: r.query.get('fieldSelector') ?? '',
    name: r.requestInfo.name,
  };
}
