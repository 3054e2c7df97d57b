/**
 * Karmada's Cluster checks and mutations (pkg/apis/cluster/validation, pkg/apis/cluster/mutation),
 * which karmada-aggregated-apiserver's Cluster strategy runs on create and update.
 */
import { isDNS1123Label, isLabelValue, isQualifiedName } from '../../api/selectors/name-rules.js';
import { compareQuantities, formatQuantity, isZeroQuantity, tryParseQuantityValue } from './quantity-helpers.js';
import { child, index, invalid, notSupported, required, type FieldError } from '../validation/field-error.js';
import { listAt, objectAt, stringAt, type Json } from '../validation/json-access.js';

const CLUSTER_NAME_MAX_LENGTH = 48;
const SYNC_MODES = ['Pull', 'Push'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const MODEL_RESOURCES = ['cpu', 'ephemeral-storage', 'memory', 'storage'];
/** math.MaxInt64, the upper bound of the last resource model grade. */
export const MAX_INT64 = '9223372036854775807';
const URL_FORM = '; desired format: hostname, hostname:port, IP or IP:port';

/** ValidateClusterName: non-empty, at most 48 characters, a DNS-1123 label. */
export function clusterNameErrors(name: string): string[] {
  if (name === '') return ['must be not empty'];
  if (name.length > CLUSTER_NAME_MAX_LENGTH) return [`must be no more than ${CLUSTER_NAME_MAX_LENGTH} characters`];
  return isDNS1123Label(name);
}

interface ParsedUrl {
  readonly scheme: string;
  readonly host: string;
  readonly user: string;
  readonly fragment: string;
  readonly query: string;
}

/** Enough of Go's url.Parse for these checks: `scheme://user@host/path?query#fragment`. */
function parseUrl(value: string): ParsedUrl | string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(value);
  if (match === null) {
    if (/^[^/?#]*:/.test(value)) return `parse "${value}": first path segment in URL cannot contain colon`;
    return { scheme: '', host: '', user: '', fragment: '', query: '' };
  }
  const scheme = (match[1] ?? '').toLowerCase();
  let rest = match[2] ?? '';
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('//')) return { scheme, host: '', user: '', fragment, query };
  const authority = rest.slice(2).split('/')[0] ?? '';
  const at = authority.lastIndexOf('@');
  return { scheme, host: at >= 0 ? authority.slice(at + 1) : authority, user: at >= 0 ? authority.slice(0, at) : '', fragment, query };
}

/** ValidateClusterAPIEndpoint. */
export function validateApiEndpoint(endpoint: string, path: string): FieldError[] {
  const url = parseUrl(endpoint);
  if (typeof url === 'string') return [invalid(path, endpoint, `apiEndpoint must be a valid URL: ${url}${URL_FORM}`)];
  const errors: FieldError[] = [];
  if (url.host === '') errors.push(invalid(path, url.host, `host must be provided${URL_FORM}`));
  if (url.user !== '') errors.push(invalid(path, url.user, 'user information is not permitted in the URL'));
  if (url.fragment !== '') errors.push(invalid(path, url.fragment, 'fragments are not permitted in the URL'));
  if (url.query !== '') errors.push(invalid(path, url.query, 'query parameters are not permitted in the URL'));
  return errors;
}

/** ValidateClusterProxyURL: http, https or socks5. */
export function validateProxyUrl(proxyUrl: string, path: string): FieldError[] {
  const url = parseUrl(proxyUrl);
  if (typeof url === 'string') return [invalid(path, proxyUrl, `apiEndpoint must be a valid URL: ${url}`)];
  if (['http', 'https', 'socks5'].includes(url.scheme)) return [];
  return [invalid(path, proxyUrl, `unsupported scheme "${url.scheme}", must be http, https, or socks5`)];
}

/** ValidateClusterTaints (lifted from node taint validation). */
export function validateClusterTaints(taints: readonly Json[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((taint, i) => {
    const at = index(path, i);
    const key = stringAt(taint, 'key');
    for (const message of isQualifiedName(key)) errors.push(invalid(child(at, 'key'), key, message));
    const value = stringAt(taint, 'value');
    for (const message of isLabelValue(value)) errors.push(invalid(child(at, 'value'), value, message));
    const effect = stringAt(taint, 'effect');
    if (effect === '') errors.push(required(child(at, 'effect')));
    else if (!TAINT_EFFECTS.includes(effect)) errors.push(notSupported(child(at, 'effect'), effect, TAINT_EFFECTS));
    const pair = `${key}\u0000${effect}`;
    if (seen.has(pair)) errors.push(invalid(at, taint, 'taints must be unique by key and effect pair'));
    seen.add(pair);
  });
  return errors;
}

/** ValidateClusterResourceModels: the first problem found, as Karmada reports it. */
export function validateResourceModels(models: readonly Json[], path: string): FieldError | undefined {
  for (let i = 0; i < models.length; i++) {
    const model = models[i] ?? {};
    const previous = models[i - 1];
    const ranges = listAt(model, 'ranges');
    if (previous !== undefined && model['grade'] === previous['grade']) return invalid(path, models, 'The grade of each models should not be the same');
    if (previous !== undefined && listAt(previous, 'ranges').length !== ranges.length) {
      return invalid(path, models, 'The number of resource types should be the same');
    }
    for (let j = 0; j < ranges.length; j++) {
      const range = ranges[j] ?? {};
      const name = stringAt(range, 'name');
      if (!MODEL_RESOURCES.includes(name)) return notSupported(child(path, 'ranges', 'name'), name, MODEL_RESOURCES);
      const min = tryParseQuantityValue(range['min']);
      const max = tryParseQuantityValue(range['max']);
      if (min === undefined || max === undefined || compareQuantities(max, min) <= 0) {
        return invalid(path, models, 'The max value of each resource must be greater than the min value');
      }
      const before = listAt(previous, 'ranges')[j];
      if (i === 0) {
        if (!isZeroQuantity(min)) return invalid(path, models, 'The min value of each resource in the first model should be 0');
      } else if (stringAt(before, 'name') !== name) {
        return invalid(path, models, 'The resource types of each models should be the same');
      } else {
        const beforeMax = tryParseQuantityValue(before?.['max']);
        if (beforeMax === undefined || compareQuantities(beforeMax, min) !== 0) {
          return invalid(path, models, 'Model intervals for resources must be contiguous and non-overlapping');
        }
      }
      if (i === models.length - 1 && formatQuantity(max) !== MAX_INT64) {
        return invalid(path, models, 'The max value of each resource in the last model should be MaxInt64');
      }
    }
  }
  return undefined;
}

/** ValidateCluster: name, sync mode, endpoints, secret references, taints and resource models. */
export function validateCluster(name: string, spec: Json | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const message of clusterNameErrors(name)) errors.push(invalid('metadata.name', name, message));
  const syncMode = stringAt(spec, 'syncMode');
  if (syncMode === '') errors.push(required('spec.syncMode'));
  if (!SYNC_MODES.includes(syncMode)) errors.push(notSupported('spec.syncMode', syncMode, SYNC_MODES));
  const endpoint = stringAt(spec, 'apiEndpoint');
  if (endpoint !== '') errors.push(...validateApiEndpoint(endpoint, 'spec.apiEndpoint'));
  for (const ref of ['secretRef', 'impersonatorSecretRef']) {
    const secret = objectAt(spec, ref);
    if (secret === undefined) continue;
    if (stringAt(secret, 'namespace') === '') errors.push(required(`spec.${ref}.namespace`));
    if (stringAt(secret, 'name') === '') errors.push(required(`spec.${ref}.name`));
  }
  const proxy = stringAt(spec, 'proxyURL');
  if (proxy !== '') errors.push(...validateProxyUrl(proxy, 'spec.proxyURL'));
  errors.push(...validateClusterTaints(listAt(spec, 'taints'), 'spec.taints'));
  const models = listAt(spec, 'resourceModels');
  if (models.length > 0) {
    const modelError = validateResourceModels(models, 'spec.resourceModels');
    if (modelError !== undefined) errors.push(modelError);
  }
  return errors;
}

const GI = 1024 ** 3;

/** SetDefaultClusterResourceModels: Karmada's nine default grades of cpu and memory. */
export function defaultResourceModels(): Json[] {
  const cpu = [0, 1, 2, 4, 8, 16, 32, 64, 128];
  const memoryGi = [0, 4, 16, 32, 64, 128, 256, 512, 1024];
  return cpu.map((min, grade) => {
    const last = grade === cpu.length - 1;
    const memMin = (memoryGi[grade] ?? 0) * GI;
    return {
      grade,
      ranges: [
        { name: 'cpu', min: String(min), max: last ? MAX_INT64 : String(cpu[grade + 1]) },
        { name: 'memory', min: memMin === 0 ? '0' : `${memoryGi[grade] ?? 0}Gi`, max: last ? MAX_INT64 : `${memoryGi[grade + 1] ?? 0}Gi` },
      ],
    };
  });
}

/** StandardizeClusterResourceModels: sorted by grade, first minimums 0, last maximums MaxInt64. */
export function standardizeResourceModels(models: Json[]): void {
  if (models.length === 0) return;
  models.sort((a, b) => (typeof a['grade'] === 'number' ? a['grade'] : 0) - (typeof b['grade'] === 'number' ? b['grade'] : 0));
  for (const range of listAt(models[0], 'ranges')) range['min'] = '0';
  for (const range of listAt(models[models.length - 1], 'ranges')) range['max'] = MAX_INT64;
}

/** MutateCluster: NoExecute taints get timeAdded; a lone `zone` moves to `zones`. */
export function mutateCluster(spec: Json, now: () => Date): void {
  for (const taint of listAt(spec, 'taints')) {
    if (stringAt(taint, 'effect') === 'NoExecute' && taint['timeAdded'] === undefined) {
      taint['timeAdded'] = now().toISOString().replace(/\.\d+Z$/, 'Z');
    }
  }
  const zone = stringAt(spec, 'zone');
  const zones = spec['zones'];
  if (zone !== '' && (!Array.isArray(zones) || zones.length === 0)) {
    spec['zones'] = [zone];
    delete spec['zone'];
  }
}
