/**
 * Karmada's third-party interpreter conformance suite, data-driven: every customization under
 * `../shared/conformance/karmada-thirdparty/<group>/<version>/<Kind>/customizations.yaml` is run
 * against every case in its `testdata/*.yaml`, with the comparison rules of Karmada's harness
 * (`default/thirdparty/thirdparty_test.go`; see the README next to the data). Set
 * KARMADA_THIRDPARTY_DIR to run it against another copy.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import { compareDependentObjectReferences, type DependentObjectReference } from '../../api/config/dependent-object-reference.js';
import { parseInterpreterOperation, type InterpreterOperation } from '../../api/config/interpreter-operation.js';
import {
  CUSTOMIZATION_RULES,
  CUSTOMIZATION_RULE_NAMES,
  type ResourceInterpreterCustomization,
} from '../../api/config/resource-interpreter-customization.js';
import type { AggregatedStatusItem, Component, ReplicaRequirements } from '../../api/work/resource-binding.js';
import { findCustomizationFiles, parseYamlStream, readCustomizationsFile } from '../thirdparty/load-customizations.js';
import { parseQuantity, quantitiesEqual } from '../kube/quantity.js';
import type { LayerResult } from '../interpreter.js';
import { DeclarativeInterpreter } from './declarative-interpreter.js';
import { LuaRuntime } from './lua-runtime.js';
import { decodeComponents, decodeDependencies, decodeReplicaRequirements } from './result-decoding.js';
import { runAggregateStatus } from './script-operations.js';

const ROOT = process.env['KARMADA_THIRDPARTY_DIR'] ?? fileURLToPath(new URL('../../../../shared/conformance/karmada-thirdparty/', import.meta.url));
const EXCLUDE = '{{EXCLUDE}}';

interface TestCase {
  readonly file: string;
  readonly name: string;
  readonly operation: string;
  readonly desiredObj?: KubeObject;
  readonly observedObj?: KubeObject;
  readonly statusItems?: AggregatedStatusItem[];
  readonly inputReplicas?: number;
  readonly output?: Record<string, unknown>;
}

/**
 * Two test files continue a single-quoted scalar on a line indented no deeper than its key,
 * which Go's YAML accepts and the `yaml` package does not: join such lines before parsing.
 */
export function joinBrokenSingleQuotedLines(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    while (opensSingleQuotedScalar(line) && i + 1 < lines.length) line = `${line} ${(lines[++i] ?? '').trim()}`;
    out.push(line);
  }
  return out.join('\n');
}

function opensSingleQuotedScalar(line: string): boolean {
  const m = /^\s*(?:- )?[\w.-]+: '(.*)$/.exec(line);
  if (m === null) return false;
  const rest = (m[1] ?? '').replace(/''/g, '');
  return !rest.includes("'");
}

function loadCases(kindDir: string): TestCase[] {
  const testdata = join(kindDir, 'testdata');
  if (!existsSync(testdata)) return [];
  return readdirSync(testdata)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const path = join(testdata, f);
      return parseYamlStream(joinBrokenSingleQuotedLines(readFileSync(path, 'utf8')), path).map((doc) => ({ ...(doc as object), file: f }) as TestCase);
    });
}

/** The single object of an operation: desired when set, else observed; both set is an error. */
function singleObject(tc: TestCase): KubeObject {
  if (tc.desiredObj !== undefined && tc.observedObj !== undefined) throw new Error('set only one of desiredObj and observedObj');
  const object = tc.desiredObj ?? tc.observedObj;
  if (object === undefined) throw new Error('the operation needs desiredObj or observedObj');
  return object;
}

/** AggregatedStatusItem as Go decodes it from the test file (unknown fields dropped). */
function typedStatusItems(items: unknown): AggregatedStatusItem[] | undefined {
  if (!Array.isArray(items)) return undefined;
  return items.map((raw) => {
    const item = isPlainObject(raw) ? raw : {};
    const typed: AggregatedStatusItem = { clusterName: typeof item['clusterName'] === 'string' ? item['clusterName'] : '' };
    if (item['status'] !== undefined && item['status'] !== null) typed.status = item['status'];
    if (item['applied'] === true) typed.applied = true;
    if (typeof item['appliedMessage'] === 'string') typed.appliedMessage = item['appliedMessage'];
    if (typeof item['health'] === 'string') typed.health = item['health'] as AggregatedStatusItem['health'];
    return typed;
  });
}

function value<T>(result: LayerResult<T>): T {
  if (!result.handled) throw new Error('rule is not enabled');
  return result.value;
}

/** Runs one case; returns the named results as Karmada's rules name them. */
function runCase(interpreter: DeclarativeInterpreter, operation: InterpreterOperation, tc: TestCase): Record<string, unknown> {
  switch (operation) {
    case 'Retain': {
      if (tc.desiredObj === undefined || tc.observedObj === undefined) throw new Error('Retain needs desiredObj and observedObj');
      return { retained: value(interpreter.retain(tc.desiredObj, tc.observedObj)) };
    }
    case 'InterpretReplica': {
      const { replicas, requirements } = value(interpreter.getReplicas(singleObject(tc)));
      return { replica: replicas, requires: requirements };
    }
    case 'InterpretComponent':
      return { components: value(interpreter.getComponents(singleObject(tc))) };
    case 'ReviseReplica':
      return { revised: value(interpreter.reviseReplica(singleObject(tc), tc.inputReplicas ?? 0)) };
    case 'InterpretStatus':
      return { status: value(interpreter.reflectStatus(singleObject(tc))) };
    case 'AggregateStatus': {
      const object = singleObject(tc);
      const rule = interpreter.rulesFor({ apiVersion: object.apiVersion ?? '', kind: object.kind ?? '' })?.single.statusAggregation;
      if (rule === undefined || rule.script === '') throw new Error('rule is not enabled');
      // Called directly so that a missing list (nil) and an empty one stay different, as in Go's harness.
      return { aggregatedStatus: runAggregateStatus(interpreter.runtime, rule.script, object, typedStatusItems(tc.statusItems), rule.chunkName) };
    }
    case 'InterpretHealth':
      return { healthy: value(interpreter.interpretHealth(singleObject(tc))) };
    case 'InterpretDependency':
      return { dependencies: value(interpreter.getDependencies(singleObject(tc))) };
    default:
      throw new Error(`operation ${operation} is not supported`);
  }
}

