/**
 * A load-balancer provider for the simulated member (what a cloud controller manager or MetalLB
 * does): every Service of type LoadBalancer gets an ingress IP from 172.18.255.0/24 in
 * `status.loadBalancer`, and loses it when it stops being one.
 */
import { isConflict, isNotFound } from '../../client/api-error.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ReconcileResult } from '../../controllers/runtime/reconciler.js';
import type { SimulatorContext } from './context.js';
import { copy } from './object-util.js';
import { SERVICES } from './refs.js';
import type { Service } from './types.js';

const POOL = '172.18.255';

type LbStatus = { loadBalancer?: { ingress?: { ip?: string; ipMode?: string }[] } };

function ingressIp(service: Service): string | undefined {
  return (service['status'] as LbStatus | undefined)?.loadBalancer?.ingress?.[0]?.ip;
}

export class LoadBalancerController {
  readonly controller: Controller;

  constructor(private readonly ctx: SimulatorContext) {
    this.controller = new Controller({ name: 'service-lb', reconciler: this, clock: ctx.clock, logger: ctx.logger });
    this.controller.watch(ctx.informers.services);
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const service = this.ctx.informers.services.cache.get(key);
    if (service === undefined) {
      return;
    }
    const wants = service.spec?.type === 'LoadBalancer';
    const has = ingressIp(service);
    if (wants === (has !== undefined)) {
      return;
    }
    const next = copy(service);
    const status = { ...((next['status'] as LbStatus | undefined) ?? {}) };
    if (wants) {
      const ip = this.freeIp();
      if (ip === undefined) {
        return;
      }
      status.loadBalancer = { ingress: [{ ip, ipMode: 'VIP' }] };
    } else {
      status.loadBalancer = {};
    }
    next['status'] = status;
    try {
      await this.ctx.client.updateStatus(SERVICES, next);
    } catch (err) {
      if (isConflict(err)) {
        return { requeue: true };
      }
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }

  private freeIp(): string | undefined {
    const used = new Set(this.ctx.informers.services.cache.list().map(ingressIp));
    for (let host = 1; host < 255; host++) {
      const ip = `${POOL}.${host}`;
      if (!used.has(ip)) {
        return ip;
      }
    }
    return undefined;
  }
}
