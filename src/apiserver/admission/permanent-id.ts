/** The `*.karmada.io/permanent-id` labels Karmada's mutating webhooks stamp on objects once. */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';

/** Sets `label` to a new id when it is missing or empty (util.MergeLabel after GetLabelValue == ""). */
export function ensurePermanentId(object: KubeObject, label: string, newId: () => string = randomUUID): void {
  if ((object.metadata.labels?.[label] ?? '') !== '') return;
  object.metadata.labels = { ...object.metadata.labels, [label]: newId() };
}
