import { isPlainObject, type KubeObject } from '../../api/object.js';
import { decodeObjectBody } from '../body-decoder.js';
import { sendObject } from '../handlers/output.js';
import type { ResourceRequest } from '../handlers/request-context.js';
import { readBody } from '../http-util.js';
import type { RequestInfo } from '../request-info.js';
import { badRequest, invalid } from '../status-error.js';
import type { RequestAuthenticator } from './authenticator.js';
import { nonResourceAttributes, resourceAttributes, type AuthorizationAttributes } from './rbac/attributes.js';
import type { RbacAuthorizer } from './rbac/authorizer.js';
import type { PolicyRule } from './rbac/types.js';
import type { UserInfo } from './user-info.js';

const REVIEWS = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
]);

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function extraOf(value: unknown): Record<string, string[]> | undefined {
  const map = record(value);
  if (map === undefined) {
    return undefined;
  }
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] = stringList(v);
  }
  return out;
}

/**
 * The authorizer attributes an access review's spec asks about (kube's ResourceAttributesFrom /
 * NonResourceAttributesFrom), or a 422 when it names neither or both kinds of attributes.
 */
export function reviewAttributes(kind: string, spec: Record<string, unknown>, user: UserInfo): AuthorizationAttributes {
  const resource = record(spec['resourceAttributes']);
  const nonResource = record(spec['nonResourceAttributes']);
  if (resource !== undefined && nonResource !== undefined) {
    throw invalid(kind, 'authorization.k8s.io', '', [
      { type: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', detail: 'Invalid value: "": cannot be specified in combination with resourceAttributes' },
    ]);
  }
  if (resource !== undefined) {
    return resourceAttributes(user, {
      verb: str(resource['verb']),
      apiGroup: str(resource['group']),
      apiVersion: str(resource['version']),
      namespace: str(resource['namespace']),
      resource: str(resource['resource']),
      subresource: str(resource['subresource']),
      name: str(resource['name']),
    });
  }
  if (nonResource !== undefined) {
    return nonResourceAttributes(user, str(nonResource['verb']), str(nonResource['path']));
  }
  throw invalid(kind, 'authorization.k8s.io', '', [
    { type: 'FieldValueInvalid', field: 'spec.resourceAttributes', detail: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified' },
  ]);
}

/** RBAC rules as SelfSubjectRulesReview reports them (resource rules and non-resource rules apart). */
export function rulesReviewStatus(rules: readonly PolicyRule[], errors: readonly string[]): Record<string, unknown> {
  const resourceRules: Record<string, unknown>[] = [];
  const nonResourceRules: Record<string, unknown>[] = [];
  for (const rule of rules) {
    if ((rule.nonResourceURLs ?? []).length > 0) {
      nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...(rule.nonResourceURLs ?? [])] });
    }
    if ((rule.resources ?? []).length > 0 || (rule.apiGroups ?? []).length > 0) {
      resourceRules.push({
        verbs: [...rule.verbs],
        ...(rule.apiGroups === undefined ? {} : { apiGroups: [...rule.apiGroups] }),
        ...(rule.resources === undefined ? {} : { resources: [...rule.resources] }),
        ...(rule.resourceNames === undefined ? {} : { resourceNames: [...rule.resourceNames] }),
      });
    }
  }
  return {
    resourceRules,
    nonResourceRules,
    incomplete: errors.length > 0,
    ...(errors.length > 0 ? { evaluationError: errors.join(', ') } : {}),
  };
}

/**
 * The virtual review APIs (never stored), answered from the authenticator and authorizer:
 * SelfSubjectAccessReview (`kubectl auth can-i`), SubjectAccessReview, LocalSubjectAccessReview,
 * SelfSubjectRulesReview (`can-i --list`), SelfSubjectReview (`auth whoami`) and TokenReview.
 */
export class AccessReviews {
  constructor(
    private readonly authorizer: RbacAuthorizer,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  /** Whether this request is a review create this class answers. */
  serves(requestInfo: RequestInfo): boolean {
    return requestInfo.verb === 'create' && REVIEWS.has(`${requestInfo.group}/${requestInfo.resource}`) && requestInfo.subresource === '';
  }

  async serve(r: ResourceRequest, user: UserInfo): Promise<void> {
    const body = await readBody(r.req);
    const review = decodeObjectBody(body, r.req.headers['content-type'], r.info, r.deps.protobuf);
    const spec = record(review['spec']) ?? {};
    const status = await this.answer(r.info.kind, r.requestInfo.namespace, spec, user);
    const { status: _ignored, ...rest } = review;
    const metadata = { ...review.metadata };
    delete metadata['managedFields'];
    const result: KubeObject = { ...rest, apiVersion: `${r.info.group}/${r.info.version}`, kind: r.info.kind, metadata, spec, status };
    sendObject(r, 201, result);
  }

  private async answer(kind: string, namespace: string, spec: Record<string, unknown>, user: UserInfo): Promise<Record<string, unknown>> {
    switch (kind) {
      case 'SelfSubjectAccessReview':
        return this.decide(reviewAttributes(kind, spec, user));
      case 'SubjectAccessReview':
      case 'LocalSubjectAccessReview': {
        const subject = this.subjectOf(kind, spec);
        const attributes = reviewAttributes(kind, spec, subject);
        if (kind === 'LocalSubjectAccessReview') {
          if (!attributes.resourceRequest) {
            throw invalid(kind, 'authorization.k8s.io', '', [{ type: 'FieldValueForbidden', field: 'spec.nonResourceAttributes', detail: 'Forbidden: disallowed on this kind of request' }]);
          }
          if (attributes.namespace !== namespace) {
            throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
          }
        }
        return this.decide(attributes);
      }
      case 'SelfSubjectRulesReview': {
        const { rules, errors } = this.authorizer.rulesFor(user, str(spec['namespace']));
        return rulesReviewStatus(rules, errors);
      }
      case 'SelfSubjectReview':
        return { userInfo: userInfoJson(user) };
      case 'TokenReview': {
        const found = await this.authenticator.authenticateToken(str(spec['token']));
        return found === undefined ? { authenticated: false, user: {} } : { authenticated: true, user: userInfoJson(found), audiences: [] };
      }
      default:
        return {};
    }
  }

  private subjectOf(kind: string, spec: Record<string, unknown>): UserInfo {
    const name = str(spec['user']);
    const groups = stringList(spec['groups']);
    if (name === '' && groups.length === 0) {
      throw invalid(kind, 'authorization.k8s.io', '', [{ type: 'FieldValueInvalid', field: 'spec.user', detail: 'Invalid value: "": at least one of user or group must be specified' }]);
    }
    const extra = extraOf(spec['extra']);
    const uid = str(spec['uid']);
    return { name, groups, ...(uid === '' ? {} : { uid }), ...(extra === undefined ? {} : { extra }) };
  }

  private decide(attributes: AuthorizationAttributes): Record<string, unknown> {
    const decision = this.authorizer.authorize(attributes);
    return { allowed: decision.allowed, ...(decision.reason === '' ? {} : { reason: decision.reason }) };
  }
}

function userInfoJson(user: UserInfo): Record<string, unknown> {
  return {
    username: user.name,
    ...(user.uid === undefined || user.uid === '' ? {} : { uid: user.uid }),
    groups: [...user.groups],
    ...(user.extra === undefined ? {} : { extra: user.extra }),
  };
}
