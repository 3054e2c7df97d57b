import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import './lua-api.js';
import { withoutAssertions, withoutStackDeletes } from './fengari-loader.js';

const require = createRequire(import.meta.url);

describe('fengari loader', () => {
  it('turns stack-slot deletes into assignments and leaves other code alone', () => {
    const source = 'delete L.stack[--L.top];\n  delete from.stack[from.top + i];\n delete t.strong;\n if (x) delete L.stack[i];';
    assert.equal(
      withoutStackDeletes(source),
      'L.stack[--L.top] = undefined;\n  from.stack[from.top + i] = undefined;\n delete t.strong;\n if (x) L.stack[i] = undefined;',
    );
  });
  it('turns whole-line assertions into empty statements, keeping other code', () => {
    const source = '  lua_assert(a === b);\n  else\n    lua_assert(s === L.status);  /* why */\n  x = lualib.lua_assert(f());\n  if (c) lua_assert(d);';
    assert.equal(withoutAssertions(source), '  ;\n  else\n    ;\n  x = lualib.lua_assert(f());\n  if (c) lua_assert(d);');
  });
  it("fengari's table lookups as loaded run without assertions", () => {
    const ltable = require('fengari/src/ltable.js') as Record<string, unknown>;
    assert.doesNotMatch(String(ltable['luaH_get']), /lua_assert/);
  });
  for (const name of ['ldo', 'lapi', 'lvm', 'ltm']) {
    it(`fengari's ${name} as loaded frees stack slots without delete`, () => {
      const exported = Object.values(require(`fengari/src/${name}.js`) as Record<string, unknown>);
      const code = exported
        .filter((value) => typeof value === 'function')
        .map(String)
        .join('\n');
      assert.doesNotMatch(code, /delete \w+\.stack\[/);
    });
  }
});
