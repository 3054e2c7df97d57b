/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's algorithm:
 * - a candidate takes the lease when it does not exist, is free (empty holder), or has not
 *   changed for leaseDuration as observed on the candidate's own clock (clocks are never
 *   compared across processes);
 * - the leader renews every retryPeriod; if it cannot renew for renewDeadline it stops
 *   leading;
 * - on stop the leader releases the lease (empty holder, 1 s duration) so another can take
 *   it at once.
 * Difference from client-go: onStoppedLeading runs only if this candidate did lead.
 */
import type { KubeObject } from '../api/object.js';
import { isPlainObject } from '../api/object.js';
import { isNotFound } from './api-error.js';
import type { KubeClient, ResourceRef } from './client.js';
import type { Clock } from './clock.js';
import { realClock, sleep } from './clock.js';
import type { Logger } from './logger.js';
import { noopLogger } from './logger.js';

/** coordination.k8s.io/v1 leases. */
export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true, kind: 'Lease' };

/** The Lease spec fields leader election reads and writes. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaderElectionConfig {
  readonly client: KubeClient;
  /** Where the Lease lives, e.g. `karmada-system`. */
  readonly namespace: string;
  /** The Lease name, e.g. `karmada-controller-manager`. */
  readonly name: string;
  /** This candidate's identity (unique per process, e.g. hostname_uuid). */
  readonly identity: string;
  /** Default 15000. */
  readonly leaseDurationMs?: number;
  /** Default 10000. */
  readonly renewDeadlineMs?: number;
  /** Default 2000. */
  readonly retryPeriodMs?: number;
  /** Acquire retries wait retryPeriod * (1 + random * jitterFactor); default 1.2. */
  readonly jitterFactor?: number;
  /** Release the lease when stopped while leading (default true). */
  readonly releaseOnCancel?: boolean;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Called on becoming leader; signal aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called after leading ends (lost, or stopped). */
  onStoppedLeading?(): void;
  /** Called when the observed leader changes (including to this candidate). */
  onNewLeader?(identity: string): void;
}

