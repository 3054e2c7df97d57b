/**
 * The claim metadata a policy puts on the templates and bindings it owns (`pkg/detector/claim.go`):
 * a permanent-id label plus name (and namespace) annotations.
 */
import type { KubeObject } from '../../api/object.js';
import { removeAnnotations, removeLabels } from '../shared/object-util.js';
import {
  CPP_NAME_ANNOTATION,
  CPP_PERMANENT_ID_LABEL,
  PP_NAME_ANNOTATION,
  PP_NAMESPACE_ANNOTATION,
  PP_PERMANENT_ID_LABEL,
} from '../shared/well-known.js';

/** A claim read from an object. */
export type Claim =
  | { readonly kind: 'PropagationPolicy'; readonly namespace: string; readonly name: string; readonly id: string }
  | { readonly kind: 'ClusterPropagationPolicy'; readonly name: string; readonly id: string };

/** The PropagationPolicy claim, else the ClusterPropagationPolicy claim, else undefined. */
export function claimOf(obj: Pick<KubeObject, 'metadata'>): Claim | undefined {
  const labels = obj.metadata.labels ?? {};
  const annotations = obj.metadata.annotations ?? {};
  const ppId = labels[PP_PERMANENT_ID_LABEL];
  const ppNamespace = annotations[PP_NAMESPACE_ANNOTATION];
  const ppName = annotations[PP_NAME_ANNOTATION];
  if (ppId && ppNamespace && ppName) return { kind: 'PropagationPolicy', namespace: ppNamespace, name: ppName, id: ppId };
  const cppId = labels[CPP_PERMANENT_ID_LABEL];
  const cppName = annotations[CPP_NAME_ANNOTATION];
  if (cppId && cppName) return { kind: 'ClusterPropagationPolicy', name: cppName, id: cppId };
  return undefined;
}

/** The labels and annotations of a claim, and the other kind's keys to drop (null in a merge patch). */
export function claimMetadata(claim: Claim): { labels: Record<string, string | null>; annotations: Record<string, string | null> } {
  if (claim.kind === 'PropagationPolicy') {
    return {
      labels: { [PP_PERMANENT_ID_LABEL]: claim.id, [CPP_PERMANENT_ID_LABEL]: null },
      annotations: { [PP_NAMESPACE_ANNOTATION]: claim.namespace, [PP_NAME_ANNOTATION]: claim.name, [CPP_NAME_ANNOTATION]: null },
    };
  }
  return {
    labels: { [CPP_PERMANENT_ID_LABEL]: claim.id, [PP_PERMANENT_ID_LABEL]: null },
    annotations: { [CPP_NAME_ANNOTATION]: claim.name, [PP_NAMESPACE_ANNOTATION]: null, [PP_NAME_ANNOTATION]: null },
  };
}

/** Sets the claim on obj in place (removing the other kind's claim). */
export function addClaim(obj: KubeObject, claim: Claim): void {
  const { labels, annotations } = claimMetadata(claim);
  obj.metadata.labels = applyNullable(obj.metadata.labels, labels);
  obj.metadata.annotations = applyNullable(obj.metadata.annotations, annotations);
}

/** True when obj already carries exactly this claim and none of the other kind. */
export function hasClaim(obj: Pick<KubeObject, 'metadata'>, claim: Claim): boolean {
  const { labels, annotations } = claimMetadata(claim);
  return sameAs(obj.metadata.labels, labels) && sameAs(obj.metadata.annotations, annotations);
}

/** Every key of both claim kinds. */
export const CLAIM_LABELS = [PP_PERMANENT_ID_LABEL, CPP_PERMANENT_ID_LABEL] as const;
export const CLAIM_ANNOTATIONS = [PP_NAMESPACE_ANNOTATION, PP_NAME_ANNOTATION, CPP_NAME_ANNOTATION] as const;

/** Removes the claim keys of the given kind in place; true when something changed. */
export function removeClaim(obj: KubeObject, kind: Claim['kind']): boolean {
  const labels = kind === 'PropagationPolicy' ? [PP_PERMANENT_ID_LABEL] : [CPP_PERMANENT_ID_LABEL];
  const annotations = kind === 'PropagationPolicy' ? [PP_NAMESPACE_ANNOTATION, PP_NAME_ANNOTATION] : [CPP_NAME_ANNOTATION];
  const a = removeLabels(obj, labels);
  const b = removeAnnotations(obj, annotations);
  return a || b;
}

function applyNullable(current: Record<string, string> | undefined, changes: Record<string, string | null>): Record<string, string> | undefined {
  const next = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return Object.keys(next).length === 0 ? undefined : next;
}

function sameAs(current: Record<string, string> | undefined, wanted: Record<string, string | null>): boolean {
  for (const [k, v] of Object.entries(wanted)) {
    const has = current !== undefined && Object.prototype.hasOwnProperty.call(current, k);
    if (v === null ? has : !has || current?.[k] !== v) return false;
  }
  return true;
}
