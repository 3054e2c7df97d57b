/**
 * Runs customization scripts in one fengari Lua state, as Karmada's `luavm` does, with limits:
 *
 * - A script is compiled once and the compiled chunk is reused (a call never recompiles).
 * - Each call runs the chunk in a clean global environment (see `lua-sandbox.ts`), then calls
 *   the named function with the arguments converted from JSON.
 * - Each call may run for `timeoutMs` (1 s, as Karmada's context timeout) and may grow the heap
 *   by `memoryLimitBytes`; both are checked by an instruction-count hook and stop the call with
 *   a {@link LuaScriptError}. `pcall` cannot catch that stop.
 *
 * Calls are synchronous, so one state serves every call; a state that failed in an unexpected
 * way is replaced. Because a call blocks the process while it runs, a call stopped by a limit is
 * remembered for `limitMemoMs` by its script, function and arguments: the same call fails at
 * once with the same error instead of blocking for another second (scripts are functions of
 * their arguments; controllers retry failed objects and would otherwise pay the limit each time).
 */
import { getHeapStatistics } from 'node:v8';
import { lauxlib, lua, toLuaString, type LuaJsFunction, type LuaState } from './lua-api.js';
import { installLuaNumberCompat } from './lua-compat.js';
import { pushJson } from './lua-convert.js';
import { LuaSandbox } from './lua-sandbox.js';
import { keepStackDense, luaString, pushValue, rawGetString, stackValue, type Table } from './fengari-internals.js';
import { luaToString } from './lua-values.js';

/** What went wrong in a script. */
export type LuaErrorKind = 'compile' | 'runtime' | 'timeout' | 'memory' | 'missing-function' | 'result';

/** A failed script: does not compile, raised an error, ran out of time or memory, or returned something unusable. */
export class LuaScriptError extends Error {
  constructor(
    readonly kind: LuaErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LuaScriptError';
  }
}

/** Limits and hooks of a {@link LuaRuntime}. */
export interface LuaRuntimeOptions {
  /** Wall-clock budget of one call, in milliseconds (default 1000, as Karmada). */
  readonly timeoutMs?: number;
  /** Heap growth allowed during one call, in bytes (default 128 MiB). */
  readonly memoryLimitBytes?: number;
  /** Compiled scripts kept (least recently used are dropped; default 1024). */
  readonly maxCachedScripts?: number;
  /** Receives what scripts `print` (default: discarded). */
  readonly print?: (line: string) => void;
  /** How long a call stopped by a limit is answered from memory (default 60 s; 0: never). */
  readonly limitMemoMs?: number;
}

/** Counters for tests and metrics. */
export interface LuaRuntimeStats {
  /** Scripts compiled (cache misses). */
  compiles: number;
  /** Function calls run. */
  calls: number;
  /** Lua states created (1 unless a state had to be replaced). */
  states: number;
  /** Calls answered with a remembered limit error, without running. */
  memoHits: number;
}

/** Reads the results of a call: they are at stack indices `first`..`first + n - 1`. */
export type ResultReader<T> = (L: LuaState, first: number) => T;

const INSTRUCTIONS_PER_HOOK = 1000;
/** Bounds of the memory of calls stopped by a limit. */
const MEMO_SCRIPTS = 64;
const MEMO_CALLS_PER_SCRIPT = 256;
/** The heap is looked at every this many hooks (it costs more than reading the clock). */
const HOOKS_PER_MEMORY_CHECK = 16;

/** The JavaScript heap plus external memory (Lua strings are byte arrays, partly held outside the heap). */
function heapInUse(): number {
  const stats = getHeapStatistics();
  return stats.used_heap_size + stats.external_memory;
}

interface State {
  readonly L: LuaState;
  readonly sandbox: LuaSandbox;
  /** Compiled chunks by script text, as registry references, least recently used first. */
  readonly chunks: Map<string, number>;
}

/** One Lua state with Karmada's sandbox, a compile cache and per-call limits. */
export class LuaRuntime {
  readonly stats: LuaRuntimeStats = { compiles: 0, calls: 0, states: 0, memoHits: 0 };
  /** Wall-clock budget of one call. */
  readonly timeoutMs: number;
  /** Heap growth allowed during one call. */
  readonly memoryLimitBytes: number;
  private readonly maxCachedScripts: number;
  private readonly printLine: (line: string) => void;
  private state: State;
  private deadline = Infinity;
  private heapBaseline = 0;
  private hooks = 0;
  private aborted: LuaErrorKind | undefined;
  private readonly limitMemoMs: number;
  /** Calls stopped by a limit: script text -> call key -> error and when. */
  private readonly stoppedCalls = new Map<string, Map<string, { error: LuaScriptError; at: number }>>();

