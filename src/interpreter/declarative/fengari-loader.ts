/**
 * Loads fengari (CommonJS) with two changes to its source text. First, a freed stack slot is set to
 * `undefined` instead of being `delete`d. fengari frees slots with `delete L.stack[i]` on every
 * call return, `lua_settop` and metamethod call; in V8 each such delete is a slow runtime call
 * (about 100 ns, against 15 ns for an assignment), and it leaves holes that eventually turn the
 * stack array into a dictionary. Nothing in fengari tells a hole from `undefined` (checked
 * against fengari 0.1.5, pinned in package-lock; `fengari-loader.test.ts` checks the change took).
 * Second, its internal assertions are removed, as C Lua's release builds do (see {@link withoutAssertions}).
 *
 * The change is made while fengari's own modules are first required, through
 * `Module.prototype._compile`, which both Node's loader and tsx's call; the hook is removed
 * afterwards. If fengari was already loaded by someone else, it is used unchanged (only slower).
 */
import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';

interface CompilingModule {
  _compile(content: string, filename: string): unknown;
}

/** `delete L.stack[...];` (also `from.stack`), as written throughout fengari's sources. */
const DELETE_STACK_SLOT = /\bdelete (\w+\.stack\[[^;\n]*\]);/g;
const FENGARI_SOURCE = /[\\/]fengari[\\/]src[\\/][\w-]+\.js$/;

/** A whole-line `lua_assert(...);` statement (every one in fengari's sources is a side-effect-free check). */
const ASSERT_STATEMENT = /^([ \t]*)lua_assert\(.*\);[ \t]*(\/\*.*\*\/|\/\/.*)?$/gm;

/** fengari's source with stack slots freed by assignment. */
export function withoutStackDeletes(source: string): string {
  return source.replace(DELETE_STACK_SLOT, '$1 = undefined;');
}

/**
 * fengari's source without its internal assertions. fengari keeps C Lua's `lua_assert` checks
 * switched on (C Lua builds switch them off); several run on every VM instruction and table access.
 */
export function withoutAssertions(source: string): string {
  // An empty statement, not nothing: an assertion can be the body of an `else`.
  return source.replace(ASSERT_STATEMENT, '$1;');
}

/** Requires `fengari` (and through it its internal modules) with {@link withoutStackDeletes} applied. */
export function loadFengari(): unknown {
  const require = createRequire(import.meta.url);
  const prototype = (nodeModule.Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = prototype._compile;
  prototype._compile = function (this: CompilingModule, content: string, filename: string): unknown {
    return compile.call(this, FENGARI_SOURCE.test(filename) ? withoutAssertions(withoutStackDeletes(content)) : content, filename);
  };
  try {
    return require('fengari');
  } finally {
    prototype._compile = compile;
  }
}
