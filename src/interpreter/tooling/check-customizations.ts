/**
 * `karmadactl interpret --check` (`pkg/karmadactl/interpret/check.go`): for each object given,
 * says whether it is a ResourceInterpreterCustomization with a target, then for every rule
 * whether it is UNSET, compiles (PASS) or does not (ERROR with Lua's message), in Karmada's
 * layout (kubectl's column alignment).
 */
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import { isPlainObject } from '../../api/object.js';
import { LuaRuntime } from '../declarative/lua-runtime.js';
import { groupVersionOf } from '../webhook/rule-matcher.js';
import { INTERPRET_RULES, scriptOf } from './interpret-rules.js';
import { alignColumns } from './tab-writer.js';

/** A decoded document and where it came from (file path or URL). */
export interface SourcedObject {
  readonly source: string;
  readonly object: unknown;
}

/** The printed report and whether anything failed (the command then exits non-zero). */
export interface CheckReport {
  readonly output: string;
  readonly failed: boolean;
}

const SEPARATOR = '-----------------------------------';

/** Go's `GroupVersionKind.String()`: `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`. */
function gvkString(object: Record<string, unknown>): string {
  const apiVersion = typeof object['apiVersion'] === 'string' ? object['apiVersion'] : '';
  const { group, version } = groupVersionOf(apiVersion);
  return `${group}/${version}, Kind=${typeof object['kind'] === 'string' ? object['kind'] : ''}`;
}

function isCustomization(object: Record<string, unknown>): boolean {
  return object['apiVersion'] === 'config.karmada.io/v1alpha1' && object['kind'] === 'ResourceInterpreterCustomization';
}

/** Checks every object; scripts are only compiled, never run. */
export function checkCustomizations(objects: readonly SourcedObject[], runtime: LuaRuntime = new LuaRuntime()): CheckReport {
  let text = '';
  let failed = false;
  for (const { source, object } of objects) {
    text += `${SEPARATOR}\n`;
    const record = isPlainObject(object) ? object : {};
    const metadata = isPlainObject(record['metadata']) ? record['metadata'] : {};
    const name = typeof metadata['name'] === 'string' && metadata['name'] !== '' ? metadata['name'] : source;
    text += `SOURCE: ${name}\n`;
    if (!isCustomization(record)) {
      failed = true;
      text += `not a ResourceInterpreterCustomization, got ${gvkString(record)}\n`;
      continue;
    }
    const customization = record as unknown as ResourceInterpreterCustomization;
    const target = isPlainObject(customization.spec) && isPlainObject(customization.spec.target) ? customization.spec.target : undefined;
    const kind = typeof target?.kind === 'string' ? target.kind : '';
    const apiVersion = typeof target?.apiVersion === 'string' ? target.apiVersion : '';
    if (kind === '') {
      failed = true;
      text += 'target.kind no set\n';
      continue;
    }
    if (apiVersion === '') {
      failed = true;
      text += 'target.apiVersion no set\n';
      continue;
    }
    text += `TARGET: ${apiVersion} ${kind}\t\nRULERS:\n`;
    for (const rule of INTERPRET_RULES) {
      text += `    ${rule.name}:\t`;
      const script = scriptOf(customization, rule);
      if (script === '') {
        text += 'UNSET\n';
        continue;
      }
      try {
        runtime.compile(script, '<string>');
        text += 'PASS\n';
      } catch (error) {
        failed = true;
        text += `ERROR: ${(error instanceof Error ? error.message : String(error)).trim()}\t\n`;
      }
    }
  }
  return { output: alignColumns(text), failed };
}
