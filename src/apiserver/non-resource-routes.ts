import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscoveryDocuments, RenderedDocument } from './discovery/discovery-documents.js';
import { discoveryContentType, negotiateDiscovery } from './discovery/negotiation.js';
import type { OpenAPIV3Documents } from './openapi/openapi-documents.js';
import { sendJson } from './http-util.js';
import { StatusError } from './status-error.js';

function sendDocument(req: IncomingMessage, res: ServerResponse, doc: RenderedDocument, contentType: string, extra: Record<string, string> = {}): void {
  if (req.headers['if-none-match'] === doc.etag) {
    res.writeHead(304, { ETag: doc.etag, ...extra });
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, ETag: doc.etag, 'Content-Length': Buffer.byteLength(doc.json), Vary: 'Accept', ...extra });
  res.end(doc.json);
}

/** GET handlers for discovery (/api, /apis, /apis/<g>, /api/v1, /apis/<g>/<v>) and /openapi/v3. */
export class NonResourceRoutes {
  constructor(
    private readonly discovery: DiscoveryDocuments,
    private readonly openapi: OpenAPIV3Documents,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const path = url.pathname.replace(/\/+$/, '');
    const parts = path.split('/').filter((p) => p !== '');
    if (path === '/api' || path === '/apis') {
      const format = negotiateDiscovery(req.headers.accept);
      if (format === undefined) {
        throw new StatusError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
      }
      const root = path === '/api' ? 'api' : 'apis';
      if (format === 'legacy') {
        sendDocument(req, res, root === 'api' ? this.discovery.apiVersions() : this.discovery.groupList(), 'application/json');
      } else {
        sendDocument(req, res, this.discovery.aggregated(root, format), discoveryContentType(format));
      }
      return true;
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const doc = this.discovery.group(parts[1] ?? '');
      if (doc === undefined) {
        return false;
      }
      sendDocument(req, res, doc, 'application/json');
      return true;
    }
    if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
      const group = parts[0] === 'api' ? '' : (parts[1] ?? '');
      const version = parts[parts.length - 1] ?? '';
      const doc = this.discovery.resourceList(group, version);
      if (doc === undefined) {
        return false;
      }
      sendDocument(req, res, doc, 'application/json');
      return true;
    }
    if (path === '/openapi/v3' || path.startsWith('/openapi/v3/')) {
      const reply = this.openapi.serve(path, url.searchParams.get('hash') ?? undefined);
      if (reply.status === 404) {
        return false;
      }
      if (reply.status === 301) {
        res.writeHead(301, { Location: reply.location });
        res.end();
        return true;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: reply.etag, 'Cache-Control': reply.cacheControl, 'Content-Length': Buffer.byteLength(reply.json) });
      res.end(reply.json);
      return true;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      sendJson(res, 200, 'ok');
      return true;
    }
    return false;
  }
}
