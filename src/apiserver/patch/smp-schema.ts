/**
 * Patch metadata lookups over a PatchSchema, shaped like upstream's LookupPatchMeta. Where
 * upstream would fail on a field it cannot find, these answer "no strategy", so unknown fields
 * merge like a JSON merge patch (objects merge, lists are replaced).
 */
import type { FieldPatchInfo, PatchSchema } from '../../api/schema/patch-schema.js';
import { errMerge } from './smp-errors.js';

/** What strategic merge patch needs to know about one field. */
export interface PatchMeta {
  /** The patch strategies, e.g. ['merge'] or ['merge', 'retainKeys']. */
  readonly strategies: readonly string[];
  /** The merge key of a merging list of objects ('' when none). */
  readonly mergeKey: string;
  /** The schema of the field's value (objects) or of its elements (lists, maps). */
  readonly schema: PatchSchema | undefined;
}

const NO_META: PatchMeta = { strategies: [], mergeKey: '', schema: undefined };

/**
 * The schema of a `map<string, X>` value: every key holds an X, the way upstream's struct
 * lookup answers any key of a Go map with the map's element type.
 */
function mapValuesSchema(info: FieldPatchInfo): PatchSchema {
  const element = info.schema;
  const valueInfo: FieldPatchInfo = element === undefined ? { shape: 'object' } : { shape: 'object', schema: element };
  return {
    typeName: `map[string]${element?.typeName ?? 'interface {}'}`,
    field: () => valueInfo,
  };
}

/** Looks up `key` in `schema`; an unknown schema or field has no metadata. */
export function lookupPatchMeta(schema: PatchSchema | undefined, key: string): PatchMeta {
  const info = schema?.field(key);
  if (info === undefined) return NO_META;
  const strategies = (info.patchStrategy ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return {
    strategies,
    mergeKey: info.patchMergeKey ?? '',
    schema: info.shape === 'map' ? mapValuesSchema(info) : info.schema,
  };
}

/** Splits `retainKeys` off the strategies (`extractRetainKeysPatchStrategy`). */
export function splitRetainKeys(strategies: readonly string[]): { retainKeys: boolean; strategy: string } {
  const [first, second] = strategies;
  if (first === undefined) return { retainKeys: false, strategy: '' };
  if (second === undefined) {
    return first === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: first };
  }
  if (strategies.length === 2) {
    if (first === 'retainKeys') return { retainKeys: true, strategy: second };
    if (second === 'retainKeys') return { retainKeys: true, strategy: first };
  }
  throw errMerge(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

/** The strategy that decides merge vs replace for a field (retainKeys aside). */
export function patchStrategyOf(meta: PatchMeta): string {
  return splitRetainKeys(meta.strategies).strategy;
}
