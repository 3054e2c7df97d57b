/** Content negotiation for /api and /apis: aggregated discovery (v2, v2beta1) or the legacy documents. */

export type DiscoveryFormat = 'v2' | 'v2beta1' | 'legacy';

/** The exact Content-Type kubectl recognises aggregated discovery by. */
export const AGGREGATED_DISCOVERY_V2_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** The Content-Type of a discovery reply in the given format. */
export function discoveryContentType(format: DiscoveryFormat): string {
  switch (format) {
    case 'v2':
      return AGGREGATED_DISCOVERY_V2_CONTENT_TYPE;
    case 'v2beta1':
      return AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE;
    case 'legacy':
      return 'application/json';
  }
}

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
  readonly index: number;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  accept.split(',').forEach((part, index) => {
    const [rawType, ...rawParams] = part.split(';');
    const type = (rawType ?? '').trim().toLowerCase();
    if (type === '') return;
    const params = new Map<string, string>();
    let q = 1;
    for (const rawParam of rawParams) {
      const eq = rawParam.indexOf('=');
      if (eq < 0) continue;
      const key = rawParam.slice(0, eq).trim().toLowerCase();
      const value = rawParam.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? parsed : 0;
      } else {
        params.set(key, value);
      }
    }
    ranges.push({ type, params, q, index });
  });
  return ranges;
}

function formatOf(range: MediaRange): DiscoveryFormat | undefined {
  if (range.q <= 0) return undefined;
  const as = range.params.get('as');
  if (as !== undefined) {
    if (range.type !== 'application/json' || as !== 'APIGroupDiscoveryList') return undefined;
    if (range.params.get('g') !== 'apidiscovery.k8s.io') return undefined;
    const version = range.params.get('v');
    return version === 'v2' || version === 'v2beta1' ? version : undefined;
  }
  return range.type === 'application/json' || range.type === 'application/*' || range.type === '*/*' ? 'legacy' : undefined;
}

/**
 * Picks the discovery format for an Accept header, honouring the client's order and q-values.
 * No header means legacy JSON; undefined means nothing acceptable can be served (406).
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryFormat | undefined {
  if (accept === undefined || accept.trim() === '') return 'legacy';
  const ranges = parseAccept(accept).sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    const format = formatOf(range);
    if (format) return format;
  }
  return undefined;
}
