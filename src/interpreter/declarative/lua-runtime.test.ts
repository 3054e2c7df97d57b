import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LuaRuntime, LuaScriptError } from './lua-runtime.js';
import { readJson } from './lua-convert.js';

const runtime = new LuaRuntime({ timeoutMs: 200 });

/** Runs `body` as the body of `function F(...)` and returns its first result as JSON. */
function run(body: string, ...args: unknown[]): unknown {
  return runtime.call(`function F(...)\n${body}\nend`, 'F', args, 1, (L, first) => readJson(L, first));
}

function runError(body: string, ...args: unknown[]): LuaScriptError {
  try {
    run(body, ...args);
  } catch (e) {
    assert.ok(e instanceof LuaScriptError, `expected a LuaScriptError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the script to fail');
}

describe('Lua runtime: Lua 5.1 behaviour', () => {
  const cases: [string, string, unknown][] = [
    ['whole floats print without .0', 'return tostring(8/2) .. " " .. (8/2) .. " " .. string.format("%s", 8/2)', '4 4 4'],
    ['no 32-bit wrap-around', 'return tostring(2147483647 + 1)', '2147483648'],
    ['large whole numbers print in full', 'return tostring(2^53)', '9007199254740992'],
    [
      'fractions print as Go does',
      'return tostring(0.1 + 0.2) .. " " .. tostring(1234567.5) .. " " .. tostring(0.00001)',
      '0.30000000000000004 1.2345675e+06 1e-05',
    ],
    ['unpack', 'return select("#", unpack({1, 2, 3}))', 3],
    ['table.getn and table.maxn', 'local t = {1, 2, 3} t[10] = 1 return table.getn({1, 2}) + table.maxn(t)', 12],
    ['math.pow, math.mod, math.log10, math.atan2', 'return math.pow(2, 10) + math.mod(7, 4) + math.log10(100) + math.atan2(0, 1)', 1029],
    ['math.floor returns a float that prints whole', 'return tostring(math.floor(3.7)) .. tostring(math.ceil(3.2))', '34'],
    ['math.huge is the largest float64', 'return math.huge == 1.7976931348623157e308', true],
    ['string.gfind is gmatch', 'local n = 0 for w in string.gfind("a b c", "%a") do n = n + 1 end return n', 3],
    ['string methods', 'return ("ABC"):lower() .. ("x"):upper()', 'abcX'],
    ['string.format integer conversions truncate', 'return string.format("%d|%5.2f|%x|%s|%05d", 3.7, 2.5, 255, 4.0, -42)', '3| 2.50|ff|4|-0042'],
    ['string.format %g', 'return string.format("%g %g %g", 100, 0.0001, 1e20)', '100 0.0001 1e+20'],
    ['pairs visits keys in insertion order', 'local t = {} t.b = 1 t.a = 2 t.c = 3 local s = "" for k in pairs(t) do s = s .. k end return s', 'bac'],
    ['tonumber', 'return tonumber("10") + tonumber("0x10") + tonumber("1e1")', 36],
    ['goto is accepted', 'goto done\n::done::\nreturn "ok"', 'ok'],
    ['os.date in UTC', 'return os.date("!%Y-%m-%dT%H:%M:%SZ", 86400 * 365)', '1971-01-01T00:00:00Z'],
    ['os.date *t', 'local t = os.date("!*t", 0) return t.year * 100 + t.month', 197001],
    ['_VERSION', 'return _VERSION', 'Lua 5.1'],
  ];
  for (const [name, body, want] of cases) it(name, () => assert.deepEqual(run(body), want));
});

describe('Lua runtime: sandbox', () => {
  for (const name of ['io', 'debug', 'coroutine', 'utf8', 'package', 'os.execute', 'os.getenv', 'os.exit', 'string.pack']) {
    it(`${name} is not available`, () => assert.equal(run(`return ${name}`), undefined));
  }
  for (const name of [
    'load',
    'loadstring',
    'dofile',
    'loadfile',
    'getmetatable',
    'setmetatable',
    'rawget',
    'rawset',
    'rawequal',
    'collectgarbage',
    'setfenv',
    'getfenv',
    'module',
    'newproxy',
  ]) {
    it(`${name} raises Karmada's error`, () =>
      assert.match(runError(`return ${name}()`).message, /is not supported in karmada customized resourceinterpreter/));
  }
  it('string.rep and string.dump are disabled', () => {
    assert.match(runError('return string.rep("x", 3)').message, /not supported/);
    assert.match(runError('return ("x"):rep(3)').message, /not supported/);
  });
  it('refuses string arguments over 1,000,000 bytes', () => {
    assert.match(runError('local s = ... return string.len(s)', 'x'.repeat(1_000_001)).message, /exceeds the limit/);
    assert.equal(run('local s = ... return string.len(s)', 'x'.repeat(1_000_000)), 1_000_000);
  });
  it('require only knows kube', () => {
    assert.equal(run('return type(require("kube").resourceAdd)'), 'function');
    assert.match(runError('return require("os")').message, /module 'os' not found/);
  });
});

