/**
 * Label selectors: the `labelSelector` query syntax (k8s.io/apimachinery/pkg/labels) and
 * metav1.LabelSelector objects, with upstream matching rules and error messages.
 */
import { goQuote } from './go-quote.js';
import { isLabelKey, isLabelValue } from './name-rules.js';

/** selection.Operator values, as upstream spells them. */
export type SelectorOperator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

/** One requirement of a selector; `values` are sorted and unique, as upstream's sets.String.List(). */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** A compiled selector: all requirements must match (AND). */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  /** False only for the "nothing" selector (a nil metav1.LabelSelector). */
  readonly selectable: boolean;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** Upstream Selector.String(): requirements joined by ','. */
  toString(): string;
  /** True when it does not restrict anything. */
  readonly empty: boolean;
}

/** A bad selector; `message` is the text kube-apiserver puts in its 400 Status. */
export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

/** metav1.LabelSelector as stored in objects. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: readonly LabelSelectorRequirementObject[];
}

export interface LabelSelectorRequirementObject {
  key: string;
  operator: string;
  values?: readonly string[];
}

/** Upstream aggregate rendering: one message alone, several as `[a, b]` without duplicates. */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

function goStringSlice(values: readonly string[]): string {
  return `[${values.map((v) => goQuote(v)).join(',')}]`;
}

/**
 * labels.NewRequirement: validates and builds a requirement. Throws LabelSelectorError with
 * the aggregated field-error text (paths as upstream's nil root: `values[0][key]`).
 */
export function newRequirement(key: string, operator: SelectorOperator, values: readonly string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = isLabelKey(key);
  if (keyErrs.length > 0) {
    errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  }
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(`values: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`);
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(`values: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`);
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(`values: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`);
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(`values: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      }
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) {
          errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const valueErrs = isLabelValue(v);
    if (valueErrs.length > 0) {
      errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${valueErrs.join('; ')}`);
    }
  });
  if (errs.length > 0) {
    throw new LabelSelectorError(aggregate(errs));
  }
  return { key, operator, values: [...values] };
}

/** Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || value === undefined || !/^[+-]?\d+$/.test(value) || r.values.length !== 1) {
        return false;
      }
      const target = r.values[0] ?? '';
      if (!/^[+-]?\d+$/.test(target)) {
        return false;
      }
      const lhs = BigInt(value);
      const rhs = BigInt(target);
      return r.operator === 'gt' ? lhs > rhs : lhs < rhs;
    }
  }
}

/** Requirement.String(). */
export function requirementToString(r: Requirement): string {
  let out = r.operator === '!' ? `!${r.key}` : r.key;
  switch (r.operator) {
    case 'exists':
    case '!':
      return out;
    case '=':
      out += '=';
      break;
    case '==':
      out += '==';
      break;
    case '!=':
      out += '!=';
      break;
    case 'in':
      out += ' in ';
      break;
    case 'notin':
      out += ' notin ';
      break;
    case 'gt':
      out += '>';
      break;
    case 'lt':
      out += '<';
      break;
  }
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${out}(${values})` : `${out}${values}`;
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Builds a selector from requirements, sorted by key as upstream does. */
export function selectorFromRequirements(requirements: readonly Requirement[]): LabelSelector {
  const sorted = [...requirements].sort(byKey);
  return {
    requirements: sorted,
    selectable: true,
    empty: sorted.length === 0,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => sorted.map(requirementToString).join(','),
  };
}

/** A selector matching everything. */
export function everythingSelector(): LabelSelector {
  return selectorFromRequirements([]);
}

/** A selector matching nothing (upstream labels.Nothing(), from a nil metav1.LabelSelector). */
export function nothingSelector(): LabelSelector {
  return { requirements: [], selectable: false, empty: false, matches: () => false, toString: () => '' };
}

// ---- lexer / parser for the query syntax ----

type Token =
  | 'error'
  | 'eos'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

const literalTokens: Readonly<Record<string, Token>> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

interface Scanned {
  tok: Token;
  lit: string;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return '=!(),><'.includes(ch) && ch.length === 1;
}

function lex(input: string): Scanned[] {
  // Upstream works on bytes; JS strings index UTF-16 units, which only differs inside identifiers.
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos] ?? '')) {
      pos++;
    }
    if (pos >= input.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    const ch = input[pos] ?? '';
    if (isSpecial(ch)) {
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < input.length && isSpecial(input[pos] ?? '')) {
        buffer += input[pos];
        const tok = literalTokens[buffer];
        if (tok !== undefined) {
          last = { tok, lit: buffer };
          pos++;
        } else if (last !== undefined) {
          break;
        } else {
          pos++;
        }
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      if (last === undefined) {
        // Upstream keeps lexing after an error token; the parser rejects it anyway.
        continue;
      }
      continue;
    }
    let buffer = '';
    while (pos < input.length && !isSpecial(input[pos] ?? '') && !isWhitespace(input[pos] ?? '')) {
      buffer += input[pos];
      pos++;
    }
    const tok = literalTokens[buffer];
    out.push(tok !== undefined && (tok === 'in' || tok === 'notin') ? { tok, lit: buffer } : { tok: 'identifier', lit: buffer });
  }
}

type Context = 'keyAndOperator' | 'values';

class Parser {
  private position = 0;

  constructor(private readonly items: readonly Scanned[]) {}

  lookahead(context: Context): Scanned {
    return this.adjust(this.items[this.position] ?? { tok: 'eos', lit: '' }, context);
  }

  consume(context: Context): Scanned {
    const item = this.items[this.position] ?? { tok: 'eos', lit: '' };
    this.position++;
    return this.adjust(item, context);
  }

  private adjust(item: Scanned, context: Context): Scanned {
    // In value position 'in' and 'notin' are ordinary identifiers (`x in (in)`).
    if (context === 'values' && (item.tok === 'in' || item.tok === 'notin')) {
      return { tok: 'identifier', lit: item.lit };
    }
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      if (tok === 'identifier' || tok === '!') {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          throw new LabelSelectorError(`unable to parse requirement: ${message}`);
        }
        requirements.push(r);
        const next = this.consume('values');
        if (next.tok === 'eos') {
          return requirements;
        }
        if (next.tok === ',') {
          const after = this.lookahead('values');
          if (after.tok !== 'identifier' && after.tok !== '!') {
            throw new LabelSelectorError(`found '${after.lit}', expected: identifier after ','`);
          }
          continue;
        }
        throw new LabelSelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      }
      if (tok === 'eos') {
        return requirements;
      }
      throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') {
      return newRequirement(key, operator, []);
    }
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): { key: string; operator: SelectorOperator | undefined } {
    let operator: SelectorOperator | undefined;
    let item = this.consume('values');
    if (item.tok === '!') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== 'identifier') {
      throw new Error(`found '${item.lit}', expected: identifier`);
    }
    const keyErrs = isLabelKey(item.lit);
    if (keyErrs.length > 0) {
      // Upstream validates with a nil field path here, which prints as "<nil>".
      throw new Error(`<nil>: Invalid value: ${goQuote(item.lit)}: ${keyErrs.join('; ')}`);
    }
    const next = this.lookahead('values').tok;
    if ((next === 'eos' || next === ',') && operator !== '!') {
      operator = 'exists';
    }
    return { key: item.lit, operator };
  }

  private parseOperator(): SelectorOperator {
    const { tok, lit } = this.consume('keyAndOperator');
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.tok !== '(') {
      throw new Error(`found '${open.lit}' expected: '('`);
    }
    const { tok, lit } = this.lookahead('values');
    if (tok === 'identifier' || tok === ',') {
      const set = this.parseIdentifiersList();
      if (this.consume('values').tok !== ')') {
        throw new Error(`found '${lit}', expected: ')'`);
      }
      return set;
    }
    if (tok === ')') {
      this.consume('values');
      return new Set(['']);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('values');
      if (tok === 'identifier') {
        set.add(lit);
        const next = this.lookahead('values');
        if (next.tok === ',') {
          continue;
        }
        if (next.tok === ')') {
          return set;
        }
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        if (set.size === 0) {
          set.add('');
        }
        const next = this.lookahead('values').tok;
        if (next === ')') {
          set.add('');
          return set;
        }
        if (next === ',') {
          set.add('');
        }
        continue;
      }
      throw new Error(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const ahead = this.lookahead('values').tok;
    if (ahead === 'eos' || ahead === ',') {
      return new Set(['']);
    }
    const { tok, lit } = this.consume('values');
    if (tok === 'identifier') {
      return new Set([lit]);
    }
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/**
 * Parses the `labelSelector` query syntax (`a=b,c!=d,e in (x,y),!f,g`) like labels.Parse.
 * Throws LabelSelectorError with the upstream message on bad syntax or invalid keys/values.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  return selectorFromRequirements(new Parser(lex(selector)).parse());
}

/**
 * metav1.LabelSelectorAsSelector: a missing selector matches nothing, an empty one everything.
 * Throws LabelSelectorError for an unknown operator or invalid keys/values.
 */
export function labelSelectorAsSelector(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector === null || selector === undefined) {
    return nothingSelector();
  }
  const matchLabels = selector.matchLabels ?? {};
  const expressions = selector.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) {
    return everythingSelector();
  }
  const requirements: Requirement[] = [];
  for (const [k, v] of Object.entries(matchLabels)) {
    requirements.push(newRequirement(k, '=', [v]));
  }
  for (const expr of expressions) {
    let op: SelectorOperator;
    switch (expr.operator) {
      case 'In':
        op = 'in';
        break;
      case 'NotIn':
        op = 'notin';
        break;
      case 'Exists':
        op = 'exists';
        break;
      case 'DoesNotExist':
        op = '!';
        break;
      default:
        throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    }
    requirements.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return selectorFromRequirements(requirements);
}

/**
 * Whether a metav1.LabelSelector selects these labels. A missing selector selects nothing;
 * an invalid one (bad operator or key) selects nothing too.
 */
export function matchesLabelSelector(
  selector: LabelSelectorObject | null | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  try {
    return labelSelectorAsSelector(selector).matches(labels ?? {});
  } catch (err) {
    if (err instanceof LabelSelectorError) {
      return false;
    }
    throw err;
  }
}

/**
 * metav1.FormatLabelSelector: the string form (`app=nginx,tier in (a,b)`), `<none>` when it
 * selects nothing or everything, `<error>` when invalid.
 */
export function formatLabelSelector(selector: LabelSelectorObject | null | undefined): string {
  let text: string;
  try {
    text = labelSelectorAsSelector(selector).toString();
  } catch (err) {
    if (err instanceof LabelSelectorError) {
      return '<error>';
    }
    throw err;
  }
  return text.length === 0 ? '<none>' : text;
}

/** labels.FormatLabels: `k=v` pairs sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    return '<none>';
  }
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}
