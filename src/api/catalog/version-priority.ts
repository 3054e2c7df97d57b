/**
 * Kubernetes' "kube-aware" version ordering (apimachinery version.CompareKubeAwareVersionStrings):
 * GA before beta before alpha, higher major first, then higher pre-release number; strings that
 * are not Kubernetes versions come last, in lexical order.
 */

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

interface ParsedVersion {
  readonly major: number;
  /** 2 = GA, 1 = beta, 0 = alpha. */
  readonly stability: number;
  readonly minor: number;
}

function parse(version: string): ParsedVersion | undefined {
  const match = KUBE_VERSION.exec(version);
  if (!match) return undefined;
  const stage = match[2];
  return {
    major: Number(match[1]),
    stability: stage === undefined ? 2 : stage === 'beta' ? 1 : 0,
    minor: match[3] === undefined ? 0 : Number(match[3]),
  };
}

/** Negative when `a` is preferred over `b` (sorts the preferred version first). */
export function compareVersionPriority(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    if (pa.stability !== pb.stability) return pb.stability - pa.stability;
    if (pa.major !== pb.major) return pb.major - pa.major;
    return pb.minor - pa.minor;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