describe('Lua runtime: every call starts from a clean environment', () => {
  it('globals do not leak between calls', () => {
    assert.equal(run('leaked = 42 return leaked'), 42);
    assert.equal(run('return leaked'), undefined);
  });
  it('shadowing a base function affects only that call (type = "" in Karmada scripts)', () => {
    assert.equal(run('type = "" return 1'), 1);
    assert.equal(run('return type("x")'), 'string');
  });
  it('assigning nil to a global removes it, as in one global table', () => {
    assert.equal(run('error = "" error = nil return error'), undefined);
    assert.equal(run('return type(error)'), 'function');
  });
  it('writes into library tables do not leak', () => {
    assert.equal(run('string.custom = 1 math.pi = 3 return string.custom + math.pi'), 4);
    assert.equal(run('return tostring(string.custom) .. " " .. tostring(math.pi > 3.14)'), 'nil true');
  });
  it('_G is the environment', () => assert.equal(run('x = 5 return _G.x + _G["x"]'), 10));
  it('stays clean over a sequence of calls that remove, replace and add globals', () => {
    const steps: [string, unknown][] = [
      ['print = nil pairs = nil a = 1 return 1', 1],
      ['b = 2 return type(print) .. type(pairs) .. tostring(a)', 'functionfunctionnil'],
      ['tostring = 1 c = 3 return tostring', 1],
      ['return type(tostring) .. tostring(b) .. tostring(c)', 'functionnilnil'],
      ['string.x = 1 d = 4 return string.x', 1],
      ['return tostring(string.x) .. tostring(d)', 'nilnil'],
    ];
    for (const [body, want] of steps) assert.equal(run(body), want, body);
  });
});

describe('Lua runtime: compiling', () => {
  it('compiles a script once and reuses it', () => {
    const rt = new LuaRuntime();
    const script = 'function F(a) return a + 1 end';
    for (let i = 0; i < 5; i++) rt.call(script, 'F', [i], 1, (L, first) => readJson(L, first));
    assert.equal(rt.stats.compiles, 1);
    assert.equal(rt.stats.calls, 5);
  });
  it('reports syntax errors as compile errors', () => {
    assert.throws(
      () => runtime.compile('function F( return end'),
      (e: unknown) => e instanceof LuaScriptError && e.kind === 'compile',
    );
  });
  it('reports a missing function', () => {
    assert.throws(
      () => runtime.call('function G() end', 'F', [], 1, () => 0),
      (e: unknown) => e instanceof LuaScriptError && e.kind === 'missing-function' && /not found function F/.test(e.message),
    );
  });
  it('reports runtime errors with the script position', () => {
    assert.match(runError('local t = nil\nreturn t.x').message, /script:3:/);
  });
});

