/**
 * `pods/{name}/eviction` on a simulated member (policy/v1 Eviction, as `kubectl drain` posts
 * it): a ready pod covered by a PodDisruptionBudget that allows no disruption is refused with
 * 429; otherwise the budget's disruptionsAllowed is taken (so parallel evictions cannot
 * overrun it) and the pod is deleted with the Eviction's delete options.
 */
import { isPlainObject } from '../api/object.js';
import type { ApiServer } from '../apiserver/api-server.js';
import type { ResourceRequest } from '../apiserver/handlers/request-context.js';
import { readBody, sendJson } from '../apiserver/http-util.js';
import type { DeleteOptions } from '../apiserver/registry/object-registry.js';
import { badRequest, methodNotAllowed, StatusError } from '../apiserver/status-error.js';
import { matchesLabelSelector } from '../api/selectors/label-selector.js';
import { isConflict } from '../client/api-error.js';
import type { KubeClient } from '../client/client.js';
import { PDBS, type PodDisruptionBudget } from './simulator/disruption-controller.js';
import { copy } from './simulator/object-util.js';
import { isPodReady, isPodTerminal } from './simulator/pod-util.js';
import type { Pod } from './simulator/types.js';

function deleteOptionsOf(body: Record<string, unknown>, user: string): DeleteOptions {
  const options = isPlainObject(body['deleteOptions']) ? body['deleteOptions'] : {};
  const pre = isPlainObject(options['preconditions']) ? options['preconditions'] : {};
  const policy = options['propagationPolicy'];
  return {
    user,
    ...(typeof policy === 'string' ? { propagationPolicy: policy } : {}),
    preconditions: {
      ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}),
      ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}),
    },
    dryRun: Array.isArray(options['dryRun']) && options['dryRun'].includes('All'),
  };
}

function tooManyRequests(pdb: PodDisruptionBudget): StatusError {
  const status = pdb.status ?? {};
  return new StatusError(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [
      {
        reason: 'DisruptionBudget',
        message: `The disruption budget ${pdb.metadata.name ?? ''} needs ${String(status['desiredHealthy'] ?? 0)} healthy pods and has ${String(status['currentHealthy'] ?? 0)} currently`,
      },
    ],
  });
}

/** Takes one disruption from every budget covering the pod, or throws 429. */
async function takeDisruption(client: KubeClient, pod: Pod): Promise<void> {
  const namespace = pod.metadata.namespace ?? '';
  const budgets = (await client.list<PodDisruptionBudget>(PDBS, { namespace })).items.filter((b) => matchesLabelSelector(b.spec?.selector, pod.metadata.labels));
  for (const budget of budgets) {
    let current = budget;
    for (let attempt = 0; ; attempt++) {
      const allowed = typeof current.status?.['disruptionsAllowed'] === 'number' ? current.status['disruptionsAllowed'] : 0;
      if (allowed <= 0) {
        throw tooManyRequests(current);
      }
      const next = copy(current);
      next.status = { ...(next.status ?? {}), disruptionsAllowed: allowed - 1 };
      try {
        await client.updateStatus(PDBS, next);
        break;
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) {
          throw err;
        }
        current = await client.get<PodDisruptionBudget>(PDBS, budget.metadata.name ?? '', { namespace });
      }
    }
  }
}

async function handleEviction(client: KubeClient, r: ResourceRequest): Promise<void> {
  if (r.requestInfo.verb !== 'create') {
    throw methodNotAllowed();
  }
  let body: unknown;
  try {
    body = JSON.parse((await readBody(r.req)).toString('utf8'));
  } catch {
    throw badRequest('the body of the Eviction is not valid JSON');
  }
  if (!isPlainObject(body)) {
    throw badRequest('an Eviction must be an object');
  }
  const metadata = isPlainObject(body['metadata']) ? body['metadata'] : {};
  if (typeof metadata['name'] === 'string' && metadata['name'] !== '' && metadata['name'] !== r.requestInfo.name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  const pod = (await r.ops.get(r.info, r.requestInfo.namespace, r.requestInfo.name)) as Pod;
  const options = deleteOptionsOf(body, r.user);
  if (!isPodTerminal(pod) && isPodReady(pod) && options.dryRun !== true) {
    await takeDisruption(client, pod);
  }
  await r.ops.delete(r.info, r.requestInfo.namespace, r.requestInfo.name, options);
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

/** Serves `pods/eviction` on the server. */
export function registerPodEviction(server: ApiServer, client: KubeClient): void {
  server.addSubresourceHandler('', 'pods', 'eviction', (r) => handleEviction(client, r));
}
