import type { KubeObject } from '../../api/object.js';
import { groupVersion } from '../../api/resource-info.js';
import { sendJson, wantsTable } from '../http-util.js';
import type { ResourceRequest } from './request-context.js';

function includeObject(r: ResourceRequest): string {
  return r.query.get('includeObject') ?? 'Metadata';
}

/** Writes one object, as a Table when kubectl asks for one. */
export function sendObject(r: ResourceRequest, code: number, object: KubeObject, warnings: readonly string[] = []): void {
  const headers = warningHeaders(warnings);
  if (wantsTable(r.req.headers.accept) && r.requestInfo.subresource === '') {
    sendJson(r.res, code, r.deps.toTable(r.info, [object], { includeObject: includeObject(r) }), headers);
    return;
  }
  sendJson(r.res, code, object, headers);
}

export function sendList(r: ResourceRequest, items: KubeObject[], meta: { resourceVersion: string; continue?: string; remainingItemCount?: number }): void {
  if (wantsTable(r.req.headers.accept)) {
    const table = r.deps.toTable(r.info, items, { includeObject: includeObject(r) });
    table['metadata'] = meta;
    sendJson(r.res, 200, table);
    return;
  }
  sendJson(r.res, 200, { apiVersion: groupVersion(r.info), kind: r.info.listKind, metadata: meta, items });
}

/** `Warning: 299 - "text"` headers, as kube-apiserver sends them. */
export function warningHeaders(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) {
    return {};
  }
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
