import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import type { KubeObject } from '../../api/object.js';
import { checkCustomizations } from './check-customizations.js';
import { executeRule } from './execute-rule.js';
import { compareKeys, goFloat, goYaml } from './go-yaml.js';
import { INTERPRET_RULES, ruleByOperation, type InterpretRule } from './interpret-rules.js';
import { alignColumns } from './tab-writer.js';

const deployment = (replicas: number, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx', annotations: { cluster: 'cluster1' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { serviceAccountName: 'nginx', containers: [{ name: 'nginx', image: 'nginx:alpine', resources: { limits: { cpu: '100m' } } }] },
    },
  },
  ...(status === undefined ? {} : { status }),
});

const customization: ResourceInterpreterCustomization = {
  apiVersion: 'config.karmada.io/v1alpha1',
  kind: 'ResourceInterpreterCustomization',
  metadata: { name: 'customization' },
  spec: {
    target: { apiVersion: 'apps/v1', kind: 'Deployment' },
    customizations: {
      retention: { luaScript: 'function Retain(desiredObj, observedObj)\n  desiredObj.spec.paused = observedObj.spec.paused\n  return desiredObj\nend' },
      replicaResource: {
        luaScript: 'function GetReplicas(obj)\n  return obj.spec.replicas, {resourceRequest = obj.spec.template.spec.containers[1].resources.limits}\nend',
      },
      replicaRevision: { luaScript: 'function ReviseReplica(obj, desiredReplica)\n  obj.spec.replicas = desiredReplica\n  return obj\nend' },
      statusReflection: { luaScript: 'function ReflectStatus(observedObj)\n  return {readyReplicas = observedObj.status.readyReplicas}\nend' },
      statusAggregation: {
        luaScript:
          'function AggregateStatus(desiredObj, statusItems)\n  local ready = 0\n  for i = 1, #statusItems do ready = ready + statusItems[i].status.readyReplicas end\n  desiredObj.status = {readyReplicas = ready}\n  return desiredObj\nend',
      },
      healthInterpretation: { luaScript: 'function InterpretHealth(observedObj)\n  return observedObj.status.readyReplicas == observedObj.spec.replicas\nend' },
      dependencyInterpretation: {
        luaScript:
          'function GetDependencies(desiredObj)\n  return {{apiVersion = "v1", kind = "ServiceAccount", name = desiredObj.spec.template.spec.serviceAccountName}}\nend',
      },
    },
  },
};

const rule = (name: string): InterpretRule => {
  const found = ruleByOperation(name);
  assert.ok(found, name);
  return found;
};

describe('alignColumns (kubectl tabwriter)', () => {
  const cases: [string, string, string][] = [
    ['pads tab-ended cells to the widest plus 3', 'a\tb\nlong-cell\td\n', 'a           b\nlong-cell   d\n'],
    ['minimum width 6', 'a\tb\n', 'a     b\n'],
    ['a line without tabs ends the block', 'long-cell\tx\n--\nb\ty\n', 'long-cell   x\n--\nb           y\n'],
    ['a trailing cell ended by a tab is padded too', 'k:\tERROR: bad\t\nlonger-key:\tPASS\n', 'k:            ERROR: bad   \nlonger-key:   PASS\n'],
  ];
  for (const [name, input, want] of cases) it(name, () => assert.equal(alignColumns(input), want));
  it('without remembered widths each block stands alone', () => {
    assert.equal(alignColumns('long-cell\tx\n--\nb\ty\n', { rememberWidths: false }), 'long-cell   x\n--\nb     y\n');
  });
});

