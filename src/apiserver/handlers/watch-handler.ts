import type { KubeObject } from '../../api/object.js';
import { groupVersion } from '../../api/resource-info.js';
import { StatusError, internalError } from '../status-error.js';
import { wantsTable } from '../http-util.js';
import { selectorsOf } from './list-filter.js';
import type { ResourceRequest } from './request-context.js';

/** Bookmarks are sent about once a minute, as kube-apiserver does. */
const BOOKMARK_INTERVAL_MS = 60_000;
/** Without timeoutSeconds, streams last 30-60 minutes (kubectl get -w exits when they close). */
const DEFAULT_MIN_TIMEOUT_S = 1800;

/**
 * Serves a watch: a chunked stream of newline-delimited `{"type","object"}` events, flushed
 * immediately, with bookmarks when asked, ending at timeoutSeconds or when the client leaves.
 */
export async function handleWatch(r: ResourceRequest): Promise<void> {
  const { res, query } = r;
  const asTable = wantsTable(r.req.headers.accept);
  const timeoutParam = Number(query.get('timeoutSeconds') ?? '');
  const timeoutS = Number.isFinite(timeoutParam) && timeoutParam > 0 ? timeoutParam : DEFAULT_MIN_TIMEOUT_S * (1 + Math.random());
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const sendInitialEvents = query.get('sendInitialEvents') === 'true';
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  r.signal.addEventListener('abort', onAbort, { once: true });
  res.on('close', onAbort);
  const timer = setTimeout(onAbort, timeoutS * 1000);
  let lastRevision = query.get('resourceVersion') ?? '';
  let headersSent = false;
  let firstColumns = true;
  const write = (type: string, object: unknown): void => {
    if (!headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
      headersSent = true;
    }
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    write('BOOKMARK', {
      kind: r.info.kind,
      apiVersion: groupVersion(r.info),
      metadata: { resourceVersion: lastRevision, ...(annotations === undefined ? {} : { annotations }) },
    });
  };
  const render = (object: KubeObject): unknown => {
    if (!asTable) {
      return object;
    }
    const table = r.deps.toTable(r.info, [object], { includeObject: query.get('includeObject') ?? 'Metadata', omitColumns: !firstColumns });
    firstColumns = false;
    return table;
  };
  const ticker = bookmarks ? setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS) : undefined;
  try {
    const selectors = selectorsOf(r);
    let resourceVersion = query.get('resourceVersion') ?? '';
    if (sendInitialEvents) {
      resourceVersion = '0';
      // a WatchList request: current objects, then a bookmark marking the end of the initial events
      const current = await r.ops.list(r.info, r.requestInfo.namespace, selectors);
      for (const object of current.items) {
        write('ADDED', render(object));
      }
      lastRevision = current.resourceVersion;
      bookmark({ 'k8s.io/initial-events-end': 'true' });
      resourceVersion = current.resourceVersion;
    }
    if (!headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
      headersSent = true;
      res.flushHeaders();
    }
    const events = r.ops.watch(r.info, r.requestInfo.namespace, { ...selectors, resourceVersion, signal: controller.signal });
    for await (const event of events) {
      if (controller.signal.aborted) {
        break;
      }
      lastRevision = event.object.metadata.resourceVersion ?? lastRevision;
      write(event.type, render(event.object));
    }
  } catch (error) {
    if (!controller.signal.aborted) {
      const status = error instanceof StatusError ? error : internalError(error instanceof Error ? error.message : String(error));
      write('ERROR', status.toStatus());
    }
  } finally {
    clearTimeout(timer);
    if (ticker !== undefined) {
      clearInterval(ticker);
    }
    r.signal.removeEventListener('abort', onAbort);
    if (!res.writableEnded) {
      res.end();
    }
  }
}
