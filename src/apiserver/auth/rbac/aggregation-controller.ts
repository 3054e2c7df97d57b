import { isDeepStrictEqual } from 'node:util';
import type { ResourceInfo } from '../../../api/resource-info.js';
import type { ObjectRegistry } from '../../registry/object-registry.js';
import { StatusError } from '../../status-error.js';
import { aggregatedRules } from './aggregation.js';
import type { RbacIndex } from './rbac-index.js';

/**
 * kube's clusterrole-aggregation controller: writes the aggregated rules into every ClusterRole
 * with an aggregationRule, so `kubectl get clusterrole admin -o yaml` shows them. (The authorizer
 * does not wait for this: it resolves aggregation from its index.) Runs after index changes,
 * coalesced.
 */
export class ClusterRoleAggregationController {
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: ObjectRegistry,
    private readonly info: ResourceInfo,
    private readonly index: () => RbacIndex,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Asks for a pass soon (many changes in a burst make one pass). */
  schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      this.running = this.running.then(() => this.sync()).catch((error: unknown) => this.onError(error));
    }, 20).unref();
  }

  /** One pass over every aggregated ClusterRole; resolves when the writes are done. */
  async sync(): Promise<void> {
    const index = this.index();
    const roles = [...index.allClusterRoles()];
    const byName = new Map(roles.map((r) => [r.name, r]));
    for (const role of roles) {
      if (role.selectors === undefined) {
        continue;
      }
      const wanted = aggregatedRules(role.name, (n) => byName.get(n), () => roles);
      if (isDeepStrictEqual(role.rules, wanted)) {
        continue;
      }
      try {
        await this.registry.update(this.info, '', role.name, (current) => ({ ...current, rules: wanted.map((r) => ({ ...r })) }), {
          user: 'system:serviceaccount:kube-system:clusterrole-aggregation-controller',
        });
      } catch (error) {
        if (!(error instanceof StatusError && error.code === 404)) {
          throw error;
        }
      }
    }
  }
}