  constructor(options: LuaRuntimeOptions = {}) {
    installLuaNumberCompat();
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.memoryLimitBytes = options.memoryLimitBytes ?? 128 * 1024 * 1024;
    this.maxCachedScripts = options.maxCachedScripts ?? 1024;
    this.printLine = options.print ?? (() => undefined);
    this.limitMemoMs = options.limitMemoMs ?? 60_000;
    this.state = this.newState();
  }

  /** Compiles `script` (or finds it compiled); throws a `compile` error with Lua's message. */
  compile(script: string, chunkName = 'script'): void {
    this.chunkRef(this.state, script, chunkName);
    lua.lua_settop(this.state.L, 0);
  }

  /**
   * Runs `script`, then calls its global function `functionName` with `args` (JSON values) and
   * hands the `resultCount` results to `read`.
   */
  call<T>(script: string, functionName: string, args: readonly unknown[], resultCount: number, read: ResultReader<T>, chunkName = 'script'): T {
    // Only scripts that hit a limit pay for a key; the common path looks up one map entry.
    const memo = this.stoppedCalls.get(script);
    const memoKey = memo === undefined ? undefined : JSON.stringify([functionName, args]);
    if (memo !== undefined && memoKey !== undefined) {
      const stopped = memo.get(memoKey);
      if (stopped !== undefined && performance.now() - stopped.at < this.limitMemoMs) {
        this.stats.memoHits++;
        throw stopped.error;
      }
    }
    try {
      return this.run(script, functionName, args, resultCount, read, chunkName);
    } catch (e) {
      if (e instanceof LuaScriptError && (e.kind === 'timeout' || e.kind === 'memory') && this.limitMemoMs > 0) {
        this.rememberStopped(script, memoKey ?? JSON.stringify([functionName, args]), e);
      }
      throw e;
    }
  }

  private rememberStopped(script: string, key: string, error: LuaScriptError): void {
    let memo = this.stoppedCalls.get(script);
    if (memo === undefined) {
      if (this.stoppedCalls.size >= MEMO_SCRIPTS) this.stoppedCalls.delete(this.stoppedCalls.keys().next().value as string);
      memo = new Map();
      this.stoppedCalls.set(script, memo);
    }
    if (memo.size >= MEMO_CALLS_PER_SCRIPT) memo.delete(memo.keys().next().value as string);
    memo.set(key, { error, at: performance.now() });
  }

