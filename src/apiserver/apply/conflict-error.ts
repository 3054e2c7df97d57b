/**
 * The 409 an apply gets when it would change fields another manager owns, worded as
 * kube-apiserver words it (kubectl prints the message and its --force-conflicts hint).
 */
import { StatusError } from '../status-error.js';
import { memberPaths, type FieldSet } from './field-set.js';
import type { ManagerEntry } from './managed-fields.js';
import { printPath } from './path-element.js';

/** One conflicting path and the manager owning it. */
export interface Conflict {
  readonly manager: ManagerEntry;
  readonly path: string;
}

/** `"name"`, `"name" with subresource "status"`, `"name" using apps/v1` for Update managers. */
export function printManager(entry: ManagerEntry): string {
  let out = JSON.stringify(entry.manager);
  if (entry.subresource !== '') out += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') out += ` using ${entry.apiVersion}`;
  return out;
}

/** Conflicts per manager, managers sorted by identifier, paths in set order. */
export function listConflicts(conflicts: ReadonlyMap<string, { entry: ManagerEntry; fields: FieldSet }>): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...conflicts.keys()].sort()) {
    const { entry, fields } = conflicts.get(id) as { entry: ManagerEntry; fields: FieldSet };
    for (const path of memberPaths(fields)) out.push({ manager: entry, path: printPath(path) });
  }
  return out;
}

/** The Status error for a list of conflicts. */
export function conflictError(conflicts: readonly Conflict[]): StatusError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: c.path }));
  let message: string;
  const first = conflicts[0];
  if (conflicts.length === 1 && first !== undefined) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(first.manager)}: ${first.path}`;
  } else {
    const lines: string[] = [];
    let current: ManagerEntry | undefined;
    for (const c of conflicts) {
      if (c.manager !== current) {
        current = c.manager;
        lines.push(`conflicts with ${printManager(c.manager)}:`);
      }
      lines.push(`- ${c.path}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}
