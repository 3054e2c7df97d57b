/**
 * The subset of client-go's JSONPath that CRD additionalPrinterColumns use, evaluated with
 * AllowMissingKeys: `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `.*`, `..name`,
 * `['a','b']` and filters `[?(@.type=="Ready")]` (==, !=, <, <=, >, >=, or existence).
 */
import { isPlainObject } from '../../api/object.js';

/** A JSONPath the evaluator cannot parse. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

type Literal = string | number | boolean | null;

export type JsonPathStep = Step;
type Step =
  | { kind: 'field'; names: string[] }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string | undefined }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  | { kind: 'filter'; left: Step[]; op: string | undefined; right: { path: Step[] } | { literal: Literal } | undefined };

const fieldTerminators = new Set(['.', '[', ']', '{', '}', '(', ')', ' ', '\t', '=', '!', '<', '>', ',', '@', '$', '?']);

class PathParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): Step[] {
    let text = this.text.trim();
    if (text.startsWith('{') && text.endsWith('}')) {
      text = text.slice(1, -1).trim();
    }
    const sub = new PathParser(text);
    return sub.steps(false);
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  private fail(why: string): never {
    throw new JsonPathError(`invalid JSONPath ${JSON.stringify(this.text)}: ${why}`);
  }

  /** Parses steps until the end, or until a filter operator/closing paren when `inFilter`. */
  steps(inFilter: boolean): Step[] {
    const steps: Step[] = [];
    if (this.peek() === '$' || this.peek() === '@') {
      this.pos++;
    }
    while (this.pos < this.text.length) {
      const ch = this.peek();
      if (inFilter && (ch === ')' || ch === ' ' || ch === '=' || ch === '!' || ch === '<' || ch === '>')) {
        break;
      }
      if (ch === '.') {
        if (this.peek(1) === '.') {
          this.pos += 2;
          const name = this.fieldName();
          steps.push({ kind: 'recursive', name: name === '' || name === '*' ? undefined : name });
          continue;
        }
        this.pos++;
        if (this.peek() === '*') {
          this.pos++;
          steps.push({ kind: 'wildcard' });
          continue;
        }
        const name = this.fieldName();
        if (name === '') {
          if (this.pos >= this.text.length) {
            break; // a lone '.' means the current object
          }
          this.fail(`unexpected ${JSON.stringify(this.peek())}`);
        }
        steps.push({ kind: 'field', names: [name] });
        continue;
      }
      if (ch === '[') {
        steps.push(this.bracket());
        continue;
      }
      if (ch === ' ' || ch === '\t') {
        this.pos++;
        continue;
      }
      // A leading bare field name (`spec.replicas`) is tolerated.
      const name = this.fieldName();
      if (name === '') {
        this.fail(`unexpected ${JSON.stringify(ch)}`);
      }
      steps.push({ kind: 'field', names: [name] });
    }
    return steps;
  }

  private fieldName(): string {
    let name = '';
    while (this.pos < this.text.length) {
      const ch = this.peek();
      if (ch === '\\' && this.pos + 1 < this.text.length) {
        name += this.peek(1);
        this.pos += 2;
        continue;
      }
      if (fieldTerminators.has(ch)) {
        break;
      }
      name += ch;
      this.pos++;
    }
    return name;
  }

  private bracket(): Step {
    this.pos++; // [
    const close = (): void => {
      this.skipSpace();
      if (this.peek() !== ']') {
        this.fail('missing ]');
      }
      this.pos++;
    };
    this.skipSpace();
    const ch = this.peek();
    if (ch === '*') {
      this.pos++;
      close();
      return { kind: 'wildcard' };
    }
    if (ch === '?') {
      this.pos++;
      this.skipSpace();
      if (this.peek() !== '(') {
        this.fail('filter needs (');
      }
      this.pos++;
      const step = this.filter();
      this.skipSpace();
      if (this.peek() !== ')') {
        this.fail('missing ) in filter');
      }
      this.pos++;
      close();
      return step;
    }
    if (ch === "'" || ch === '"') {
      const names: string[] = [];
      for (;;) {
        this.skipSpace();
        names.push(this.quoted());
        this.skipSpace();
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        break;
      }
      close();
      return { kind: 'field', names };
    }
    let raw = '';
    while (this.pos < this.text.length && this.peek() !== ']') {
      raw += this.peek();
      this.pos++;
    }
    close();
    raw = raw.trim();
    if (raw.includes(':')) {
      const [a, b, c] = raw.split(':').map((s) => s.trim());
      const num = (s: string | undefined): number | undefined => {
        if (s === undefined || s === '') {
          return undefined;
        }
        if (!/^-?\d+$/.test(s)) {
          this.fail(`bad slice ${JSON.stringify(raw)}`);
        }
        return Number(s);
      };
      return { kind: 'slice', start: num(a), end: num(b), step: num(c) };
    }
    if (!/^-?\d+$/.test(raw)) {
      this.fail(`bad index ${JSON.stringify(raw)}`);
    }
    return { kind: 'index', index: Number(raw) };
  }

  private skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') {
      this.pos++;
    }
  }

  private quoted(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') {
      this.fail('expected a quoted string');
    }
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) {
        out += this.peek(1);
        this.pos += 2;
        continue;
      }
      out += this.peek();
      this.pos++;
    }
    if (this.peek() !== quote) {
      this.fail('unterminated string');
    }
    this.pos++;
    return out;
  }

  private filter(): Step {
    this.skipSpace();
    const left = this.operandPath();
    this.skipSpace();
    let op: string | undefined;
    for (const candidate of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.text.startsWith(candidate, this.pos)) {
        op = candidate;
        this.pos += candidate.length;
        break;
      }
    }
    if (op === undefined) {
      return { kind: 'filter', left, op: undefined, right: undefined };
    }
    this.skipSpace();
    const ch = this.peek();
    if (ch === '@' || ch === '$') {
      return { kind: 'filter', left, op, right: { path: this.operandPath() } };
    }
    if (ch === "'" || ch === '"') {
      return { kind: 'filter', left, op, right: { literal: this.quoted() } };
    }
    let raw = '';
    while (this.pos < this.text.length && this.peek() !== ')' && this.peek() !== ' ') {
      raw += this.peek();
      this.pos++;
    }
    let literal: Literal;
    if (raw === 'true' || raw === 'false') {
      literal = raw === 'true';
    } else if (raw === 'null' || raw === 'nil') {
      literal = null;
    } else if (/^-?\d+(\.\d+)?$/.test(raw)) {
      literal = Number(raw);
    } else {
      this.fail(`bad filter value ${JSON.stringify(raw)}`);
    }
    return { kind: 'filter', left, op, right: { literal } };
  }

  private operandPath(): Step[] {
    const start = this.pos;
    const steps = this.steps(true);
    if (this.pos === start) {
      this.fail('expected @ path in filter');
    }
    return steps;
  }
}

