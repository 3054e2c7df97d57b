/**
 * The agent's execution and work status loops: the control plane's execution and work status
 * controllers, run inside the agent against its own member, over the Works of its execution
 * space only (`karmada-es-<cluster>`), as karmada-agent runs them.
 *
 * Those controllers leave Pull clusters to the agent by checking `spec.syncMode`; they have no
 * single-cluster mode yet, so the agent hands them a view of the control plane in which its
 * own Cluster (the only one they see) reads as Push. Writes go to the real client.
 */
import type { KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import type { KubeClient, ListOptions, ResourceTarget, WatchEvent, WatchOptions, WatchStream } from '../client/client.js';
import { isResourceRef } from '../client/client.js';
import type { Logger } from '../client/logger.js';
import { SharedInformerFactory } from '../client/shared-informer-factory.js';
import { executionSpaceName } from '../controllers/cluster/constants.js';
import { ExecutionController } from '../controllers/execution/execution-controller.js';
import { VersionRecord } from '../controllers/execution/version-record.js';
import { WorkStatusController } from '../controllers/status/work-status-controller.js';
import type { ResourceInterpreter } from '../interpreter/interpreter.js';

function isClusterTarget(target: ResourceTarget): boolean {
  return isResourceRef(target)
    ? target.group === 'cluster.karmada.io' && target.resource === 'clusters'
    : target.kind === 'Cluster' && target.apiVersion.startsWith('cluster.karmada.io/');
}

function asPush<T extends KubeObject>(obj: T): T {
  const spec = obj['spec'];
  return isPlainObject(spec) && spec['syncMode'] === 'Pull' ? ({ ...obj, spec: { ...spec, syncMode: 'Push' } } as T) : obj;
}

/** The control plane as the agent's controllers see it: only its Cluster, reading as Push. */
export function agentView(base: KubeClient, clusterName: string): KubeClient {
  const selector = `metadata.name=${clusterName}`;
  return {
    ...base,
    async list<T extends KubeObject>(target: ResourceTarget, options: ListOptions = {}) {
      if (!isClusterTarget(target)) return base.list<T>(target, options);
      const list = await base.list<T>(target, { ...options, fieldSelector: selector });
      return { ...list, items: list.items.map(asPush) };
    },
    async watch<T extends KubeObject>(target: ResourceTarget, options: WatchOptions = {}): Promise<WatchStream<T>> {
      if (!isClusterTarget(target)) return base.watch<T>(target, options);
      const stream = await base.watch<T>(target, { ...options, fieldSelector: selector });
      return {
        close: () => stream.close(),
        async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
          for await (const event of stream) {
            yield event.type === 'ERROR' || event.type === 'BOOKMARK' ? event : { type: event.type, object: asPush(event.object) };
          }
        },
      };
    },
  };
}

export interface AgentExecutionOptions {
  readonly clusterName: string;
  readonly karmada: KubeClient;
  readonly member: KubeClient;
  readonly interpreter: ResourceInterpreter;
  readonly logger: Logger;
}

/** Runs the agent's execution and work status controllers until signal aborts. */
export async function runAgentExecution(o: AgentExecutionOptions, signal: AbortSignal): Promise<void> {
  const informers = new SharedInformerFactory(agentView(o.karmada, o.clusterName), { namespace: executionSpaceName(o.clusterName), logger: o.logger });
  const memberClients = {
    get: async (cluster: string): Promise<KubeClient> => {
      if (cluster !== o.clusterName) throw new Error(`the agent of cluster ${o.clusterName} has no client for cluster ${cluster}`);
      return o.member;
    },
  };
  const versions = new VersionRecord();
  const common = { client: o.karmada, informers, memberClients, interpreter: o.interpreter, versions, logger: o.logger };
  const execution = new ExecutionController(common);
  const workStatus = new WorkStatusController(common);
  informers.start();
  try {
    await Promise.all([execution.start(signal), workStatus.start(signal)]);
  } finally {
    await informers.stop();
  }
}
