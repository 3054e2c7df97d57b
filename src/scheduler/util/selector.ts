/**
 * Matching of Kubernetes label selectors and node-selector requirements against a flat string map.
 * Kept local and allocation-free because the scheduler evaluates it clusters × bindings times.
 */
import type { LabelSelector, NodeSelectorRequirement } from '../../api/policy/kube-core.js';

type Labels = Readonly<Record<string, string>> | undefined;

function has(labels: Labels, key: string): boolean {
  return labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
}

/** True when `labels` satisfy `selector` (matchLabels and matchExpressions ANDed; empty selector matches all). */
export function matchLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  const ml = selector.matchLabels;
  if (ml !== undefined) {
    for (const key in ml) {
      if (!has(labels, key) || labels?.[key] !== ml[key]) return false;
    }
  }
  const exprs = selector.matchExpressions;
  if (exprs !== undefined) {
    for (const e of exprs) {
      const present = has(labels, e.key);
      const value = present ? labels?.[e.key] : undefined;
      switch (e.operator) {
        case 'In':
          if (!present || value === undefined || !(e.values ?? []).includes(value)) return false;
          break;
        case 'NotIn':
          if (present && value !== undefined && (e.values ?? []).includes(value)) return false;
          break;
        case 'Exists':
          if (!present) return false;
          break;
        case 'DoesNotExist':
          if (present) return false;
          break;
        default:
          // An unknown operator never matches (Kubernetes rejects such selectors).
          return false;
      }
    }
  }
  return true;
}

/**
 * True when `fields` satisfy every requirement (ANDed), with label-selector semantics:
 * NotIn and DoesNotExist match an absent key; Gt/Lt compare integers.
 */
export function matchNodeSelectorRequirements(reqs: readonly NodeSelectorRequirement[], fields: Labels): boolean {
  for (const r of reqs) {
    const present = has(fields, r.key);
    const value = present ? fields?.[r.key] : undefined;
    switch (r.operator) {
      case 'In':
        if (value === undefined || !(r.values ?? []).includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && (r.values ?? []).includes(value)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      case 'Gt':
      case 'Lt': {
        const bound = Number.parseInt(r.values?.[0] ?? '', 10);
        const v = value === undefined ? Number.NaN : Number.parseInt(value, 10);
        if (Number.isNaN(bound) || Number.isNaN(v)) return false;
        if (r.operator === 'Gt' ? !(v > bound) : !(v < bound)) return false;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}
