import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { applyBuiltinDefaults } from '../defaults/apply-builtin-defaults.js';
import { prepareForCreate } from '../defaults/prepare-for-create.js';
import { invalidError, invalidMessage, type FieldError } from './field-error.js';
import { validateBuiltin } from './validate-builtin.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function deployment(mutate: (d: { metadata: Record<string, unknown>; spec: Record<string, unknown> }) => void = () => {}): KubeObject {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } } as Record<string, unknown>,
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    } as Record<string, unknown>,
  };
  applyBuiltinDefaults('apps', 'v1', 'Deployment', d as KubeObject);
  mutate(d);
  return d as KubeObject;
}

function podSpec(d: { spec: Record<string, unknown> }): Record<string, unknown> {
  return (d.spec['template'] as { spec: Record<string, unknown> }).spec;
}

function containers(d: { spec: Record<string, unknown> }): Record<string, unknown>[] {
  return podSpec(d)['containers'] as Record<string, unknown>[];
}

function message(kind: string, group: string, object: KubeObject, errors: readonly FieldError[]): string {
  return invalidMessage(kind, group, object.metadata.name ?? '', errors);
}

describe('validateBuiltin: deployments', () => {
  const apps = { group: 'apps', kind: 'Deployment' };

  it('accepts a defaulted deployment', () => {
    assert.deepEqual(validateBuiltin(apps, deployment()), []);
  });

  const cases: readonly [string, KubeObject, string][] = [
    [
      'negative replicas',
      deployment((d) => (d.spec['replicas'] = -1)),
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'selector not matching the template',
      deployment((d) => (d.spec['selector'] = { matchLabels: { app: 'api' } })),
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ],
    [
      'missing selector',
      deployment((d) => delete d.spec['selector']),
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`]',
    ],
    [
      'empty selector',
      deployment((d) => (d.spec['selector'] = {})),
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ],
    [
      'bad name',
      deployment((d) => (d.metadata['name'] = 'Bad_Name')),
      `Deployment.apps "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
    ],
    [
      'no containers',
      deployment((d) => (podSpec(d)['containers'] = [])),
      'Deployment.apps "web" is invalid: spec.template.spec.containers: Required value',
    ],
    [
      'container without image',
      deployment((d) => delete containers(d)[0]?.['image']),
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
    ],
    [
      'container without name',
      deployment((d) => delete containers(d)[0]?.['name']),
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].name: Required value',
    ],
    [
      'duplicate container names',
      deployment((d) => containers(d).push({ ...containers(d)[0] })),
      'Deployment.apps "web" is invalid: spec.template.spec.containers[1].name: Duplicate value: "web"',
    ],
    [
      'container port out of range',
      deployment((d) => {
        const c = containers(d)[0];
        if (c !== undefined) {
          c['ports'] = [{ containerPort: 70000, protocol: 'TCP' }];
        }
      }),
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
    [
      'bad port protocol',
      deployment((d) => {
        const c = containers(d)[0];
        if (c !== undefined) {
          c['ports'] = [{ containerPort: 80, protocol: 'HTTP' }];
        }
      }),
      'Deployment.apps "web" is invalid: spec.template.spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'restartPolicy Never',
      deployment((d) => (podSpec(d)['restartPolicy'] = 'Never')),
      'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'bad label value',
      deployment((d) => (d.metadata['labels'] = { app: '-web' })),
      `Deployment.apps "web" is invalid: metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
    [
      'bad annotation key',
      deployment((d) => (d.metadata['annotations'] = { 'a b': 'x' })),
      `Deployment.apps "web" is invalid: metadata.annotations: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
    [
      'missing namespace',
      deployment((d) => delete d.metadata['namespace']),
      'Deployment.apps "web" is invalid: metadata.namespace: Required value',
    ],
    [
      'maxSurge and maxUnavailable both 0',
      deployment((d) => (d.spec['strategy'] = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ],
  ];
  for (const [name, object, expected] of cases) {
    it(name, () => assert.equal(message('Deployment', 'apps', object, validateBuiltin(apps, object)), expected));
  }

  it('rejects a selector change on update', () => {
    const old = deployment();
    const next = deployment((d) => {
      d.spec['selector'] = { matchLabels: { app: 'api' } };
      (d.spec['template'] as { metadata: Record<string, unknown> }).metadata['labels'] = { app: 'api' };
    });
    assert.equal(
      message('Deployment', 'apps', next, validateBuiltin(apps, next, old)),
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"api"}}: field is immutable',
    );
  });

  it('rejects a name change on update', () => {
    const old = deployment();
    const next = deployment((d) => (d.metadata['name'] = 'web2'));
    assert.equal(
      message('Deployment', 'apps', next, validateBuiltin(apps, next, old)),
      'Deployment.apps "web2" is invalid: metadata.name: Invalid value: "web2": field is immutable',
    );
  });
});

describe('validateBuiltin: other kinds', () => {
  function service(spec: Record<string, unknown>, name = 'web'): KubeObject {
    const svc: KubeObject = { metadata: { name, namespace: 'default' }, spec };
    return applyBuiltinDefaults('', 'v1', 'Service', svc);
  }

  const cases: readonly [string, { group: string; kind: string }, KubeObject, string][] = [
    ['service without ports', { group: '', kind: 'Service' }, service({ selector: { app: 'web' } }), 'Service "web" is invalid: spec.ports: Required value'],
    [
      'service name that is not a DNS-1035 label',
      { group: '', kind: 'Service' },
      service({ ports: [{ port: 80 }] }, '1web'),
      "Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
    [
      'service with a bad protocol',
      { group: '', kind: 'Service' },
      service({ ports: [{ port: 80, protocol: 'FOO' }] }),
      'Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "FOO": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'service ports without names',
      { group: '', kind: 'Service' },
      service({ ports: [{ port: 80 }, { port: 443 }] }),
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    ],
    [
      'service port 0',
      { group: '', kind: 'Service' },
      service({ ports: [{ port: 0, targetPort: 80 }] }),
      'Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
    [
      'ExternalName without a name',
      { group: '', kind: 'Service' },
      service({ type: 'ExternalName' }),
      'Service "web" is invalid: spec.externalName: Required value',
    ],
    [
      'namespace with dots',
      { group: '', kind: 'Namespace' },
      applyBuiltinDefaults('', 'v1', 'Namespace', { metadata: { name: 'a.b' } }),
      'Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots',
    ],
    [
      'namespaced object on a cluster-scoped kind',
      { group: '', kind: 'Namespace' },
      { metadata: { name: 'x', namespace: 'default' } },
      'Namespace "x" is invalid: metadata.namespace: Forbidden: not allowed on this type',
    ],
    [
      'configmap with a bad key',
      { group: '', kind: 'ConfigMap' },
      { metadata: { name: 'c', namespace: 'default' }, data: { 'a b': '1' } },
      "ConfigMap \"c\" is invalid: data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
    [
      'configmap too large',
      { group: '', kind: 'ConfigMap' },
      { metadata: { name: 'c', namespace: 'default' }, data: { a: 'x'.repeat(1024 * 1024 + 1) } },
      'ConfigMap "c" is invalid: : Too long: may not be more than 1048576 bytes',
    ],
    [
      'tls secret without its keys',
      { group: '', kind: 'Secret' },
      { metadata: { name: 's', namespace: 'default' }, type: 'kubernetes.io/tls', data: {} },
      'Secret "s" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]',
    ],
    [
      'job with the defaulted restartPolicy',
      { group: 'batch', kind: 'Job' },
      (() => {
        const job = applyBuiltinDefaults('batch', 'v1', 'Job', {
          metadata: { name: 'pi', namespace: 'default', uid: 'u1' },
          spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
        });
        prepareForCreate('batch', 'Job', job as unknown as Record<string, unknown>);
        return job;
      })(),
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ],
    [
      'cronjob without a schedule and a long name',
      { group: 'batch', kind: 'CronJob' },
      applyBuiltinDefaults('batch', 'v1', 'CronJob', {
        metadata: { name: 'c'.repeat(53), namespace: 'default' },
        spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
      }),
      `CronJob.batch "${'c'.repeat(53)}" is invalid: [spec.schedule: Required value, metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters]`,
    ],
    [
      'cronjob with a bad schedule',
      { group: 'batch', kind: 'CronJob' },
      applyBuiltinDefaults('batch', 'v1', 'CronJob', {
        metadata: { name: 'c', namespace: 'default' },
        spec: { schedule: 'every minute', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
      }),
      'CronJob.batch "c" is invalid: spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
    ],
    [
      'role names only need to be path segments',
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { metadata: { name: 'system:controller:Foo' } },
      '',
    ],
    [
      'custom resources use DNS subdomain names',
      { group: 'example.com', kind: 'Widget' },
      { metadata: { name: 'A', namespace: 'default' } },
      `Widget.example.com "A" is invalid: metadata.name: Invalid value: "A": ${SUBDOMAIN_MSG}`,
    ],
  ];
  for (const [name, target, object, expected] of cases) {
    it(name, () => {
      const errors = validateBuiltin(target, object);
      if (expected === '') {
        assert.deepEqual(errors, []);
      } else {
        assert.equal(message(target.kind, target.group, object, errors), expected);
      }
    });
  }

  it('statefulset names are DNS labels and most of the spec is immutable', () => {
    const make = (name: string, claims: unknown[] = []): KubeObject =>
      applyBuiltinDefaults('apps', 'v1', 'StatefulSet', {
        metadata: { name, namespace: 'default' },
        spec: {
          selector: { matchLabels: { app: 'db' } },
          serviceName: 'db',
          template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres' }] } },
          volumeClaimTemplates: claims,
        },
      });
    const target = { group: 'apps', kind: 'StatefulSet' };
    assert.deepEqual(validateBuiltin(target, make('db')), []);
    assert.equal(
      message('StatefulSet', 'apps', make('db.1'), validateBuiltin(target, make('db.1'))),
      'StatefulSet.apps "db.1" is invalid: metadata.name: Invalid value: "db.1": must not contain dots',
    );
    const next = make('db', [{ metadata: { name: 'data' }, spec: {} }]);
    next.metadata.resourceVersion = '2';
    assert.equal(
      message('StatefulSet', 'apps', next, validateBuiltin(target, next, make('db'))),
      "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('service cluster IPs may not change', () => {
    const old = service({ ports: [{ port: 80 }], clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });
    const next = service({ ports: [{ port: 80 }], clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] });
    assert.equal(
      message('Service', '', next, validateBuiltin({ group: '', kind: 'Service' }, next, old)),
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set',
    );
  });

  it('job templates are immutable', () => {
    const make = (image: string): KubeObject => {
      const job = applyBuiltinDefaults('batch', 'v1', 'Job', {
        metadata: { name: 'pi', namespace: 'default', uid: 'u1' },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image }] } } },
      });
      prepareForCreate('batch', 'Job', job as unknown as Record<string, unknown>);
      return job;
    };
    const errors = validateBuiltin({ group: 'batch', kind: 'Job' }, make('perl:2'), make('perl:1'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.field, 'spec.template');
    assert.match(errors[0]?.message ?? '', /^Invalid value: \{.*"image":"perl:2".*\}: field is immutable$/);
  });

  it('immutable configmaps keep their data', () => {
    const old: KubeObject = { metadata: { name: 'c', namespace: 'default' }, immutable: true, data: { a: '1' } };
    const next: KubeObject = { metadata: { name: 'c', namespace: 'default' }, immutable: true, data: { a: '2' } };
    assert.equal(
      message('ConfigMap', '', next, validateBuiltin({ group: '', kind: 'ConfigMap' }, next, old)),
      'ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
  });

  it('pod spec updates are limited', () => {
    const make = (image: string, node: string): KubeObject =>
      applyBuiltinDefaults('', 'v1', 'Pod', {
        metadata: { name: 'p', namespace: 'default' },
        spec: { nodeName: node, containers: [{ name: 'c', image }] },
      });
    const target = { group: '', kind: 'Pod' };
    assert.deepEqual(validateBuiltin(target, make('nginx:2', 'n1'), make('nginx:1', 'n1')), []);
    assert.match(
      message('Pod', '', make('nginx:1', 'n2'), validateBuiltin(target, make('nginx:1', 'n2'), make('nginx:1', 'n1'))),
      /^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/,
    );
  });
});

describe('invalidError', () => {
  it('builds the 422 Status with causes', () => {
    const d = deployment((x) => (x.spec['replicas'] = -1));
    const err = invalidError('Deployment', 'apps', 'web', validateBuiltin({ group: 'apps', kind: 'Deployment' }, d));
    assert.deepEqual(err.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }],
      },
      code: 422,
    });
  });

  it('says just "is invalid" without errors and drops duplicates', () => {
    assert.equal(invalidMessage('Pod', '', 'p', []), 'Pod "p" is invalid');
    const e: FieldError = { type: 'FieldValueRequired', field: 'spec.x', message: 'Required value', detail: '' };
    assert.equal(invalidMessage('Pod', '', 'p', [e, e]), 'Pod "p" is invalid: spec.x: Required value');
  });
});
