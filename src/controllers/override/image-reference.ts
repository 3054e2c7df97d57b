/**
 * Container image references split the way Karmada's image overrider sees them
 * (`pkg/util/imageparser`): `[host[:port]/]repository[:tag][@digest]`.
 */

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$/;

/** The parts of an image reference. */
export interface ImageComponents {
  hostname: string;
  repository: string;
  tag: string;
  digest: string;
}

/** Raised for references the distribution grammar rejects. */
export class InvalidImageReferenceError extends Error {
  constructor(image: string, why: string) {
    super(`failed to parse image value(${image}), error: ${why}`);
    this.name = 'InvalidImageReferenceError';
  }
}

/** Splits `host/remote` when the first component looks like a host (has `.` or `:`, or is `localhost`). */
export function splitHostname(name: string): { hostname: string; repository: string } {
  const i = name.indexOf('/');
  if (i < 0) return { hostname: '', repository: name };
  const first = name.slice(0, i);
  if (!/[.:]/.test(first) && first !== 'localhost') return { hostname: '', repository: name };
  return { hostname: first, repository: name.slice(i + 1) };
}

/** Parses a reference; throws InvalidImageReferenceError. */
export function parseImage(image: string): ImageComponents {
  if (image === '') throw new InvalidImageReferenceError(image, 'repository name must have at least one component');
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new InvalidImageReferenceError(image, 'invalid reference format');
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidImageReferenceError(image, 'invalid reference format');
  }
  const { hostname, repository } = splitHostname(rest);
  if (hostname !== '' && !DOMAIN.test(hostname)) throw new InvalidImageReferenceError(image, 'invalid reference format');
  if (repository === '' || !repository.split('/').every((c) => PATH_COMPONENT.test(c))) {
    throw new InvalidImageReferenceError(image, /[A-Z]/.test(repository) ? 'repository name must be lowercase' : 'invalid reference format');
  }
  // A tag wins over a digest when both are given (the reference is Tagged).
  return { hostname, repository, tag, digest: tag === '' ? digest : '' };
}

/** The reference written back: repository with host, then `:tag` or `@digest`. */
export function formatImage(c: ImageComponents): string {
  const full = c.hostname === '' ? c.repository : `${c.hostname}/${c.repository}`;
  if (c.tag !== '') return `${full}:${c.tag}`;
  if (c.digest !== '') return `${full}@${c.digest}`;
  return full;
}

/** Sets the tag or the digest, whichever the input looks like (other inputs are ignored). */
export function setTagOrDigest(c: ImageComponents, input: string): void {
  if (TAG.test(input)) {
    c.tag = input;
    c.digest = '';
  } else if (DIGEST.test(input)) {
    c.digest = input;
    c.tag = '';
  }
}

/** The tag, else the digest. */
export function tagOrDigest(c: ImageComponents): string {
  return c.tag !== '' ? c.tag : c.digest;
}
