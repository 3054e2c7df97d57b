import type { IncomingMessage } from 'node:http';
import type { Store } from '../../storage/storage.js';
import type { ObjectRegistry } from '../registry/object-registry.js';
import type { RequestInfo } from '../request-info.js';
import type { ServedResources } from '../served-resources.js';
import { RequestAuthenticator, type TokenAuthenticator } from './authenticator.js';
import { forbiddenError } from './forbidden.js';
import { hasImpersonation, impersonate, impersonationRequests } from './impersonation.js';
import { ClusterRoleAggregationController } from './rbac/aggregation-controller.js';
import { RbacAuthorizer } from './rbac/authorizer.js';
import { bootstrapRbacPolicy } from './rbac/bootstrap.js';
import { RbacInformer } from './rbac/rbac-informer.js';
import { RBAC_GROUP } from './rbac/types.js';
import { requestAttributes } from './request-attributes.js';
import { AccessReviews } from './reviews.js';
import { SYSTEM_MASTERS, type UserInfo } from './user-info.js';

/** Where an authorized request keeps the user it runs as (a symbol property: cheaper than a WeakMap per request). */
const REQUEST_USER = Symbol('karmada.requestUser');
type WithUser = IncomingMessage & { [REQUEST_USER]?: UserInfo };

export interface RequestAuthOptions {
  readonly store: Store;
  readonly adminToken: string;
  /** Users of `--token-auth-file`. */
  readonly staticTokens?: ReadonlyMap<string, UserInfo>;
  readonly tokenAuthenticators?: readonly TokenAuthenticator[];
  readonly onError: (error: unknown) => void;
}

/**
 * Authentication, impersonation and RBAC authorization of one API server, plus the review APIs
 * answered from them. `start` bootstraps the default policy and fills the RBAC index; until then
 * only `system:masters` is allowed anything.
 */
export class RequestAuth {
  readonly authenticator: RequestAuthenticator;
  readonly informer: RbacInformer;
  readonly authorizer: RbacAuthorizer;
  readonly reviews: AccessReviews;

  constructor(private readonly options: RequestAuthOptions) {
    this.authenticator = new RequestAuthenticator({
      adminToken: options.adminToken,
      ...(options.staticTokens === undefined ? {} : { staticTokens: options.staticTokens }),
      ...(options.tokenAuthenticators === undefined ? {} : { tokenAuthenticators: options.tokenAuthenticators }),
    });
    this.informer = new RbacInformer(options.store, options.onError);
    this.authorizer = new RbacAuthorizer(() => this.informer.index());
    this.reviews = new AccessReviews(this.authorizer, this.authenticator);
  }

  /** Writes the default roles and bindings, loads the RBAC index and starts following storage. */
  async start(registry: ObjectRegistry, resources: ServedResources, signal: AbortSignal): Promise<void> {
    await bootstrapRbacPolicy(registry, resources);
    await this.informer.start(signal);
    const clusterRoles = resources.get(RBAC_GROUP, 'v1', 'clusterroles');
    if (clusterRoles !== undefined) {
      const aggregation = new ClusterRoleAggregationController(registry, clusterRoles, () => this.informer.index(), this.options.onError);
      this.informer.onChange(() => aggregation.schedule());
      await aggregation.sync();
    }
  }

  /** The request's user, or undefined (401); synchronous unless a pluggable token authenticator runs. */
  authenticate(req: IncomingMessage): UserInfo | undefined | Promise<UserInfo | undefined> {
    return this.authenticator.authenticate(req);
  }

  /**
   * Applies impersonation headers and authorizes the request; returns the user it runs as or
   * throws the 403 kube-apiserver would send.
   */
  authorize(req: IncomingMessage, user: UserInfo, method: string, pathname: string, requestInfo: RequestInfo, query: URLSearchParams): UserInfo {
    let subject = user;
    if (hasImpersonation(req.headers)) {
      subject = impersonate(user, impersonationRequests(req.headers, req.rawHeaders), (attributes) => this.authorizer.authorize(attributes));
    }
    if (!subject.groups.includes(SYSTEM_MASTERS)) {
      const attributes = requestAttributes(subject, method, pathname, requestInfo, query);
      const decision = this.authorizer.authorize(attributes);
      if (!decision.allowed) {
        throw forbiddenError(attributes, decision.reason);
      }
    }
    (req as WithUser)[REQUEST_USER] = subject;
    return subject;
  }

  /**
   * The user an authorized request runs as (name, groups, extra), e.g. for a proxy that forwards
   * the caller's identity with impersonation headers; undefined before authorization.
   */
  userOf(req: IncomingMessage): UserInfo | undefined {
    return (req as WithUser)[REQUEST_USER];
  }
}
