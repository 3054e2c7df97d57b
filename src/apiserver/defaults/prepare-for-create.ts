/**
 * What the registry strategies of a few kinds do on create, beyond defaulting
 * (PrepareForCreate): a pod starts Pending with its QoS class, a namespace gets the
 * `kubernetes` finalizer, a job gets its generated selector and labels.
 */
import { isPlainObject } from '../../api/object.js';
import { child, objects, type Json } from './json-tree.js';

/** The pod QoS class: BestEffort, Guaranteed (limits == requests for cpu and memory everywhere) or Burstable. */
export function podQosClass(pod: Json): 'BestEffort' | 'Guaranteed' | 'Burstable' {
  const spec = isPlainObject(pod['spec']) ? pod['spec'] : {};
  const containers = [...objects(spec, 'containers'), ...objects(spec, 'initContainers')];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = isPlainObject(c['resources']) ? c['resources'] : {};
    const requests = isPlainObject(resources['requests']) ? resources['requests'] : {};
    const limits = isPlainObject(resources['limits']) ? resources['limits'] : {};
    for (const name of ['cpu', 'memory']) {
      if (requests[name] !== undefined || limits[name] !== undefined) {
        any = true;
      }
      if (limits[name] === undefined || (requests[name] !== undefined && String(requests[name]) !== String(limits[name]))) {
        guaranteed = false;
      }
    }
  }
  if (!any) {
    return 'BestEffort';
  }
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Job selector generation (batch strategy generateSelector), unless spec.manualSelector is true. */
export function generateJobSelector(job: Json): void {
  const spec = child(job, 'spec');
  if (spec['manualSelector'] === true) {
    return;
  }
  if (typeof spec['manualSelector'] !== 'boolean') {
    spec['manualSelector'] = false;
  }
  const meta = isPlainObject(job['metadata']) ? job['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const uid = typeof meta['uid'] === 'string' ? meta['uid'] : '';
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) {
    if (labels[key] === undefined) {
      labels[key] = name;
    }
  }
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) {
    if (labels[key] === undefined) {
      labels[key] = uid;
    }
  }
  const matchLabels = child(child(spec, 'selector'), 'matchLabels');
  if (matchLabels['batch.kubernetes.io/controller-uid'] === undefined) {
    matchLabels['batch.kubernetes.io/controller-uid'] = uid;
  }
}

/**
 * Strategy PrepareForCreate for pods, namespaces and jobs (needs metadata.name and, for jobs,
 * metadata.uid already set). Other kinds are left alone.
 */
export function prepareForCreate(group: string, kind: string, object: Json): void {
  if (group === '' && kind === 'Pod') {
    object['status'] = { phase: 'Pending', qosClass: podQosClass(object) };
  } else if (group === '' && kind === 'Namespace') {
    object['status'] = { phase: 'Active' };
    const spec = child(object, 'spec');
    const finalizers = Array.isArray(spec['finalizers']) ? spec['finalizers'] : [];
    if (!finalizers.includes('kubernetes')) {
      spec['finalizers'] = [...finalizers, 'kubernetes'];
    }
  } else if (group === 'batch' && kind === 'Job') {
    generateJobSelector(object);
  }
}
