import type { KubeObject } from '../../api/object.js';
import type { ObjectFilter } from '../registry/object-registry.js';
import type { ResourceRequest } from './request-context.js';

/** The object filter of labelSelector, fieldSelector and (for watches of one object) the name. */
export function listFilter(r: ResourceRequest): ObjectFilter | undefined {
  const filters: ObjectFilter[] = [];
  const labelSelector = r.query.get('labelSelector') ?? '';
  if (labelSelector.trim() !== '') {
    const matches = r.deps.labelMatcher(labelSelector);
    filters.push((o: KubeObject) => matches(o.metadata.labels ?? {}));
  }
  const fieldSelector = r.query.get('fieldSelector') ?? '';
  if (fieldSelector.trim() !== '') {
    filters.push(r.deps.fieldMatcher(fieldSelector, r.info));
  }
  const name = r.requestInfo.name;
  if (name !== '') {
    filters.push((o: KubeObject) => o.metadata.name === name);
  }
  if (filters.length === 0) {
    return undefined;
  }
  if (filters.length === 1) {
    return filters[0];
  }
  return (o: KubeObject) => filters.every((f) => f(o));
}
