/** A Kubernetes `metav1.StatusCause`. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A Kubernetes `metav1.StatusDetails`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A Kubernetes `metav1.Status`, as failing requests (and watch ERROR events) carry it. */
export interface ApiStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { resourceVersion?: string; continue?: string };
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Reasons per HTTP code, for servers that answer without a Status body. */
const REASON_BY_CODE: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** True when value looks like a metav1.Status object. */
export function isStatus(value: unknown): value is ApiStatus {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'Status' &&
    typeof (value as { code?: unknown }).code === 'number'
  );
}

/** A Status for an HTTP answer: the body's own Status when it has one, else one built from the code. */
export function statusFromResponse(code: number, body: unknown, rawText?: string): ApiStatus {
  if (isStatus(body)) {
    return { ...body, code: body.code === 0 ? code : body.code };
  }
  const reason = REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
  const text = rawText?.trim();
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason,
    message: text !== undefined && text !== '' ? text : `the server responded with HTTP ${code} (${reason})`,
    code,
  };
}

/** Builds a Failure Status; used by fakes and by the client for local failures. */
export function failureStatus(code: number, reason: string, message: string, details?: StatusDetails): ApiStatus {
  const status: ApiStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details !== undefined) {
    status.details = details;
  }
  return status;
}

/** A failed API request, carrying the Kubernetes Status the server answered with. */
export class ApiError extends Error {
  constructor(
    readonly status: ApiStatus,
    options?: { cause?: unknown },
  ) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`, options);
    this.name = 'ApiError';
  }

  /** The HTTP status code (e.g. 404). */
  get code(): number {
    return this.status.code;
  }

  /** The Status reason (e.g. `NotFound`), or '' when the server gave none. */
  get reason(): string {
    return this.status.reason ?? '';
  }

  /** Seconds the server asked to wait before retrying, if it said. */
  get retryAfterSeconds(): number | undefined {
    return this.status.details?.retryAfterSeconds;
  }
}

function apiError(err: unknown): ApiError | undefined {
  return err instanceof ApiError ? err : undefined;
}

function hasReasonOrCode(err: unknown, reason: string, code: number): boolean {
  const e = apiError(err);
  if (e === undefined) {
    return false;
  }
  if (e.reason === reason) {
    return true;
  }
  // Like apimachinery: fall back to the code only when the reason is not a known one.
  return e.code === code && (e.reason === '' || e.reason === 'Unknown');
}

/** 404 NotFound. */
export function isNotFound(err: unknown): boolean {
  return hasReasonOrCode(err, 'NotFound', 404);
}

/** 409 Conflict (an update raced another writer; not AlreadyExists). */
export function isConflict(err: unknown): boolean {
  return hasReasonOrCode(err, 'Conflict', 409);
}

/** 409 AlreadyExists. */
export function isAlreadyExists(err: unknown): boolean {
  return apiError(err)?.reason === 'AlreadyExists';
}

/** 410 Gone / Expired: the requested resourceVersion (or continue token) is too old; relist. */
export function isGone(err: unknown): boolean {
  const e = apiError(err);
  return e !== undefined && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone');
}

/** 422 Invalid. */
export function isInvalid(err: unknown): boolean {
  return hasReasonOrCode(err, 'Invalid', 422);
}

/** 403 Forbidden. */
export function isForbidden(err: unknown): boolean {
  return hasReasonOrCode(err, 'Forbidden', 403);
}

/** 401 Unauthorized. */
export function isUnauthorized(err: unknown): boolean {
  return hasReasonOrCode(err, 'Unauthorized', 401);
}

/** 429 TooManyRequests. */
export function isTooManyRequests(err: unknown): boolean {
  return hasReasonOrCode(err, 'TooManyRequests', 429);
}
