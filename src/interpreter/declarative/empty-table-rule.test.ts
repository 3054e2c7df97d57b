import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { repairEmptyTables } from './empty-table-rule.js';

describe('repairEmptyTables', () => {
  const cases: { name: string; result: unknown; shape: 'object' | 'list'; references: unknown[]; want: unknown }[] = [
    { name: 'a top-level empty object result', result: [], shape: 'object', references: [], want: {} },
    { name: 'a top-level empty list result', result: [], shape: 'list', references: [], want: [] },
    { name: 'no references: every empty table goes', result: { spec: { a: [], b: 1 }, list: [[], 2] }, shape: 'object', references: [], want: { spec: { b: 1 }, list: [2] } },
    {
      name: 'an empty object in a reference comes back as {}',
      result: { spec: { selector: [], ports: [] } },
      shape: 'object',
      references: [{ spec: { selector: {}, ports: [] } }],
      want: { spec: { selector: {}, ports: [] } },
    },
    {
      name: 'paths ignore array indices',
      result: { spec: { containers: [{ resources: [] }, { resources: [] }] } },
      shape: 'object',
      references: [{ spec: { containers: [{ name: 'a' }, { resources: {} }] } }],
      want: { spec: { containers: [{ resources: {} }, { resources: {} }] } },
    },
    {
      name: 'either reference may supply the shape',
      result: { a: [], b: [] },
      shape: 'object',
      references: [{ a: {} }, { b: [] }],
      want: { a: {}, b: [] },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(repairEmptyTables(c.result, c.shape, c.references), c.want));
});
