/**
 * `pods/{name}/binding` on a simulated member, as kube-apiserver's BindingREST: assigns a pod to
 * a node (spec.nodeName, PodScheduled=True, the Binding's annotations) with a guaranteed update
 * straight on storage, because pod updates may not change spec.nodeName. The simulator's
 * scheduler binds through `bind` in-process; other schedulers can POST a Binding.
 */
import { isPlainObject, type KubeObject } from '../api/object.js';
import type { ResourceInfo } from '../api/resource-info.js';
import type { ApiServer } from '../apiserver/api-server.js';
import { sendJson, readBody } from '../apiserver/http-util.js';
import type { ResourceRequest } from '../apiserver/handlers/request-context.js';
import { objectKey } from '../apiserver/registry/keys.js';
import { badRequest, conflict, methodNotAllowed, notFound, StatusError } from '../apiserver/status-error.js';
import { ApiError } from '../client/api-error.js';
import { ConflictError } from '../storage/errors.js';
import { timestamp } from './simulator/object-util.js';
import type { Pod } from './simulator/types.js';

const MAX_ATTEMPTS = 16;

export interface BindRequest {
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  /** Precondition on the pod's uid. */
  readonly uid?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Binds pods of one API server; errors are the apiserver's StatusErrors. */
export class PodBinder {
  private readonly info: ResourceInfo;

  constructor(private readonly server: ApiServer, podsInfo: ResourceInfo) {
    this.info = podsInfo;
  }

  async bind(request: BindRequest): Promise<KubeObject> {
    const registry = this.server.registry;
    const key = objectKey(this.info, request.namespace, request.name);
    for (let attempt = 0; ; attempt++) {
      const { kv } = await registry.store.get(key);
      if (kv === undefined) {
        throw notFound(this.info, request.name);
      }
      const pod = registry.decode(this.info, kv) as Pod;
      if (request.uid !== undefined && request.uid !== '' && pod.metadata.uid !== request.uid) {
        throw conflict(this.info, request.name, `Precondition failed: UID in precondition: ${request.uid}, UID in object meta: ${pod.metadata.uid ?? ''}`);
      }
      if (pod.metadata.deletionTimestamp !== undefined) {
        throw conflict(this.info, request.name, `pod ${request.name} is being deleted, cannot be assigned to a host`);
      }
      if ((pod.spec?.nodeName ?? '') !== '') {
        throw conflict(this.info, request.name, `pod ${request.name} is already assigned to node "${pod.spec?.nodeName ?? ''}"`);
      }
      pod.spec = { ...(pod.spec ?? {}), nodeName: request.node };
      if (request.annotations !== undefined && Object.keys(request.annotations).length > 0) {
        pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...request.annotations };
      }
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(Date.now()) });
      pod.status = { ...(pod.status ?? {}), conditions };
      const { resourceVersion: _rv, ...metadata } = pod.metadata;
      try {
        const { kv: written } = await registry.store.update(key, JSON.stringify({ ...pod, metadata }), kv.modRevision);
        return registry.decode(this.info, written);
      } catch (err) {
        if (err instanceof ConflictError && attempt < MAX_ATTEMPTS) {
          continue;
        }
        throw err;
      }
    }
  }

  /** `bind` for in-process callers: failures as the client's ApiError. */
  async bindAsClient(request: BindRequest): Promise<void> {
    try {
      await this.bind(request);
    } catch (err) {
      if (err instanceof StatusError) {
        throw new ApiError(err.toStatus());
      }
      throw err;
    }
  }
}

async function handleBinding(binder: PodBinder, r: ResourceRequest): Promise<void> {
  if (r.requestInfo.verb !== 'create') {
    throw methodNotAllowed();
  }
  const text = (await readBody(r.req)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('the body of the Binding is not valid JSON');
  }
  if (!isPlainObject(body) || !isPlainObject(body['target'])) {
    throw badRequest('a Binding needs a target');
  }
  const node = body['target']['name'];
  if (typeof node !== 'string' || node === '') {
    throw new StatusError(422, 'Invalid', `Binding.core "${r.requestInfo.name}" is invalid: target.name: Required value`);
  }
  const metadata = isPlainObject(body['metadata']) ? body['metadata'] : {};
  const annotations = isPlainObject(metadata['annotations']) ? (metadata['annotations'] as Record<string, string>) : undefined;
  const uid = typeof metadata['uid'] === 'string' ? metadata['uid'] : undefined;
  await binder.bind({
    namespace: r.requestInfo.namespace,
    name: r.requestInfo.name,
    node,
    ...(uid === undefined ? {} : { uid }),
    ...(annotations === undefined ? {} : { annotations }),
  });
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

/** Serves `pods/binding` (POST a Binding) on the server. */
export function registerPodBinding(server: ApiServer, binder: PodBinder): void {
  server.addSubresourceHandler('', 'pods', 'binding', (r) => handleBinding(binder, r));
}