/** `2006-01-02T15:04:05.000000Z`: metav1.MicroTime. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function specOf(lease: KubeObject | undefined): LeaseSpec {
  const spec = lease?.['spec'];
  return isPlainObject(spec) ? (spec as LeaseSpec) : {};
}

function sameRecord(a: LeaseSpec, b: LeaseSpec): boolean {
  return (
    (a.holderIdentity ?? '') === (b.holderIdentity ?? '') &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    (a.leaseTransitions ?? 0) === (b.leaseTransitions ?? 0)
  );
}

export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly jitterFactor: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private observed: LeaseSpec = {};
  private observedTime = 0;
  private observedLease: KubeObject | undefined;
  private reportedLeader = '';
  private leading = false;

  constructor(private readonly config: LeaderElectionConfig) {
    this.leaseDurationMs = config.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = config.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = config.retryPeriodMs ?? 2_000;
    this.jitterFactor = config.jitterFactor ?? 1.2;
    this.clock = config.clock ?? realClock;
    this.logger = config.logger ?? noopLogger;
    if (this.leaseDurationMs <= this.renewDeadlineMs) {
      throw new Error('leaseDuration must be greater than renewDeadline');
    }
    if (this.renewDeadlineMs <= this.retryPeriodMs * Math.max(1, this.jitterFactor)) {
      throw new Error('renewDeadline must be greater than retryPeriod*jitterFactor');
    }
    if (config.identity === '') {
      throw new Error('leader election requires a non-empty identity');
    }
  }

  /** True while this candidate holds the lease. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The last observed holder ('' when none). */
  getLeader(): string {
    return this.observed.holderIdentity ?? '';
  }

  /**
   * Campaigns until leading, leads until the lease cannot be renewed or signal aborts, then
   * returns. A stopped leader releases the lease (unless releaseOnCancel is false).
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.acquire(signal))) {
      return;
    }
    const leadership = new AbortController();
    const onAbort = (): void => leadership.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.leading = true;
    this.logger.info({ lease: this.leaseName(), identity: this.config.identity }, 'leader election: acquired lease');
    void Promise.resolve()
      .then(() => this.config.onStartedLeading(leadership.signal))
      .catch((err: unknown) => this.logger.error({ err }, 'leader election: onStartedLeading failed'));
    try {
      await this.renewLoop(signal);
    } finally {
      this.leading = false;
      signal.removeEventListener('abort', onAbort);
      leadership.abort();
      if (signal.aborted && this.config.releaseOnCancel !== false) {
        await this.release();
      }
      this.logger.info({ lease: this.leaseName(), identity: this.config.identity }, 'leader election: stopped leading');
      this.config.onStoppedLeading?.();
    }
  }

  private leaseName(): string {
    return `${this.config.namespace}/${this.config.name}`;
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(signal)) {
        return true;
      }
      const wait = this.retryPeriodMs * (1 + Math.random() * this.jitterFactor);
      await sleep(this.clock, this.jitterFactor > 0 ? wait : this.retryPeriodMs, signal);
    }
    return false;
  }

  private async renewLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.clock, this.retryPeriodMs, signal);
      if (signal.aborted) {
        return;
      }
      const start = this.clock.now();
      for (;;) {
        const attempt = new AbortController();
        const onAbort = (): void => attempt.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        const timer = this.clock.setTimeout(() => attempt.abort(), Math.max(0, start + this.renewDeadlineMs - this.clock.now()));
        let ok: boolean;
        try {
          ok = await this.tryAcquireOrRenew(attempt.signal);
        } finally {
          this.clock.clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        }
        if (ok) {
          break;
        }
        if (signal.aborted) {
          return;
        }
        await sleep(this.clock, this.retryPeriodMs, signal);
        if (signal.aborted) {
          return;
        }
        if (this.clock.now() - start >= this.renewDeadlineMs) {
          this.logger.warn({ lease: this.leaseName() }, 'leader election: failed to renew lease within the renew deadline');
          return;
        }
      }
    }
  }

  private desired(now: number): LeaseSpec {
    return {
      holderIdentity: this.config.identity,
      leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: 0,
    };
  }

  private observe(spec: LeaseSpec, lease: KubeObject | undefined): void {
    if (!sameRecord(spec, this.observed)) {
      this.observed = spec;
      this.observedTime = this.clock.now();
    }
    this.observedLease = lease;
    const holder = spec.holderIdentity ?? '';
    if (holder !== '' && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      try {
        this.config.onNewLeader?.(holder);
      } catch (err) {
        this.logger.error({ err }, 'leader election: onNewLeader failed');
      }
    }
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { client, namespace, name, identity } = this.config;
    const now = this.clock.now();
    const desired = this.desired(now);
    let lease: KubeObject;
    try {
      lease = await client.get(LEASES, name, { namespace, signal });
    } catch (err) {
      if (!isNotFound(err)) {
        this.logger.warn({ err, lease: this.leaseName() }, 'leader election: cannot read lease');
        return false;
      }
      try {
        const created = await client.create(
          LEASES,
          { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: desired },
          { signal },
        );
        this.observe(specOf(created), created);
        return true;
      } catch (createErr) {
        this.logger.debug({ err: createErr, lease: this.leaseName() }, 'leader election: cannot create lease');
        return false;
      }
    }
    const old = specOf(lease);
    this.observe(old, lease);
    const holder = old.holderIdentity ?? '';
    const oldDurationMs = (old.leaseDurationSeconds ?? 0) * 1000;
    if (holder !== '' && holder !== identity && this.observedTime + oldDurationMs > now) {
      return false; // held by another and not expired (by our own observation)
    }
    if (holder === identity) {
      desired.acquireTime = old.acquireTime ?? desired.acquireTime;
      desired.leaseTransitions = old.leaseTransitions ?? 0;
    } else {
      desired.leaseTransitions = (old.leaseTransitions ?? 0) + 1;
    }
    try {
      const updated = await client.update(LEASES, { ...lease, spec: { ...specOf(lease), ...desired } }, { signal });
      this.observe(specOf(updated), updated);
      return true;
    } catch (err) {
      this.logger.debug({ err, lease: this.leaseName() }, 'leader election: cannot update lease');
      return false;
    }
  }

  /** Gives the lease up (empty holder, 1 s duration) if this candidate still holds it. */
  private async release(): Promise<void> {
    const lease = this.observedLease;
    if (lease === undefined || specOf(lease).holderIdentity !== this.config.identity) {
      return;
    }
    const now = formatMicroTime(this.clock.now());
    const spec: LeaseSpec = {
      ...specOf(lease),
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: specOf(lease).leaseTransitions ?? 0,
    };
    try {
      const updated = await this.config.client.update(LEASES, { ...lease, spec });
      this.observe(specOf(updated), updated);
    } catch (err) {
      this.logger.warn({ err, lease: this.leaseName() }, 'leader election: failed to release lease');
    }
  }
}
