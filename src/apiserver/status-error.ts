import { qualifiedResource } from '../api/resource-info.js';

/** A Kubernetes metav1.Status cause. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The JSON a failing request answers with. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/**
 * The one error the HTTP boundary turns into a Kubernetes `Status`. Everything below the
 * apiserver throws its own typed errors; handlers translate them into this.
 */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details !== undefined) {
      status.details = this.details;
    }
    return status;
  }
}

interface ResourceRef {
  group: string;
  resource: string;
}

export function notFound(info: ResourceRef, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, {
    name,
    group: info.group,
    kind: info.resource,
  });
}

export function pathNotFound(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(info: ResourceRef, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, {
    name,
    group: info.group,
    kind: info.resource,
  });
}

export function conflict(info: ResourceRef, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): StatusError {
  return new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, {
    name,
    group: info.group,
    kind: info.resource,
  });
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotAllowed(): StatusError {
  return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

export function forbidden(message: string): StatusError {
  return new StatusError(403, 'Forbidden', message);
}

export function gone(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function tooLarge(): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
}

export function unsupportedMediaType(message: string): StatusError {
  return new StatusError(415, 'UnsupportedMediaType', message);
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** One field-level validation failure, reported as a 422 cause. */
export interface FieldError {
  /** e.g. FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden */
  readonly type: string;
  readonly field: string;
  /** The full per-field text after `field: `, e.g. `Invalid value: -1: must be greater than or equal to 0`. */
  readonly detail: string;
}

/**
 * 422 Invalid, worded as upstream: `Deployment.apps "bad" is invalid: spec.replicas: Invalid value: ...`
 * (several errors are listed as `[a, b]`).
 */
export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): StatusError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const parts = errors.map((e) => (e.field === '' ? e.detail : `${e.field}: ${e.detail}`));
  const joined = parts.length === 1 ? (parts[0] ?? '') : `[${parts.join(', ')}]`;
  return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
  });
}
