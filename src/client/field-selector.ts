import { isPlainObject } from '../api/object.js';

/** One clause of a field selector (`metadata.name=x`, `status.phase!=Running`). */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: 'Equals' | 'NotEquals';
  readonly value: string;
}

/** Parses the Kubernetes field selector syntax ('' selects everything). Backslash escapes `,`, `=` and `!`. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (selector.trim() === '') {
    return out;
  }
  for (const part of splitUnescaped(selector, ',')) {
    const m = /^(.*?)(==|!=|=)(.*)$/s.exec(part);
    if (m === null) {
      throw new Error(`invalid selector: '${selector}'; can't understand '${part}'`);
    }
    out.push({
      field: (m[1] ?? '').trim(),
      operator: m[2] === '!=' ? 'NotEquals' : 'Equals',
      value: unescape((m[3] ?? '').trim()),
    });
  }
  return out;
}

function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\' && i + 1 < s.length) {
      current += c + s.charAt(i + 1);
      i++;
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** The value at a dotted path, as a field selector compares it ('' when absent). */
export function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) {
      return '';
    }
    cur = cur[part];
  }
  if (typeof cur === 'string') {
    return cur;
  }
  if (typeof cur === 'number' || typeof cur === 'boolean') {
    return String(cur);
  }
  return '';
}

/** True when every clause holds for obj. */
export function matchesFieldSelector(requirements: readonly FieldRequirement[], obj: unknown): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.operator === 'Equals'));
}
