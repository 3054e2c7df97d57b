/** How kubectl words a failed request on stderr: `Error from server (NotFound): pods "x" not found`. */
import { ApiError, isStatus, statusFromResponse } from '../../client/api-error.js';

/** kubectl's line for an error: the server's Status with its reason, else the plain message. */
export function serverErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const reason = err.reason === '' || err.reason === 'Unknown' ? '' : ` (${err.reason})`;
    return `Error from server${reason}: ${err.status.message ?? err.message}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** The ApiError for a non-2xx raw answer (its body a Status when the server sent one). */
export function rawResponseError(statusCode: number, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  return new ApiError(isStatus(parsed) ? statusFromResponse(statusCode, parsed) : statusFromResponse(statusCode, undefined, body));
}
