import { badRequest } from '../status-error.js';

/** The opaque `continue` token of a paged list: the list's revision and the last key returned. */
export interface ContinueToken {
  readonly revision: number;
  readonly startAfter: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.revision, start: token.startAfter })).toString('base64url');
}

export function decodeContinue(value: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v === 'meta.k8s.io/v1' && typeof parsed.rv === 'number' && typeof parsed.start === 'string') {
      return { revision: parsed.rv, startAfter: parsed.start };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}
