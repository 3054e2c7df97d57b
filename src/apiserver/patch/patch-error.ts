/**
 * Errors of the patch functions. They carry what kube-apiserver would answer (HTTP code, Status
 * reason, message, causes), so the HTTP layer can render a `metav1.Status` without knowing patch
 * internals.
 */

/** A `metav1.StatusCause`. */
export interface PatchErrorCause {
  readonly reason?: string;
  readonly message: string;
  readonly field?: string;
}

/** Status reasons the patch functions produce ('' is `StatusReasonUnknown`, used for 500s). */
export type PatchErrorReason = 'BadRequest' | 'Invalid' | 'RequestEntityTooLarge' | 'UnsupportedMediaType' | '';

/** The `metav1.Status` body a PatchError renders to. */
export interface PatchErrorStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason?: string;
  details?: { causes: PatchErrorCause[] };
  code: number;
}

/** A patch that could not be applied; `code` is the HTTP status kube-apiserver answers with. */
export class PatchError extends Error {
  constructor(
    readonly code: 400 | 413 | 415 | 422 | 500,
    readonly reason: PatchErrorReason,
    message: string,
    readonly causes: readonly PatchErrorCause[] = [],
  ) {
    super(message);
    this.name = 'PatchError';
  }

  /** The Status JSON kube-apiserver would send for this error. */
  toStatus(): PatchErrorStatus {
    const status: PatchErrorStatus = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      code: this.code,
    };
    if (this.reason !== '') status.reason = this.reason;
    if (this.causes.length > 0) status.details = { causes: [...this.causes] };
    return status;
  }
}

/** 415: the Content-Type is not a patch type this resource accepts. */
export class UnsupportedMediaTypeError extends PatchError {
  constructor(readonly accepted: readonly string[]) {
    super(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** `errors.NewBadRequest(message)`. */
export function badRequest(message: string): PatchError {
  return new PatchError(400, 'BadRequest', message);
}

/**
 * `errors.NewGenericServerResponse(422, ...)`: the message is generic and the real reason is the
 * single cause, which is what kubectl prints for a failed JSON patch.
 */
export function unprocessable(detail: string): PatchError {
  return new PatchError(422, 'Invalid', 'the server rejected our request due to an error in our request', [
    { message: detail },
  ]);
}

/** A plain Go error that reached the handler: 500 with reason Unknown and the error text. */
export function internalError(message: string): PatchError {
  return new PatchError(500, '', message);
}

/** `errors.NewRequestEntityTooLargeError(message)`. */
export function requestEntityTooLarge(message: string): PatchError {
  return new PatchError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/**
 * `errors.NewInvalid(GroupKind{}, "", [field.Invalid("patch", value, detail)])`: how the apiserver
 * reports a patched document that no longer decodes into an object.
 */
export function invalidPatchResult(patchedJson: string, detail: string): PatchError {
  const body = `Invalid value: ${JSON.stringify(patchedJson)}: ${detail}`;
  return new PatchError(422, 'Invalid', ` "" is invalid: patch: ${body}`, [
    { reason: 'FieldValueInvalid', message: body, field: 'patch' },
  ]);
}
