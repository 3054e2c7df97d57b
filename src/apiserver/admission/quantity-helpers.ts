/** Quantity reading for admission checks (resource models, quotas). */
import { compareQuantities, formatQuantity, tryParseQuantity, type Quantity } from '../../interpreter/kube/quantity.js';

export { compareQuantities, formatQuantity };
export type { Quantity };

/** A quantity from a JSON value (string or number), or undefined when it does not parse. */
export function tryParseQuantityValue(value: unknown): Quantity | undefined {
  if (typeof value === 'number') return tryParseQuantity(String(value));
  return typeof value === 'string' ? tryParseQuantity(value) : undefined;
}

/** True for a zero quantity. */
export function isZeroQuantity(q: Quantity): boolean {
  return q.value === 0n;
}
