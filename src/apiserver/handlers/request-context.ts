import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from '../../api/resource-info.js';
import type { UserInfo } from '../auth/user-info.js';
import type { ResourceOperations } from '../operations/resource-operations.js';
import type { RequestInfo } from '../request-info.js';
import type { ResourceDeps } from '../resource-deps.js';

/** Everything a resource handler needs for one request. */
export interface ResourceRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestInfo: RequestInfo;
  readonly info: ResourceInfo;
  readonly query: URLSearchParams;
  readonly user: string;
  /** The whole (possibly impersonated) user, for handlers that act on its behalf (the cluster proxy). */
  readonly userInfo?: UserInfo;
  readonly ops: ResourceOperations;
  readonly deps: ResourceDeps;
  /** Aborted when the client goes away or the server stops. */
  readonly signal: AbortSignal;
}
