import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import type { LayerResult } from '../interpreter.js';
import { DeclarativeInterpreter } from './declarative-interpreter.js';
import { LuaRuntime, LuaScriptError } from './lua-runtime.js';
import { validateCustomization } from './validation.js';

const runtime = new LuaRuntime({ timeoutMs: 300 });
const target = { apiVersion: 'example.io/v1', kind: 'Widget' };

function customization(name: string, customizations: ResourceInterpreterCustomization['spec']['customizations'], t = target): ResourceInterpreterCustomization {
  return { apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization', metadata: { name }, spec: { target: t, customizations } };
}

const widget: KubeObject = {
  apiVersion: 'example.io/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'ns', generation: 2 },
  spec: { size: { count: 3 }, selector: {}, template: { spec: { containers: [{ resources: { requests: { cpu: '250m' } } }] } } },
};

function value<T>(result: LayerResult<T>): T {
  assert.ok(result.handled, 'expected the layer to handle the call');
  return result.value;
}

describe('DeclarativeInterpreter', () => {
  const interpreter = new DeclarativeInterpreter({ runtime });
  interpreter.load([
    customization('widget', {
      replicaResource: {
        luaScript: `local kube = require("kube")
function GetReplicas(obj)
  return obj.spec.size.count + 0.7, kube.accuratePodRequirements(obj.spec.template)
end`,
      },
      replicaRevision: { luaScript: 'function ReviseReplica(obj, n) obj.spec.size.count = n return obj end' },
      retention: { luaScript: 'function Retain(desired, observed) desired.spec.size = observed.spec.size return desired end' },
      statusAggregation: {
        luaScript: `function AggregateStatus(obj, items)
  obj.status = { ready = 0, members = {} }
  if items == nil then obj.status.sawNil = true return obj end
  for i = 1, #items do
    obj.status.ready = obj.status.ready + items[i].status.ready
  end
  return obj
end`,
      },
      statusReflection: { luaScript: 'function ReflectStatus(obj) return { ready = obj.status.ready, empty = {} } end' },
      healthInterpretation: { luaScript: 'function InterpretHealth(obj) return obj.status.ready > 0 end' },
      dependencyInterpretation: {
        luaScript: `function GetDependencies(obj)
  return {{apiVersion = "v1", kind = "Secret", namespace = obj.metadata.namespace, name = "b"}, {apiVersion = "v1", kind = "ConfigMap", namespace = obj.metadata.namespace, name = "a"}}
end`,
      },
      componentResource: { luaScript: 'function GetComponents(obj) return {{name = "main", replicas = obj.spec.size.count}} end' },
    }),
    customization('widget-extra', {
      dependencyInterpretation: { luaScript: 'function GetDependencies(obj) return {{apiVersion = "v1", kind = "Secret", namespace = "ns", name = "b"}, {apiVersion = "v1", kind = "Secret", namespace = "ns", name = "c"}} end' },
      healthInterpretation: { luaScript: 'function InterpretHealth(obj) return false end' },
    }),
  ]);

  it('knows which operations have rules', () => {
    assert.equal(interpreter.hookEnabled(target, 'InterpretReplica'), true);
    assert.equal(interpreter.hookEnabled(target, 'InterpretDependency'), true);
    assert.equal(interpreter.hookEnabled(target, 'Prune'), false);
    assert.equal(interpreter.hookEnabled({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), false);
    assert.equal(interpreter.getReplicas({ ...widget, kind: 'Other' }).handled, false);
  });
  it('reads replicas (truncated) and requirements', () => {
    assert.deepEqual(value(interpreter.getReplicas(widget)), { replicas: 3, requirements: { resourceRequest: { cpu: '250m' } } });
  });
  it('revises replicas, keeping empty objects of the input', () => {
    const revised = value(interpreter.reviseReplica(widget, 7));
    assert.deepEqual(revised['spec'], { ...(widget['spec'] as object), size: { count: 7 } });
    assert.deepEqual((widget['spec'] as { size: unknown }).size, { count: 3 }, 'the input is not modified');
  });
  it('retains member values', () => {
    const observed = { ...widget, spec: { size: { count: 9 } } };
    assert.deepEqual((value(interpreter.retain(widget, observed))['spec'] as { size: unknown }).size, { count: 9 });
  });
  it('aggregates status, passing nil when no member reported', () => {
    const items = [{ clusterName: 'a', status: { ready: 2 }, applied: true }, { clusterName: 'b', status: { ready: 1 } }];
    assert.deepEqual(value(interpreter.aggregateStatus(widget, items))['status'], { ready: 3 });
    assert.deepEqual(value(interpreter.aggregateStatus(widget, undefined))['status'], { ready: 0, sawNil: true });
  });
  it('reflects status, dropping empty tables', () => {
    assert.deepEqual(value(interpreter.reflectStatus({ ...widget, status: { ready: 1 } })), { ready: 1 });
  });
  it('uses the first customization by name for single rules', () => {
    assert.equal(value(interpreter.interpretHealth({ ...widget, status: { ready: 1 } })), true);
  });
  it('merges dependencies of every customization, deduplicated and sorted', () => {
    assert.deepEqual(value(interpreter.getDependencies(widget)).map((d) => `${d.kind}/${d.name}`), ['ConfigMap/a', 'Secret/b', 'Secret/c']);
  });
  it('reads components', () => {
    assert.deepEqual(value(interpreter.getComponents(widget)), [{ name: 'main', replicas: 3 }]);
  });
  it('replaces the rules on load', () => {
    const other = new DeclarativeInterpreter({ runtime });
    other.load([customization('widget', { healthInterpretation: { luaScript: 'function InterpretHealth(obj) return true end' } })]);
    assert.equal(other.hookEnabled(target, 'InterpretReplica'), false);
    other.load([]);
    assert.equal(other.hookEnabled(target, 'InterpretHealth'), false);
  });
});

describe('DeclarativeInterpreter result checks', () => {
  const check = (rule: ResourceInterpreterCustomization['spec']['customizations'], call: (i: DeclarativeInterpreter) => unknown, message: RegExp) => {
    const interpreter = new DeclarativeInterpreter({ runtime });
    interpreter.load([customization('c', rule)]);
    assert.throws(() => call(interpreter), (e: unknown) => e instanceof LuaScriptError && message.test(e.message));
  };
  it('health must be a boolean', () =>
    check({ healthInterpretation: { luaScript: 'function InterpretHealth(obj) return 1 end' } }, (i) => i.interpretHealth(widget), /is not bool/));
  it('replicas must be a number', () =>
    check({ replicaResource: { luaScript: 'function GetReplicas(obj) return "3" end' } }, (i) => i.getReplicas(widget), /is not number/));
  it('requirements must be a table or nil', () =>
    check({ replicaResource: { luaScript: 'function GetReplicas(obj) return 3, 4 end' } }, (i) => i.getReplicas(widget), /table/));
  it('a returned object must keep its kind', () =>
    check({ replicaRevision: { luaScript: 'function ReviseReplica(obj, n) return {spec = {}} end' } }, (i) => i.reviseReplica(widget, 1), /Kind' is missing/));
  it('dependencies must be a list of references', () =>
    check({ dependencyInterpretation: { luaScript: 'function GetDependencies(obj) return {{name = 5}} end' } }, (i) => i.getDependencies(widget), /expected a string/));
  it('a runaway script fails that call only', () => {
    check({ healthInterpretation: { luaScript: 'function InterpretHealth(obj) while true do end end' } }, (i) => i.interpretHealth(widget), /time limit/);
    const interpreter = new DeclarativeInterpreter({ runtime });
    interpreter.load([customization('ok', { healthInterpretation: { luaScript: 'function InterpretHealth(obj) return true end' } })]);
    assert.equal(value(interpreter.interpretHealth(widget)), true);
  });
});

describe('validateCustomization', () => {
  const existing = [customization('first', { retention: { luaScript: 'function Retain(d, o) return d end' } })];
  it('accepts a valid customization', () => {
    assert.deepEqual(validateCustomization(customization('second', { healthInterpretation: { luaScript: 'function InterpretHealth(o) return true end' } }), existing, runtime), []);
  });
  it('names a script that does not compile', () => {
    const errors = validateCustomization(customization('second', { healthInterpretation: { luaScript: 'function InterpretHealth(o) return true' } }), existing, runtime);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.field, 'spec.customizations.healthInterpretation.luaScript');
  });
  it('refuses a rule another customization of the kind defines', () => {
    const errors = validateCustomization(customization('second', { retention: { luaScript: 'function Retain(d, o) return o end' } }), existing, runtime);
    assert.deepEqual(errors.map((e) => e.field), ['spec.customizations.retention']);
    assert.match(errors[0]?.message ?? '', /already defined by ResourceInterpreterCustomization first/);
    assert.deepEqual(validateCustomization(customization('first', { retention: { luaScript: 'function Retain(d, o) return o end' } }), existing, runtime), [], 'an update of itself');
  });
  it('requires a target', () => {
    const errors = validateCustomization(customization('x', {}, { apiVersion: '', kind: '' }), [], runtime);
    assert.deepEqual(errors.map((e) => e.field), ['spec.target.apiVersion', 'spec.target.kind']);
  });
});
