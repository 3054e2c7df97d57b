/**
 * CapacityLedger: capacity promised to bindings in this scheduling round that cluster status
 * does not show yet. Each binding (by key) holds at most one reservation per cluster; reserving
 * again for the same binding replaces its previous reservation, so rescheduling never double-counts.
 * The controller releases a binding's reservation once the member's resource summary reflects
 * it (or when the binding is deleted), or releases a whole cluster when its status is refreshed.
 */
import type { ParsedRequest } from './resource-request.js';
import type { Reservation, ReservationLookup } from './reservation.js';

/** One cluster's reservation for one binding. */
export interface ReservationEntry {
  readonly cluster: string;
  readonly replicas: number;
}

interface MutableReservation {
  pods: number;
  resources: Map<string, number>;
}

function empty(): MutableReservation {
  return { pods: 0, resources: new Map() };
}

function add(into: MutableReservation, from: Reservation, sign: 1 | -1): void {
  into.pods += sign * from.pods;
  for (const [name, v] of from.resources) {
    const next = (into.resources.get(name) ?? 0) + sign * v;
    if (next === 0) into.resources.delete(name);
    else into.resources.set(name, next);
  }
}

/** In-memory reservations of free capacity, per cluster and binding. */
export class CapacityLedger {
  private readonly byKey = new Map<string, Map<string, Reservation>>();
  private readonly totals = new Map<string, MutableReservation>();

  /**
   * Replaces `key`'s reservations with `entries` (replicas × per-replica `request` on each cluster).
   * Entries with no positive replicas are dropped.
   */
  reserve(key: string, entries: readonly ReservationEntry[], request: ParsedRequest): void {
    this.release(key);
    const mine = new Map<string, Reservation>();
    for (const e of entries) {
      if (!(e.replicas > 0)) continue;
      const resources = new Map<string, number>();
      for (const r of request) resources.set(r.name, r.amount * e.replicas);
      const prev = mine.get(e.cluster);
      const reservation: MutableReservation = { pods: e.replicas, resources };
      if (prev !== undefined) add(reservation, prev, 1);
      mine.set(e.cluster, reservation);
    }
    if (mine.size === 0) return;
    this.byKey.set(key, mine);
    for (const [cluster, r] of mine) {
      let total = this.totals.get(cluster);
      if (total === undefined) {
        total = empty();
        this.totals.set(cluster, total);
      }
      add(total, r, 1);
    }
  }

  /** Drops every reservation of `key`. */
  release(key: string): void {
    const mine = this.byKey.get(key);
    if (mine === undefined) return;
    this.byKey.delete(key);
    for (const [cluster, r] of mine) {
      const total = this.totals.get(cluster);
      if (total === undefined) continue;
      add(total, r, -1);
      if (total.pods <= 0 && total.resources.size === 0) this.totals.delete(cluster);
    }
  }

  /** Drops every reservation on `cluster` (its status now includes them). */
  releaseCluster(cluster: string): void {
    this.totals.delete(cluster);
    for (const [key, mine] of this.byKey) {
      if (mine.delete(cluster) && mine.size === 0) this.byKey.delete(key);
    }
  }

  /** Drops everything. */
  clear(): void {
    this.byKey.clear();
    this.totals.clear();
  }

  /** The total reserved on `cluster`, excluding `excludeKey`'s own reservation. */
  reservation(cluster: string, excludeKey?: string): Reservation | undefined {
    const total = this.totals.get(cluster);
    if (total === undefined) return undefined;
    const own = excludeKey === undefined ? undefined : this.byKey.get(excludeKey)?.get(cluster);
    if (own === undefined) return total;
    const rest: MutableReservation = { pods: total.pods, resources: new Map(total.resources) };
    add(rest, own, -1);
    return rest.pods <= 0 && rest.resources.size === 0 ? undefined : rest;
  }

  /** A lookup for the estimators that ignores `excludeKey`'s own reservation. */
  lookupExcluding(excludeKey: string | undefined): ReservationLookup {
    return (cluster) => this.reservation(cluster, excludeKey);
  }

  /** Reservations held by `key` (cluster → reserved pods), for inspection. */
  reservedBy(key: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [cluster, r] of this.byKey.get(key) ?? []) out.set(cluster, r.pods);
    return out;
  }

  /** Number of bindings holding reservations. */
  get size(): number {
    return this.byKey.size;
  }
}
