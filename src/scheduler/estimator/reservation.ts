/**
 * Capacity already promised to bindings but not yet visible in a cluster's resource summary.
 */

/** Reserved pods and resource amounts (units as in `ParsedRequest`) on one cluster. */
export interface Reservation {
  readonly pods: number;
  readonly resources: ReadonlyMap<string, number>;
}

/** Looks up the reservation held on a cluster by everyone except the binding being scheduled. */
export type ReservationLookup = (cluster: string) => Reservation | undefined;