/** Removes, from `expected`, fields whose value is {{EXCLUDE}} and the same paths from `actual`. */
function applyExclusions(expected: unknown, actual: unknown): [unknown, unknown] {
  const paths: string[][] = [];
  const collect = (value: unknown, path: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => collect(item, [...path, String(i)]));
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === EXCLUDE) paths.push([...path, k]);
      else out[k] = collect(v, [...path, k]);
    }
    return out;
  };
  const cleaned = collect(expected, []);
  const copy = structuredClone(actual);
  for (const path of paths) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    if (isPlainObject(node)) delete node[path[path.length - 1] ?? ''];
  }
  return [cleaned, copy];
}

function assertRequirementsEqual(actual: ReplicaRequirements | undefined, expected: ReplicaRequirements, what: string): void {
  assert.ok(actual !== undefined, `${what}: no requirements returned`);
  const { resourceRequest: actualResources = {}, ...actualRest } = actual;
  const { resourceRequest: expectedResources = {}, ...expectedRest } = expected;
  assert.deepStrictEqual(actualRest, expectedRest, what);
  assert.deepStrictEqual(Object.keys(actualResources).sort(), Object.keys(expectedResources).sort(), `${what}: resource names`);
  for (const [name, quantity] of Object.entries(expectedResources)) {
    assert.ok(quantitiesEqual(parseQuantity(actualResources[name] ?? '0'), parseQuantity(quantity)), `${what}: ${name} is ${actualResources[name]}, want ${quantity}`);
  }
}

/** Compares one result with Karmada's rules for its name. */
function assertResult(name: string, actual: unknown, expected: unknown): void {
  switch (name) {
    case 'retained':
    case 'revised':
    case 'aggregatedStatus': {
      const [wantObject, gotObject] = applyExclusions(expected, actual);
      assert.deepStrictEqual(gotObject, wantObject);
      return;
    }
    case 'requires':
      assertRequirementsEqual(actual as ReplicaRequirements | undefined, decodeReplicaRequirements(expected), 'requires');
      return;
    case 'dependencies': {
      const sort = (refs: DependentObjectReference[]) => [...refs].sort(compareDependentObjectReferences);
      assert.deepStrictEqual(sort(actual as DependentObjectReference[]), sort(decodeDependencies(expected ?? [])));
      return;
    }
    case 'components': {
      const byName = (list: Component[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const got = byName(actual as Component[]);
      const want = byName(decodeComponents(expected ?? []));
      assert.deepStrictEqual(got.map((c) => [c.name, c.replicas]), want.map((c) => [c.name, c.replicas]));
      want.forEach((w, i) => {
        const g = got[i];
        if (w.replicaRequirements === undefined) assert.equal(g?.replicaRequirements, undefined, `${w.name}: unexpected requirements`);
        else assertRequirementsEqual(g?.replicaRequirements, w.replicaRequirements, `${w.name}.replicaRequirements`);
      });
      return;
    }
    default:
      // replica, healthy, status: Karmada compares the JSON encodings.
      assert.deepStrictEqual(JSON.parse(JSON.stringify(actual ?? null)), JSON.parse(JSON.stringify(expected ?? null)));
  }
}

function scriptOf(customization: ResourceInterpreterCustomization, operation: InterpreterOperation): string {
  const rule = CUSTOMIZATION_RULE_NAMES.find((r) => CUSTOMIZATION_RULES[r].operation === operation);
  return rule === undefined ? '' : (customization.spec.customizations[rule]?.luaScript ?? '');
}

const files = existsSync(ROOT) ? findCustomizationFiles(ROOT) : [];
const runtime = new LuaRuntime();
const tally = { passed: 0, total: 0 };

describe('Karmada third-party customizations', { skip: files.length === 0 ? `no conformance data at ${ROOT}` : false }, () => {
  for (const file of files) {
    const customizations = readCustomizationsFile(file, ROOT);
    const interpreter = new DeclarativeInterpreter({ name: 'thirdparty', runtime });
    interpreter.load(customizations);
    const cases = loadCases(dirname(file));
    for (const customization of customizations) {
      describe(customization.metadata.name ?? file, () => {
        for (const tc of cases) {
          tally.total++;
          it(`[${tc.operation}] ${tc.name} (${tc.file})`, () => {
            const operation = parseInterpreterOperation(tc.operation);
            assert.ok(operation !== undefined, `unknown operation ${tc.operation}`);
            runtime.compile(scriptOf(customization, operation));
            const results = runCase(interpreter, operation, tc);
            const output = tc.output ?? {};
            for (const key of Object.keys(output)) assert.ok(key in results, `output key ${key} is not a result of ${operation}`);
            for (const [name, actual] of Object.entries(results)) {
              if (name in output) assertResult(name, actual, output[name]);
            }
            tally.passed++;
          });
        }
      });
    }
  }

  after(() => {
    console.log(`# karmada third-party conformance: ${tally.passed}/${tally.total} cases passed`);
  });
});