/** Parses a JSONPath like `.status.conditions[?(@.type=="Ready")].status` (braces optional). */
export function parseJsonPath(path: string): readonly Step[] {
  return new PathParser(path).parse();
}

function descendants(value: unknown, out: unknown[]): void {
  out.push(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      descendants(v, out);
    }
  } else if (isPlainObject(value)) {
    for (const v of Object.values(value)) {
      descendants(v, out);
    }
  }
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (op === '==') {
    return a === b;
  }
  if (op === '!=') {
    return a !== b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  return false;
}

function applyStep(step: Step, values: readonly unknown[], root: unknown): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    switch (step.kind) {
      case 'field':
        if (isPlainObject(value)) {
          for (const name of step.names) {
            if (Object.prototype.hasOwnProperty.call(value, name)) {
              out.push(value[name]);
            }
          }
        }
        break;
      case 'wildcard':
        if (Array.isArray(value)) {
          out.push(...value);
        } else if (isPlainObject(value)) {
          out.push(...Object.values(value));
        }
        break;
      case 'recursive': {
        const all: unknown[] = [];
        descendants(value, all);
        for (const v of all) {
          if (step.name === undefined) {
            out.push(v);
          } else if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, step.name)) {
            out.push(v[step.name]);
          }
        }
        break;
      }
      case 'index':
        if (Array.isArray(value)) {
          const i = step.index < 0 ? value.length + step.index : step.index;
          if (i >= 0 && i < value.length) {
            out.push(value[i]);
          }
        }
        break;
      case 'slice':
        if (Array.isArray(value)) {
          const len = value.length;
          const norm = (n: number | undefined, dflt: number): number =>
            n === undefined ? dflt : Math.min(Math.max(n < 0 ? len + n : n, 0), len);
          const start = norm(step.start, 0);
          const end = norm(step.end, len);
          const stride = step.step ?? 1;
          if (stride > 0) {
            for (let i = start; i < end; i += stride) {
              out.push(value[i]);
            }
          }
        }
        break;
      case 'filter': {
        const items = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
        for (const item of items) {
          const lefts = evaluateSteps(step.left, item, root);
          if (step.op === undefined) {
            if (lefts.length > 0) {
              out.push(item);
            }
            continue;
          }
          const right = step.right;
          const rights =
            right === undefined ? [] : 'literal' in right ? [right.literal] : evaluateSteps(right.path, item, root);
          const l = lefts[0];
          const r = rights[0];
          if (lefts.length > 0 && rights.length > 0 && compare(l, step.op, r)) {
            out.push(item);
          }
        }
        break;
      }
    }
  }
  return out;
}

function evaluateSteps(steps: readonly Step[], value: unknown, root: unknown): unknown[] {
  let current: unknown[] = [value];
  for (const step of steps) {
    current = applyStep(step, current, root);
  }
  return current;
}

/** All values the path selects in `value` (missing keys select nothing). */
export function evaluateJsonPath(path: string | readonly Step[], value: unknown): unknown[] {
  const steps = typeof path === 'string' ? parseJsonPath(path) : path;
  return evaluateSteps(steps, value, value);
}
