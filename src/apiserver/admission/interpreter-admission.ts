/**
 * Karmada's ResourceInterpreterCustomization validating webhook
 * (pkg/webhook/resourceinterpretercustomization) and the ResourceInterpreterWebhookConfiguration
 * one (pkg/webhook/configuration/validating.go).
 */
import type { KubeObject } from '../../api/object.js';
import { CUSTOMIZATION_RULES, CUSTOMIZATION_RULE_NAMES } from '../../api/config/resource-interpreter-customization.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../api/selectors/name-rules.js';
import { LuaRuntime, LuaScriptError } from '../../interpreter/declarative/lua-runtime.js';
import { child, duplicate, forbidden, index, invalid, notSupported, required, type FieldError } from '../validation/field-error.js';
import { listAt, numberAt, objectAt, stringAt, type Json } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';

export interface InterpreterCustomizationAdmissionOptions {
  /** Every stored ResourceInterpreterCustomization (the webhook lists them for duplicate checks). */
  readonly list: () => Promise<readonly KubeObject[]>;
  /** Compiles scripts (default: a private runtime, created on first use). */
  readonly runtime?: LuaRuntime;
}

function scriptOf(customization: KubeObject, rule: string): string {
  return stringAt(objectAt(objectAt(objectAt(customization, 'spec'), 'customizations'), rule), 'luaScript');
}

function target(customization: KubeObject): string {
  const t = objectAt(objectAt(customization, 'spec'), 'target');
  return `${stringAt(t, 'apiVersion')}\u0000${stringAt(t, 'kind')}`;
}

/**
 * ResourceInterpreterCustomization: no other customization of the same target may define the same
 * operation (dependency interpretation may repeat), and every script must compile. Errors name the
 * rule's field.
 */
export function interpreterCustomizationAdmission(options: InterpreterCustomizationAdmissionOptions): KarmadaAdmissionRule {
  let runtime = options.runtime;
  return {
    name: 'ResourceInterpreterCustomization',
    resources: ['config.karmada.io/resourceinterpretercustomizations'],
    async validate(customization) {
      const errors: FieldError[] = [];
      const name = customization.metadata.name ?? '';
      for (const other of await options.list()) {
        if (other.metadata.name === name || target(other) !== target(customization)) continue;
        for (const rule of CUSTOMIZATION_RULE_NAMES) {
          if (rule === 'dependencyInterpretation') continue;
          if (scriptOf(other, rule) !== '' && scriptOf(customization, rule) !== '') {
            errors.push(
              forbidden(
                `spec.customizations.${rule}`,
                `conflicting with InterpreterOperation(${CUSTOMIZATION_RULES[rule].operation}) of existing ResourceInterpreterCustomization(${other.metadata.name ?? ''})`,
              ),
            );
          }
        }
        if (errors.length > 0) return errors;
      }
      for (const rule of CUSTOMIZATION_RULE_NAMES) {
        const script = scriptOf(customization, rule);
        if (script === '') continue;
        runtime ??= new LuaRuntime();
        try {
          runtime.compile(script, `${name}/${rule}`);
        } catch (error) {
          const message = error instanceof LuaScriptError ? error.message : String(error);
          errors.push(invalid(`spec.customizations.${rule}.luaScript`, script, `InterpreterOperation(${CUSTOMIZATION_RULES[rule].operation}) Lua script error: ${message}`));
        }
      }
      return errors;
    },
  };
}

const WEBHOOK_OPERATIONS = ['*', 'AggregateStatus', 'InterpretHealth', 'InterpretReplica', 'InterpretStatus', 'Retain', 'ReviseReplica'];
const CONTEXT_VERSIONS = ['v1alpha1'];

/** validation.IsFullyQualifiedDomainName. */
function fqdnErrors(name: string, path: string): FieldError[] {
  if (name === '') return [required(path)];
  const errors = isDNS1123Subdomain(name).map((message) => invalid(path, name, message));
  if (name.split('.').length < 2) errors.push(invalid(path, name, 'should be a domain with at least two segments separated by dots'));
  return errors;
}

