/** Kubernetes label selectors: the string syntax (`a=b,c in (x,y),!d`) and the structured form. */

export type RequirementOperator = 'Equals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'GreaterThan' | 'LessThan';

/** One parsed clause of a selector. */
export interface Requirement {
  readonly key: string;
  readonly operator: RequirementOperator;
  readonly values: readonly string[];
}

/** The structured `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A selector string that does not parse. */
export class SelectorParseError extends Error {
  constructor(selector: string, why: string) {
    super(`unable to parse requirement: ${why} in selector "${selector}"`);
    this.name = 'SelectorParseError';
  }
}

type Token = { readonly kind: 'word'; readonly text: string } | { readonly kind: 'op'; readonly text: string };

const OPERATOR_CHARS = new Set(['=', '!', '(', ')', ',', '<', '>']);

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const c = selector.charAt(i);
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '=' || c === '!') {
      const two = selector.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: c });
        i++;
      }
    } else if (OPERATOR_CHARS.has(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < selector.length && !OPERATOR_CHARS.has(selector.charAt(j)) && selector.charAt(j) !== ' ' && selector.charAt(j) !== '\t') {
        j++;
      }
      tokens.push({ kind: 'word', text: selector.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** Parses the Kubernetes label selector string syntax. '' selects everything (no requirements). */
export function parseLabelSelector(selector: string): Requirement[] {
  const tokens = tokenize(selector);
  const out: Requirement[] = [];
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const fail = (why: string): never => {
    throw new SelectorParseError(selector, why);
  };
  const word = (what: string): string => {
    const t = tokens[i++];
    if (t?.kind !== 'word') {
      return fail(`expected ${what}`);
    }
    return t.text;
  };
  while (i < tokens.length) {
    let t = peek();
    if (t?.kind === 'op' && t.text === '!') {
      i++;
      out.push({ key: word('key after !'), operator: 'DoesNotExist', values: [] });
    } else {
      const key = word('key');
      t = peek();
      if (t === undefined || (t.kind === 'op' && t.text === ',')) {
        out.push({ key, operator: 'Exists', values: [] });
      } else if (t.kind === 'op' && (t.text === '=' || t.text === '==' || t.text === '!=')) {
        i++;
        // An empty value (`a=`) is allowed.
        const v = peek();
        const value = v?.kind === 'word' ? (i++, v.text) : '';
        out.push({ key, operator: t.text === '!=' ? 'NotEquals' : 'Equals', values: [value] });
      } else if (t.kind === 'op' && (t.text === '<' || t.text === '>')) {
        i++;
        const value = word('number');
        if (!/^-?\d+$/.test(value)) {
          fail(`value for ${t.text} must be an integer`);
        }
        out.push({ key, operator: t.text === '>' ? 'GreaterThan' : 'LessThan', values: [value] });
      } else if (t.kind === 'word' && (t.text === 'in' || t.text === 'notin')) {
        i++;
        const open = tokens[i++];
        if (open?.kind !== 'op' || open.text !== '(') {
          fail('expected (');
        }
        const values: string[] = [];
        for (;;) {
          const v = tokens[i++];
          if (v?.kind === 'word') {
            values.push(v.text);
            const sep = tokens[i++];
            if (sep?.kind === 'op' && sep.text === ')') {
              break;
            }
            if (sep?.kind !== 'op' || sep.text !== ',') {
              fail('expected , or )');
            }
          } else if (v?.kind === 'op' && v.text === ')' && values.length === 0) {
            break;
          } else {
            fail('expected value');
          }
        }
        out.push({ key, operator: t.text === 'in' ? 'In' : 'NotIn', values });
      } else {
        fail(`unexpected "${t.text}"`);
      }
    }
    const sep = tokens[i];
    if (sep !== undefined) {
      if (sep.kind !== 'op' || sep.text !== ',') {
        fail(`expected , got "${sep.text}"`);
      }
      i++;
      if (i >= tokens.length) {
        fail('expected a requirement after ,');
      }
    }
  }
  return out;
}

/** True when every requirement holds for labels. */
export function matchesRequirements(requirements: readonly Requirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case 'Equals':
      case 'In':
        return has && value !== undefined && r.values.includes(value);
      case 'NotEquals':
      case 'NotIn':
        return !has || value === undefined || !r.values.includes(value);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'GreaterThan':
      case 'LessThan': {
        if (!has || value === undefined || !/^-?\d+$/.test(value)) {
          return false;
        }
        const n = Number(value);
        const bound = Number(r.values[0]);
        return r.operator === 'GreaterThan' ? n > bound : n < bound;
      }
    }
    return false;
  });
}

/** Requirements of a structured selector. Throws on an unknown operator. */
export function requirementsOf(selector: LabelSelector): Requirement[] {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    out.push({ key, operator: 'Equals', values: [value] });
  }
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator !== 'In' && e.operator !== 'NotIn' && e.operator !== 'Exists' && e.operator !== 'DoesNotExist') {
      throw new Error(`"${e.operator}" is not a valid label selector operator`);
    }
    out.push({ key: e.key, operator: e.operator, values: e.values ?? [] });
  }
  return out;
}

/**
 * True when labels match a structured selector. As in Kubernetes, an empty selector ({})
 * matches everything; callers decide what an absent (nil) selector means.
 */
export function labelSelectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  return matchesRequirements(requirementsOf(selector), labels);
}

/** Renders requirements in the string syntax (for list/watch `labelSelector`). */
export function formatRequirements(requirements: readonly Requirement[]): string {
  return requirements
    .map((r) => {
      switch (r.operator) {
        case 'Equals':
          return `${r.key}=${r.values[0] ?? ''}`;
        case 'NotEquals':
          return `${r.key}!=${r.values[0] ?? ''}`;
        case 'In':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        case 'GreaterThan':
          return `${r.key}>${r.values[0] ?? ''}`;
        case 'LessThan':
          return `${r.key}<${r.values[0] ?? ''}`;
      }
      return '';
    })
    .join(',');
}

/** Renders a structured selector in the string syntax. */
export function formatLabelSelector(selector: LabelSelector): string {
  return formatRequirements(requirementsOf(selector));
}
