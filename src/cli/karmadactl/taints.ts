/**
 * Taint arguments as kubectl and `karmadactl taint` parse them (`key=value:Effect`,
 * `key:Effect`, `key:Effect-`, `key-`) and Karmada's `reorganizeTaints`.
 */
import type { Taint, TaintEffect } from '../../api/policy/kube-core.js';

const EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUALIFIED_NAME_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A taint to remove: effect '' removes every taint with the key. */
export interface TaintRemoval {
  readonly key: string;
  readonly effect: TaintEffect | '';
}

/** `taint.ToString()`. */
export function taintString(t: { key: string; value?: string; effect: string }): string {
  const kv = t.value === undefined || t.value === '' ? t.key : `${t.key}=${t.value}`;
  return t.effect === '' ? kv : `${kv}:${t.effect}`;
}

function parseTaint(spec: string): { key: string; value?: string; effect: TaintEffect | '' } {
  const parts = spec.split(':');
  let key: string;
  let value: string | undefined;
  let effect: TaintEffect | '' = '';
  if (parts.length === 1) {
    key = parts[0] ?? '';
  } else if (parts.length === 2) {
    const e = parts[1] ?? '';
    if (!EFFECTS.includes(e)) {
      throw new Error(`invalid taint effect: ${e}, unsupported taint effect`);
    }
    effect = e as TaintEffect;
    const kv = (parts[0] ?? '').split('=');
    if (kv.length > 2) {
      throw new Error(`invalid taint spec: ${spec}`);
    }
    key = kv[0] ?? '';
    if (kv.length === 2) {
      value = kv[1] ?? '';
      if (value.length > 63 || !LABEL_VALUE_RE.test(value)) {
        throw new Error(`invalid taint spec: ${spec}, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
      }
    }
  } else {
    throw new Error(`invalid taint spec: ${spec}`);
  }
  if (key.length > 316 || !QUALIFIED_NAME_RE.test(key)) {
    throw new Error(`invalid taint spec: ${spec}, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return { key, ...(value === undefined ? {} : { value }), effect };
}

/** `ParseTaints`: taints to add and to remove. */
export function parseTaints(specs: readonly string[]): { add: Taint[]; remove: TaintRemoval[] } {
  const add: Taint[] = [];
  const remove: TaintRemoval[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (t.effect === '') {
      throw new Error(`invalid taint spec: ${spec}`);
    }
    const id = `${t.key}:${t.effect}`;
    if (seen.has(id)) {
      throw new Error(`duplicated taints with the same key and effect: ${taintString(t)}`);
    }
    seen.add(id);
    add.push({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect });
  }
  return { add, remove };
}

/** Karmada's check that no taint is both added and removed. */
export function conflictingTaints(add: readonly Taint[], remove: readonly TaintRemoval[]): string[] {
  const out: string[] = [];
  for (const a of add) {
    for (const r of remove) {
      if (a.key === r.key && (r.effect === '' || a.effect === r.effect)) {
        out.push(`{"${r.key}":"${r.effect}"}`);
      }
    }
  }
  return out;
}

const match = (a: { key: string; effect: string }, b: { key: string; effect: string }): boolean => a.key === b.key && a.effect === b.effect;

/**
 * `reorganizeTaints`: the new list (new taints first, then untouched old ones, minus removals)
 * and the operation word printed (`tainted`, `untainted`, `modified`). Throws when a removal
 * matched nothing.
 */
export function reorganizeTaints(old: readonly Taint[], overwrite: boolean, add: readonly Taint[], remove: readonly TaintRemoval[]): { operation: 'tainted' | 'untainted' | 'modified'; taints: Taint[] } {
  let next: Taint[] = [...add];
  for (const o of old) {
    if (!next.some((t) => match(t, o))) {
      next.push(o);
    }
  }
  const added = old.length !== next.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of remove) {
    const before = next.length;
    next = next.filter((t) => (r.effect === '' ? t.key !== r.key : !match(t, r)));
    removed = next.length !== before;
    if (!removed) {
      errors.push(`taint "${taintString(r)}" not found`);
    }
  }
  if (errors.length > 0) {
    throw new Error(errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`);
  }
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints: next };
}

/** Keys of taints being added that the cluster already has with the same effect. */
export function existingTaintKeys(old: readonly Taint[], add: readonly Taint[]): string {
  const keys: string[] = [];
  for (const t of add) {
    for (const o of old) {
      if (t.key === o.key && t.effect === o.effect) keys.push(t.key);
    }
  }
  return keys.join(',');
}