  private run<T>(script: string, functionName: string, args: readonly unknown[], resultCount: number, read: ResultReader<T>, chunkName: string): T {
    const state = this.state;
    const { L } = state;
    this.stats.calls++;
    lua.lua_settop(L, 0);
    try {
      const chunk = this.chunkRef(state, script, chunkName);
      this.arm(L);
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, chunk); // 1: chunk
      state.sandbox.pushEnvironment(L); // 2: env
      lua.lua_pushvalue(L, 2);
      lua.lua_setupvalue(L, 1, 1); // the chunk's _ENV is this call's environment
      lua.lua_insert(L, 1); // 1: env, 2: chunk
      this.check(L, lua.lua_pcall(L, 0, 0, 0), chunkName);
      pushValue(L, rawGetString(stackValue(L, 1).value as Table, luaString(L, functionName))); // 2: function
      const type = lua.lua_type(L, 2);
      if (type === lua.LUA_TNIL) throw new LuaScriptError('missing-function', `not found function ${functionName}`);
      if (type !== lua.LUA_TFUNCTION) throw new LuaScriptError('missing-function', `${functionName} is not a function: ${luaToString(L, 2)}`);
      for (const arg of args) pushJson(L, arg);
      this.check(L, lua.lua_pcall(L, args.length, resultCount, 0), chunkName);
      this.disarm();
      try {
        return read(L, 2);
      } catch (e) {
        if (e instanceof LuaScriptError) throw e;
        throw new LuaScriptError('result', (e as Error).message);
      }
    } catch (e) {
      if (!(e instanceof LuaScriptError)) {
        // Something broke inside the VM itself: start over with a new state.
        this.state = this.newState();
        throw new LuaScriptError('runtime', `Lua VM failure: ${(e as Error).message}`);
      }
      throw e;
    } finally {
      this.disarm();
      lua.lua_settop(L, 0);
      if (this.state === state) {
        state.sandbox.resetEnvironment(L);
        keepStackDense(L);
      }
    }
  }

  private newState(): State {
    const L = lauxlib.luaL_newstate();
    const sandbox = new LuaSandbox(L, { abortReason: () => this.aborted, print: (line) => this.printLine(line) });
    lua.lua_atnativeerror(L, this.nativeError);
    lua.lua_sethook(L, this.countHook, lua.LUA_MASKCOUNT, INSTRUCTIONS_PER_HOOK);
    this.stats.states++;
    return { L, sandbox, chunks: new Map() };
  }

  /** Turns a JavaScript exception thrown inside the VM into a Lua error message. */
  private readonly nativeError: LuaJsFunction = (L) => {
    const error = lua.lua_touserdata(L, 1);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RangeError && /allocation|invalid (array|string|typed array) length/i.test(message)) this.aborted = 'memory';
    lua.lua_pushstring(L, `JavaScript error in the Lua VM: ${message}`);
    return 1;
  };

  private chunkRef(state: State, script: string, chunkName: string): number {
    const cached = state.chunks.get(script);
    if (cached !== undefined) {
      state.chunks.delete(script);
      state.chunks.set(script, cached);
      return cached;
    }
    const { L } = state;
    const bytes = toLuaString(script);
    const status = lauxlib.luaL_loadbufferx(L, bytes, bytes.length, `=${chunkName}`, 't');
    if (status !== lua.LUA_OK) {
      const message = luaToString(L, -1);
      lua.lua_pop(L, 1);
      throw new LuaScriptError('compile', message);
    }
    this.stats.compiles++;
    const ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    state.chunks.set(script, ref);
    if (state.chunks.size > this.maxCachedScripts) {
      const [oldest, oldRef] = state.chunks.entries().next().value as [string, number];
      state.chunks.delete(oldest);
      lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, oldRef);
    }
    return ref;
  }

  private arm(L: LuaState): void {
    this.aborted = undefined;
    this.hooks = 0;
    this.deadline = performance.now() + this.timeoutMs;
    // Restart the instruction count, so that a call shorter than INSTRUCTIONS_PER_HOOK never
    // reaches the hook (and never pays for reading the heap size).
    lua.lua_sethook(L, this.countHook, lua.LUA_MASKCOUNT, INSTRUCTIONS_PER_HOOK);
  }

  private disarm(): void {
    this.deadline = Infinity;
  }

  private readonly countHook = (L: LuaState): void => this.hook(L);

  private hook(L: LuaState): void {
    if (this.deadline === Infinity) return;
    if (this.aborted === undefined) {
      // The heap baseline is taken at the first hook, so that short calls never pay for it.
      if (++this.hooks === 1) this.heapBaseline = heapInUse();
      if (performance.now() > this.deadline) this.aborted = 'timeout';
      else if (this.hooks % HOOKS_PER_MEMORY_CHECK === 0 && heapInUse() - this.heapBaseline > this.memoryLimitBytes) {
        this.aborted = 'memory';
      }
    }
    // Once stopped, every hook raises again, so an enclosing pcall cannot resume the script.
    if (this.aborted !== undefined) lauxlib.luaL_error(L, '%s', this.abortMessage(this.aborted));
  }

  private abortMessage(kind: LuaErrorKind): string {
    return kind === 'timeout'
      ? `script exceeded the time limit of ${this.timeoutMs}ms`
      : `script exceeded the memory limit of ${Math.round(this.memoryLimitBytes / 1024 / 1024)}MiB`;
  }

  /** Throws for a failed `lua_pcall`, with the Lua error message (or the limit that stopped it). */
  private check(L: LuaState, status: number, chunkName: string): void {
    if (status === lua.LUA_OK) return;
    if (this.aborted !== undefined) {
      // Lua's own errors name the chunk (`<customization>/<rule>:3: ...`); say which script was stopped too.
      const where = chunkName === 'script' ? '' : `${chunkName}: `;
      throw new LuaScriptError(this.aborted, `${where}${this.abortMessage(this.aborted)}`);
    }
    const message = lua.lua_gettop(L) > 0 ? luaToString(L, -1) : `Lua error status ${status}`;
    throw new LuaScriptError('runtime', message);
  }
}