describe('goYaml (sigs.k8s.io/yaml over yaml.v3)', () => {
  it('prints a Deployment as Karmada’s interpret does', () => {
    assert.equal(
      goYaml(deployment(3, { readyReplicas: 5 })),
      `apiVersion: apps/v1
kind: Deployment
metadata:
    annotations:
        cluster: cluster1
    name: nginx
spec:
    replicas: 3
    selector:
        matchLabels:
            app: nginx
    template:
        metadata:
            labels:
                app: nginx
        spec:
            containers:
                - image: nginx:alpine
                  name: nginx
                  resources:
                    limits:
                        cpu: 100m
            serviceAccountName: nginx
status:
    readyReplicas: 5
`,
    );
  });
  const cases: [string, unknown, string][] = [
    ['a number', 3, '3\n'],
    ['a large number as Go floats print', 1000000, '1e+06\n'],
    ['a fraction', 0.5, '0.5\n'],
    ['true', true, 'true\n'],
    ['null and undefined', undefined, 'null\n'],
    ['a top-level list of maps', [{ b: 1, a: 'x' }], '- a: x\n  b: 1\n'],
    ['empty collections', { a: [], b: {} }, 'a: []\nb: {}\n'],
    ['strings that read as other types are double-quoted', { a: 'true', b: '3', c: 'yes', d: '' }, 'a: "true"\nb: "3"\nc: "yes"\nd: ""\n'],
    ['strings holding YAML syntax are single-quoted', { a: 'x: y', b: '*star', c: "it's #1" }, "a: 'x: y'\nb: '*star'\nc: 'it''s #1'\n"],
    ['plain strings stay plain', { a: 'nginx:alpine', b: '-x', c: 'a-b c' }, 'a: nginx:alpine\nb: -x\nc: a-b c\n'],
    ['multi-line strings are literal blocks', { a: 'one\ntwo\n' }, 'a: |\n    one\n    two\n'],
    ['lists in list items', { a: [[1, 2]] }, 'a:\n    - - 1\n      - 2\n'],
  ];
  for (const [name, value, want] of cases) it(name, () => assert.equal(goYaml(value), want));
  it('sorts keys in yaml.v3’s natural order', () => {
    assert.deepEqual(['a10', 'a2', 'b', 'A', 'a_b', 'aB'].sort(compareKeys), ['A', 'a_b', 'a2', 'a10', 'aB', 'b']);
  });
  it('formats floats as Go’s strconv g', () => {
    assert.deepEqual([1234567.5, 0.00001, 123456, -2e-5].map(goFloat), ['1.2345675e+06', '1e-05', '123456', '-2e-05']);
  });
});

describe('checkCustomizations (--check)', () => {
  it('reports objects that are not customizations or lack a target', () => {
    const report = checkCustomizations([
      { source: 'file.yml', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'not-customization' } } },
      {
        source: 'file.yml',
        object: {
          apiVersion: 'config.karmada.io/v1alpha1',
          kind: 'ResourceInterpreterCustomization',
          metadata: { name: 'api-version-unset' },
          spec: { target: { kind: 'Deployment' } },
        },
      },
      {
        source: 'file.yml',
        object: {
          apiVersion: 'config.karmada.io/v1alpha1',
          kind: 'ResourceInterpreterCustomization',
          metadata: { name: 'kind-unset' },
          spec: { target: { apiVersion: 'apps/v1' } },
        },
      },
    ]);
    assert.equal(report.failed, true);
    assert.equal(
      report.output,
      `-----------------------------------
SOURCE: not-customization
not a ResourceInterpreterCustomization, got /v1, Kind=Pod
-----------------------------------
SOURCE: api-version-unset
target.apiVersion no set
-----------------------------------
SOURCE: kind-unset
target.kind no set
`,
    );
  });

  it('passes every rule of a good customization', () => {
    const report = checkCustomizations([{ source: 'c.yml', object: customization }]);
    assert.equal(report.failed, false);
    assert.equal(
      report.output,
      `-----------------------------------
SOURCE: customization
TARGET: apps/v1 Deployment   
RULERS:
    Retain:                  PASS
    InterpretReplica:        PASS
    InterpretComponent:      UNSET
    ReviseReplica:           PASS
    InterpretStatus:         PASS
    AggregateStatus:         PASS
    InterpretHealth:         PASS
    InterpretDependency:     PASS
`,
    );
  });

  it('reports a script that does not compile with Lua’s message, and names the source when the object has no name', () => {
    const broken = structuredClone(customization);
    delete broken.metadata.name;
    broken.spec.customizations = { replicaResource: { luaScript: 'function GetReplicas(obj) return ( end' } };
    const report = checkCustomizations([{ source: 'broken.yml', object: broken }]);
    assert.equal(report.failed, true);
    const lines = report.output.split('\n');
    assert.equal(lines[1], 'SOURCE: broken.yml');
    assert.equal(lines[4], '    Retain:                  UNSET');
    assert.match(lines[5] ?? '', /^ {4}InterpretReplica: {8}ERROR: <string>:1: .*near 'end' {3}$/);
  });
});

