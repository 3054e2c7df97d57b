import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LuaRuntime, LuaScriptError } from './lua-runtime.js';
import { readJson, readJsonNoting } from './lua-convert.js';

const runtime = new LuaRuntime({ timeoutMs: 500 });

/** Runs `body` as the body of `function F(...)` and returns its first result as JSON. */
function run(body: string, ...args: unknown[]): unknown {
  return runtime.call(`function F(...)\n${body}\nend`, 'F', args, 1, (L, first) => readJson(L, first));
}

/** `{k0: 0, ..., k29: 29}`: more entries than are converted at once. */
function filler(): Record<string, number> {
  return Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
}

/** A value large enough to be converted lazily at every level. */
function big(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, nested: { ...filler(), list: [1, null, 3, { deep: filler() }] }, ...filler() };
}

describe('lazy tables: a script sees ordinary tables', () => {
  const cases: [string, string, unknown[], unknown][] = [
    ['field reads', 'local o = ... return o.nested.list[3].deep.k2', [big()], 2],
    ['absent fields are nil', 'local o = ... return o.missing == nil and o.nested.missing == nil', [big()], true],
    ['# of a list, nulls dropped', 'local o = ... return #o.nested.list', [big()], 3],
    ['# of a top-level list', 'local l = ... return #l', [[1, null, 2, ...Array.from({ length: 40 }, () => 0)]], 42],
    [
      'pairs in insertion order',
      'local o = ... local s = "" for k, v in pairs(o) do s = s .. k .. "," end return s',
      [{ b: 1, a: 2, c: { x: 1 }, ...big() }],
      `b,a,c,nested,${Array.from({ length: 30 }, (_, i) => `k${i}`).join(',')},`,
    ],
    ['ipairs', 'local o = ... local n = 0 for i, v in ipairs(o.nested.list) do n = n + i end return n', [big()], 6],
    ['next on an untouched table', 'local o = ... local k = next(o.nested) return k', [big()], 'k0'],
    ['next on an untouched empty-looking table', 'local o = ... return next(o) == nil', [{}], true],
    ['table.insert', 'local o = ... table.insert(o.nested.list, 9) return #o.nested.list .. ":" .. o.nested.list[4]', [big()], '4:9'],
    ['table.getn and table.maxn', 'local o = ... return table.getn(o.nested.list) + table.maxn(o.nested.list)', [big()], 6],
    ['unpack', 'local o = ... local a, b = unpack(o.nested.list) return a + b', [big()], 4],
    [
      'table.concat',
      'local o = ... return table.concat(o.names, "-")',
      [{ names: Array.from({ length: 30 }, (_, i) => `n${i}`) }],
      Array.from({ length: 30 }, (_, i) => `n${i}`).join('-'),
    ],
    ['writes to a new field', 'local o = ... o.nested.added = 1 return o.nested.added + o.nested.k1', [big()], 2],
    ['writes nil to an existing field', 'local o = ... o.nested.k1 = nil local n = 0 for _ in pairs(o.nested) do n = n + 1 end return n', [big()], 30],
    ['# of a nested small list', 'local o = ... return #o.small', [{ small: [1, 2], ...big() }], 2],
  ];
  for (const [name, body, args, want] of cases) it(name, () => assert.deepEqual(run(body, ...args), want));
});

describe('lazy tables: reading back', () => {
  it('an untouched value reads back as its Lua round trip: nulls dropped, empty objects as []', () => {
    const value: Record<string, unknown> = { ...big(), gone: null, list: [null, 1, null], empty: {}, none: [], inner: { a: null } };
    const { value: got, hasEmptyTables } = runtime.call('function F(o) return o end', 'F', [value], 1, (L, first) => readJsonNoting(L, first));
    const { gone, empty, none, inner, ...rest } = value;
    void gone;
    void empty;
    void none;
    void inner;
    const nested = { ...(rest['nested'] as Record<string, unknown>), list: [1, 3, { deep: filler() }] };
    assert.deepEqual(got, { ...rest, nested, list: [1], empty: [], none: [], inner: [] });
    assert.equal(hasEmptyTables, true);
  });
  it('a partly used value reads back with the script changes and the untouched rest', () => {
    const value = big({ status: { ready: 1 } });
    const got = run('local o = ... o.status.ready = o.status.ready + 1 o.nested.k0 = "x" return o', value) as Record<string, Record<string, unknown>>;
    assert.equal(got['status']?.['ready'], 2);
    assert.equal(got['nested']?.['k0'], 'x');
    assert.deepEqual(got['nested']?.['list'], [1, 3, { deep: filler() }]);
  });
  it('the input is never modified and the result shares nothing with it', () => {
    const value = big();
    const before = JSON.stringify(value);
    const got = run('local o = ... return o', value) as Record<string, unknown>;
    assert.equal(JSON.stringify(value), before);
    assert.notEqual(got['nested'], value['nested']);
  });
  it('a value too deep for JSON is refused when the script reaches it', () => {
    let deep: Record<string, unknown> = { leaf: 1, ...big() };
    for (let i = 0; i < 600; i++) deep = { next: deep, ...big() };
    assert.throws(
      () => run('local o = ... local n = 0 while o ~= nil do o = o.next n = n + 1 end return n', deep),
      (e: unknown) => e instanceof LuaScriptError && /nested deeper than 512/.test(e.message),
    );
    assert.throws(() => run('local o = ... return o', deep), /nested deeper than 512/);
  });
});