function validateRule(rule: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const operations = Array.isArray(rule['operations']) ? (rule['operations'] as unknown[]) : [];
  if (operations.length === 0) errors.push(required(child(path, 'operations')));
  if (operations.length > 1 && operations.includes('*')) {
    errors.push(invalid(child(path, 'operations'), operations, "if '*' is present, must not specify other operations"));
  }
  operations.forEach((op, i) => {
    if (typeof op !== 'string' || !WEBHOOK_OPERATIONS.includes(op)) errors.push(notSupported(index(child(path, 'operations'), i), op, WEBHOOK_OPERATIONS));
  });
  for (const list of ['apiGroups', 'apiVersions', 'kinds']) {
    const values = rule[list];
    if (!Array.isArray(values) || values.length === 0) errors.push(required(child(path, list)));
    else if (values.length > 1 && values.includes('*')) errors.push(invalid(child(path, list), values, "if '*' is present, must not specify other values"));
  }
  return errors;
}

function validateClientConfig(config: Json | undefined, path: string): FieldError[] {
  const url = config?.['url'];
  const service = objectAt(config, 'service');
  if ((url === undefined) === (service === undefined)) return [required(path, 'exactly one of url or service is required')];
  if (typeof url === 'string') {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
    const at = child(path, 'url');
    if (match === null) return [invalid(at, url, 'must be a valid URL')];
    const errors: FieldError[] = [];
    if ((match[1] ?? '').toLowerCase() !== 'https') errors.push(invalid(at, url, "'https' is the only allowed URL scheme"));
    if ((match[2] ?? '') === '') errors.push(invalid(at, url, 'host must be specified'));
    if ((match[2] ?? '').includes('@')) errors.push(invalid(at, url, 'user information is not permitted in the URL'));
    if (match[5] !== undefined) errors.push(invalid(at, url, 'fragments are not permitted in the URL'));
    if (match[4] !== undefined) errors.push(invalid(at, url, 'query parameters are not permitted in the URL'));
    return errors;
  }
  const errors: FieldError[] = [];
  const at = child(path, 'service');
  if (stringAt(service, 'name') === '') errors.push(required(child(at, 'name'), 'service name is required'));
  if (stringAt(service, 'namespace') === '') errors.push(required(child(at, 'namespace'), 'service namespace is required'));
  const port = numberAt(service, 'port');
  if (port !== undefined && (port < 1 || port > 65535)) errors.push(invalid(child(at, 'port'), port, 'port is not valid: must be between 1 and 65535, inclusive'));
  const servicePath = stringAt(service, 'path');
  if (servicePath !== '' && !servicePath.startsWith('/')) errors.push(invalid(child(at, 'path'), servicePath, "must start with a '/'"));
  return errors;
}

function validateContextVersions(versions: unknown, path: string): FieldError[] {
  const list = Array.isArray(versions) ? versions.map(String) : [];
  if (list.length === 0) return [required(path, `must specify one of ${CONTEXT_VERSIONS.join(', ')}`)];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v)) {
      errors.push(invalid(index(path, i), v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const message of isDNS1035Label(v)) errors.push(invalid(index(path, i), v, message));
  });
  if (!list.some((v) => CONTEXT_VERSIONS.includes(v))) errors.push(invalid(path, list, `must include at least one of ${CONTEXT_VERSIONS.join(', ')}`));
  return errors;
}

/** ResourceInterpreterWebhookConfiguration: unique qualified hook names, rules, timeouts, client configs. */
export function interpreterWebhookConfigurationAdmission(): KarmadaAdmissionRule {
  return {
    name: 'ResourceInterpreterWebhookConfiguration',
    resources: ['config.karmada.io/resourceinterpreterwebhookconfigurations'],
    validate(configuration) {
      const errors: FieldError[] = [];
      const names = new Set<string>();
      listAt(configuration, 'webhooks').forEach((hook, i) => {
        const at = index('webhooks', i);
        const name = stringAt(hook, 'name');
        errors.push(...fqdnErrors(name, child(at, 'name')));
        listAt(hook, 'rules').forEach((rule, j) => errors.push(...validateRule(rule, index(child(at, 'rules'), j))));
        const timeout = numberAt(hook, 'timeoutSeconds');
        if (timeout !== undefined && (timeout > 30 || timeout < 1)) {
          errors.push(invalid(child(at, 'timeoutSeconds'), timeout, 'the timeout value must be between 1 and 30 seconds'));
        }
        errors.push(...validateClientConfig(objectAt(hook, 'clientConfig'), child(at, 'clientConfig')));
        errors.push(...validateContextVersions(hook['interpreterContextVersions'], child(at, 'interpreterContextVersions')));
        if (names.has(name)) errors.push(duplicate(child(at, 'name'), name));
        names.add(name);
      });
      return errors;
    },
  };
}