describe('executeRule (--operation)', () => {
  const run = (operation: string, args: Parameters<typeof executeRule>[2]) => executeRule([customization], rule(operation), args);

  it('names the rules after Karmada’s operations, in its order', () => {
    assert.deepEqual(
      INTERPRET_RULES.map((r) => r.name),
      ['Retain', 'InterpretReplica', 'InterpretComponent', 'ReviseReplica', 'InterpretStatus', 'AggregateStatus', 'InterpretHealth', 'InterpretDependency'],
    );
    assert.equal(ruleByOperation('interpretreplica')?.name, 'InterpretReplica');
    assert.equal(ruleByOperation('nope'), undefined);
  });

  it('InterpretReplica prints the replica and the requirements', () => {
    assert.equal(
      run('interpretReplica', { observed: deployment(3), replica: 0 }).stdout,
      '---\n# [1/2] replica:\n3\n---\n# [2/2] requires:\nresourceRequest:\n    cpu: 100m\n',
    );
  });

  it('ReviseReplica, Retain, InterpretStatus, InterpretHealth, InterpretDependency, AggregateStatus', () => {
    const revised = run('reviseReplica', { observed: deployment(3), replica: 2 });
    assert.match(revised.stdout, /^---\n# \[1\/1\] revised:\napiVersion: apps\/v1\n[\s\S]*\n {4}replicas: 2\n/);
    const retained = run('retain', { desired: deployment(3), observed: { ...deployment(3), spec: { paused: true } }, replica: 0 });
    assert.match(retained.stdout, /# \[1\/1\] retained:\n[\s\S]*\n {4}paused: true\n/);
    assert.equal(
      run('interpretStatus', { observed: deployment(3, { readyReplicas: 3, other: 1 }), replica: 0 }).stdout,
      '---\n# [1/1] status:\nreadyReplicas: 3\n',
    );
    assert.equal(run('interpretHealth', { observed: deployment(3, { readyReplicas: 3 }), replica: 0 }).stdout, '---\n# [1/1] healthy:\ntrue\n');
    assert.equal(
      run('interpretDependency', { observed: deployment(3), replica: 0 }).stdout,
      '---\n# [1/1] dependencies:\n- apiVersion: v1\n  kind: ServiceAccount\n  name: nginx\n',
    );
    const aggregated = run('aggregateStatus', {
      observed: deployment(3),
      status: [
        { clusterName: 'member1', status: { readyReplicas: 2 } },
        { clusterName: 'member2', status: { readyReplicas: 3 } },
      ],
      replica: 0,
    });
    assert.match(aggregated.stdout, /# \[1\/1\] aggregatedStatus:\n[\s\S]*\nstatus:\n {4}readyReplicas: 5\n$/);
  });

  it('reports errors as Karmada words them', () => {
    const cases: [string, Parameters<typeof executeRule>[2], string][] = [
      ['retain', { observed: deployment(1), replica: 0 }, 'Execute Retain error: desired, desired-file options are not set\n'],
      ['retain', { desired: deployment(1), replica: 0 }, 'Execute Retain error: observed, observed-file options are not set\n'],
      ['interpretReplica', { replica: 0 }, 'Execute InterpretReplica error: desired-file, observed-file options are not set\n'],
      [
        'interpretReplica',
        { desired: deployment(1), observed: deployment(1), replica: 0 },
        'Execute InterpretReplica error: you can not specify both desired-file and observed-file options\n',
      ],
      ['interpretComponent', { observed: deployment(1), replica: 0 }, 'Execute InterpretComponent error: rule is not enabled\n'],
    ];
    for (const [operation, args, want] of cases) {
      const report = run(operation, args);
      assert.equal(report.stdout, '');
      assert.equal(report.stderr, want);
    }
    const other = run('interpretReplica', { observed: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, replica: 0 });
    assert.equal(other.stderr, 'Execute InterpretReplica error: rule is not enabled\n');
  });

  it('stops an endless script at the time limit', () => {
    const spinning = structuredClone(customization);
    spinning.spec.customizations = { healthInterpretation: { luaScript: 'function InterpretHealth(obj) while true do end end' } };
    const started = performance.now();
    const report = executeRule([spinning], rule('interpretHealth'), { observed: deployment(1), replica: 0 });
    assert.match(report.stderr, /^Execute InterpretHealth error: customization\/healthInterpretation: script exceeded the time limit of 1000ms\n$/);
    assert.ok(performance.now() - started < 2500);
  });
});
