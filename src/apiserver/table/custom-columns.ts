/**
 * Tables for custom resources (and Karmada kinds described the same way): Name plus the
 * additionalPrinterColumns, each a JSONPath evaluated against the object, as the
 * apiextensions-apiserver tableconvertor does. With no columns the CRD default is Age.
 */
import type { KubeObject } from '../../api/object.js';
import type { PrinterColumn } from '../../api/resource-info.js';
import { isPlainObject } from '../../api/object.js';
import { CREATION_TIMESTAMP_DESCRIPTION } from './descriptions.js';
import { humanDuration, parseTimestamp } from './human-duration.js';
import { evaluateJsonPath, parseJsonPath, type JsonPathStep } from './jsonpath.js';
import { nameColumn, type Printer } from './printer.js';
import type { TableColumnDefinition } from './table-types.js';

/** The column apiextensions serves when a CRD version declares none. */
export const DEFAULT_CRD_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Age', type: 'date', description: CREATION_TIMESTAMP_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' },
];

/** Go's %v of a float64 (exponent form below 1e-4 and from 1e21, two-digit exponents). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    return String(n);
  }
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mant = '', exp = '0'] = n.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return String(n);
}

/** Go json.Marshal: map keys sorted, <, > and & escaped. */
function goJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.map(sortKeys);
    }
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        out[k] = sortKeys(v[k]);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** jsonpath PrintResults for one value: JSON for objects and arrays, text otherwise. */
function printValue(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'object') {
    return goJson(value);
  }
  if (typeof value === 'number') {
    return goFloat(value);
  }
  return String(value);
}

/** cellForJSONValue. */
function cellFor(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date': {
      if (typeof value !== 'string') {
        return null;
      }
      if (value === '') {
        return '<unknown>';
      }
      const t = parseTimestamp(value);
      return t === undefined ? '<invalid>' : humanDuration(now.getTime() - t);
    }
    default:
      return null;
  }
}

/** A printer for Name + the given columns (the CRD default Age column when empty). */
export function customColumnsPrinter(columns: readonly PrinterColumn[] | undefined): Printer {
  const effective = columns !== undefined && columns.length > 0 ? columns : DEFAULT_CRD_COLUMNS;
  const paths: (readonly JsonPathStep[] | undefined)[] = effective.map((c) => {
    if (c.jsonPath === undefined) {
      return undefined;
    }
    try {
      return parseJsonPath(c.jsonPath);
    } catch {
      // An unparseable path prints empty cells rather than failing the list.
      return undefined;
    }
  });
  const definitions: TableColumnDefinition[] = [
    nameColumn(),
    ...effective.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description:
        c.description !== undefined && c.description.length > 0
          ? c.description
          : `Custom resource definition column (in JSONPath format): ${c.jsonPath ?? ''}`,
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns: definitions,
    row: (object: KubeObject, now: Date) => {
      const cells: unknown[] = [object.metadata.name ?? ''];
      effective.forEach((c, i) => {
        const path = paths[i];
        const results = path === undefined ? [] : evaluateJsonPath(path, object);
        if (results.length === 0) {
          cells.push(null);
          return;
        }
        // Only simple paths are supported upstream: the first result is the value.
        const value = results[0];
        cells.push(c.type === 'string' ? printValue(value) : cellFor(c.type, value, now));
      });
      return { cells };
    },
  };
}