describe('Lua runtime: limits', () => {
  it("defaults to Karmada's one second", () => assert.equal(new LuaRuntime().timeoutMs, 1000));
  it('stops an endless loop within the time limit with a clear error', () => {
    const started = performance.now();
    const error = runError('while true do end');
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /time limit of 200ms/);
    assert.ok(performance.now() - started < 1000);
  });
  it('pcall cannot swallow the time limit', () => {
    assert.equal(runError('while true do pcall(function() while true do end end) end').kind, 'timeout');
    assert.equal(runError('local ok = pcall(function() while true do end end) return ok').kind, 'timeout');
  });
  it('keeps working after a stopped call', () => assert.equal(run('return 1 + 1'), 2));
  it('answers a call that hit the limit from memory; other arguments still run', () => {
    const spinning = new LuaRuntime({ timeoutMs: 100 });
    const script = 'function F(obj) if obj.spin then while true do end end return obj.n end';
    const call = (arg: unknown): unknown => spinning.call(script, 'F', [arg], 1, (L, first) => readJson(L, first));
    assert.throws(() => call({ spin: true, n: 1 }), /time limit of 100ms/);
    const started = performance.now();
    assert.throws(() => call({ spin: true, n: 1 }), /time limit of 100ms/);
    assert.ok(performance.now() - started < 50, 'the same call fails at once');
    assert.equal(spinning.stats.memoHits, 1);
    assert.equal(call({ spin: false, n: 7 }), 7);
    assert.throws(() => call({ spin: true, n: 2 }), /time limit/);
    assert.equal(spinning.stats.memoHits, 1, 'other arguments run');
    const forgetful = new LuaRuntime({ timeoutMs: 50, limitMemoMs: 0 });
    for (let i = 0; i < 2; i++) assert.throws(() => forgetful.call(script, 'F', [{ spin: true }], 1, () => 0), /time limit/);
    assert.equal(forgetful.stats.memoHits, 0);
  });
  it('refuses to build huge strings', () => {
    assert.match(runError('local s = "x" for i = 1, 40 do s = s .. s end return #s').message, /exceeds the limit of 67108864 bytes/);
  });
  it('stops a script that allocates too much', () => {
    const small = new LuaRuntime({ memoryLimitBytes: 16 * 1024 * 1024, timeoutMs: 10_000 });
    const error = (() => {
      try {
        small.call('function F() local t = {} for i = 1, 1e8 do t[i] = {i, i, i} end end', 'F', [], 0, () => 0);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof LuaScriptError && error.kind === 'memory', String(error));
    assert.equal(
      small.call('function F() return 3 end', 'F', [], 1, (L, first) => readJson(L, first)),
      3,
    );
  });
});

describe('Lua runtime: JSON conversion', () => {
  it('keeps integers integers both ways', () => {
    assert.deepEqual(run('local o = ... return o', { a: 3, b: 2 ** 40, c: -7, d: 1.5 }), { a: 3, b: 2 ** 40, c: -7, d: 1.5 });
    assert.equal(run('local o = ... return o.n + 1', { n: 2 ** 31 - 1 }), 2 ** 31);
  });
  it('drops nulls: absent keys, and array elements shift down', () => {
    assert.deepEqual(run('local o = ... return {o.a == nil, #o.list, o.list[2]}', { a: null, list: [1, null, 3] }), [true, 2, 3]);
  });
  it('encodes empty tables as [] and refuses mixed or sparse tables', () => {
    assert.deepEqual(run('return {a = {}, b = {1, {}}}'), { a: [], b: [1, []] });
    assert.match(runError('local t = {1} t.x = 2 return t').message, /mixed or invalid key types/);
    assert.match(runError('local t = {} t[1] = 1 t[3] = 3 return t').message, /sparse array/);
    assert.match(runError('return {f = print}').message, /cannot encode a Lua function/);
    assert.match(runError('local t = {} t.self = t return t').message, /recursively nested/);
  });
  it('passes strings through UTF-8', () => assert.equal(run('local s = ... return s .. "é"', 'ü'), 'üé'));
});

describe('kube library', () => {
  const cases: [string, string, unknown][] = [
    ['resourceAdd sums quantities', 'return kube.resourceAdd("500m", "1", nil)', '1500m'],
    ['resourceAdd keeps the first format', 'return kube.resourceAdd("13Gi", "512Mi") .. " " .. kube.resourceAdd("1G", "2G")', '13824Mi 3G'],
    ['resourceAdd of nothing is 0', 'return kube.resourceAdd()', '0'],
    ['getResourceQuantity', 'return kube.getResourceQuantity("500m") + kube.getResourceQuantity("1Gi") + kube.getResourceQuantity(nil)', 1073741824.5],
    [
      'accuratePodRequirements',
      'return kube.accuratePodRequirements({spec = {nodeSelector = {}, containers = {{resources = {limits = {cpu = "1", memory = 256}}}}}})',
      { resourceRequest: { cpu: '1', memory: '256' } },
    ],
    ['accuratePodRequirements with nothing', 'return kube.accuratePodRequirements({spec = {containers = {{name = "c"}}}}) == nil', true],
    [
      'getPodDependencies defaults the namespace',
      'return kube.getPodDependencies({spec = {serviceAccountName = "sa", volumes = {{secret = {secretName = "s"}}}}}, nil)',
      [
        { apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 's' },
        { apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'default', name: 'sa' },
      ],
    ],
    ['getPodDependencies with none is nil', 'return kube.getPodDependencies({spec = {}}, "ns") == nil', true],
  ];
  for (const [name, body, want] of cases) it(name, () => assert.deepEqual(run(`local kube = require("kube")\n${body}`), want));

  it('rejects bad arguments', () => {
    assert.match(runError('return require("kube").resourceAdd(1)').message, /string expected, got number/);
    assert.match(runError('return require("kube").resourceAdd("lots")').message, /cannot parse 'lots'/);
    assert.match(runError('return require("kube").getResourceQuantity("-1")').message, /negative/);
    assert.match(runError('return require("kube").getPodDependencies({})').message, /two argument/);
  });
});
