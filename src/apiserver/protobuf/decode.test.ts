import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage, decodeProtobufObject } from './decode.js';
import { encodeMessage, encodeProtobufObject } from './encode.js';
import { PROTOBUF_MAGIC, readEnvelope, writeEnvelope } from './envelope.js';
import { DecodeError, EncodeError } from './errors.js';
import { WIRE } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

const utf8 = new TextEncoder();

/** A message from (fieldNumber, value) pairs: strings and nested bytes are length-delimited, numbers varints. */
function msg(...fields: [number, string | number | Uint8Array][]): Uint8Array {
  const w = new WireWriter();
  for (const [n, v] of fields) {
    if (typeof v === 'number') w.tag(n, WIRE.varint).varint(v);
    else w.field(n, typeof v === 'string' ? utf8.encode(v) : v);
  }
  return w.finish();
}

function roundTrip(object: Record<string, unknown>): Record<string, unknown> {
  const apiVersion = object['apiVersion'] as string;
  const kind = object['kind'] as string;
  const decoded = decodeProtobufObject(encodeProtobufObject(apiVersion, kind, object));
  assert.equal(decoded.apiVersion, apiVersion);
  assert.equal(decoded.kind, kind);
  return decoded.object;
}

describe('decodeProtobufObject: kubectl-shaped objects round-trip', () => {
  const cases: { name: string; object: Record<string, unknown> }[] = [
    {
      name: 'Namespace',
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'dev' } }, spec: {}, status: {} },
    },
    {
      name: 'ConfigMap with empty values and binaryData',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cfg', namespace: 'default', annotations: { a: '' } },
        data: { k: 'v', empty: '' },
        binaryData: { blob: Buffer.from([0, 1, 2, 255]).toString('base64') },
        immutable: false,
      },
    },
    {
      name: 'Secret with binary data',
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        data: { password: Buffer.from('s3cr3t').toString('base64'), bin: Buffer.from([0xc3, 0xa9, 0x00, 0xff]).toString('base64') },
        type: 'Opaque',
      },
    },
    {
      name: 'Deployment with replicas 0, selector, template, ports, quantities, probes',
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['x/y'] },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'nginx',
                  image: 'nginx:1.27',
                  args: ['-g', 'daemon off;'],
                  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                  env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: false } } }],
                  resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '0.25', 'nvidia.com/gpu': '1' } },
                  readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
                  securityContext: { runAsUser: 0, allowPrivilegeEscalation: false },
                },
              ],
              terminationGracePeriodSeconds: 0,
              automountServiceAccountToken: false,
              volumes: [{ name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } }],
            },
          },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
          revisionHistoryLimit: 10,
        },
        status: {},
      },
    },
    {
      name: 'Service with int and named targetPorts',
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'svc' },
        spec: {
          ports: [
            { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
            { name: 'https', protocol: 'TCP', port: 443, targetPort: 'web', nodePort: 30443 },
          ],
          selector: { app: 'web' },
          type: 'NodePort',
          clusterIPs: ['10.0.0.1'],
        },
        status: { loadBalancer: {} },
      },
    },
    {
      name: 'Role',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'reader', namespace: 'default' },
        rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }],
      },
    },
    {
      name: 'RoleBinding',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'rb' },
        subjects: [
          { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
          { kind: 'ServiceAccount', name: 'bot', namespace: 'default' },
        ],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      },
    },
    {
      name: 'SelfSubjectAccessReview',
      object: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        metadata: {},
        spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
        status: { allowed: false },
      },
    },
    {
      name: 'SubjectAccessReview with extra (list-wrapper map values)',
      object: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        metadata: {},
        spec: { user: 'alice', groups: ['devs'], extra: { scopes: ['a', 'b'] }, nonResourceAttributes: { path: '/x', verb: 'get' } },
        status: { allowed: true, reason: 'ok' },
      },
    },
    {
      name: 'Event with MicroTime and Time',
      object: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'e', creationTimestamp: '2024-01-02T03:04:05Z' },
        eventTime: '2024-01-02T03:04:05.123456Z',
        deprecatedFirstTimestamp: '1999-12-31T23:59:59Z',
        reason: 'Started',
        deprecatedCount: 3,
      },
    },
    {
      name: 'ControllerRevision with a RawExtension',
      object: {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { name: 'rev' },
        data: { spec: { template: { x: [1, 'two', null, true] } } },
        revision: 7,
      },
    },
    {
      name: 'PriorityClass with a negative value',
      object: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: -5, description: 'neg' },
    },
    {
      name: 'Pod with a negative int64 and packed-able int64 lists',
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', deletionGracePeriodSeconds: -1, generation: 9007199254740991 },
        spec: {
          containers: [{ name: 'c', image: 'i' }],
          securityContext: { supplementalGroups: [1000, 2000], fsGroup: 0 },
          volumes: [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
    },
    {
      name: 'Eviction with DeleteOptions',
      object: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'p', namespace: 'default' },
        deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, dryRun: ['All'] },
      },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(roundTrip(c.object), c.object);
    });
  }
});

describe('decodeProtobufObject: JSON shapes', () => {
  it('gives apiVersion and kind from the envelope, first in the object', () => {
    const body = writeEnvelope('v1', 'Namespace', msg([1, msg([1, 'a'])]));
    const out = decodeProtobufObject(body);
    assert.deepEqual(Object.keys(out.object).slice(0, 2), ['apiVersion', 'kind']);
    assert.deepEqual(out.object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  });

  it('keeps present zero pointers, drops absent fields', () => {
    const withZero = writeEnvelope('apps/v1', 'Deployment', msg([2, msg([1, 0])]));
    assert.deepEqual(decodeProtobufObject(withZero).object['spec'], { replicas: 0 });
    const absent = writeEnvelope('apps/v1', 'Deployment', msg([2, new Uint8Array(0)]));
    assert.deepEqual(decodeProtobufObject(absent).object['spec'], {});
  });

  it('drops unset value fields client-go always writes: "" optional strings and omitempty zeros', () => {
    // ObjectMeta: name=1, generateName=2 "", namespace=3 "", generation=7 0, creationTimestamp=8 empty.
    const meta = msg([1, 'n'], [2, ''], [3, ''], [7, 0], [8, new Uint8Array(0)]);
    // DeploymentSpec: minReadySeconds=5 0, paused=7 false, replicas=1 absent.
    const spec = msg([5, 0], [7, 0]);
    const out = decodeProtobufObject(writeEnvelope('apps/v1', 'Deployment', msg([1, meta], [2, spec])));
    assert.deepEqual(out.object, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'n' }, spec: {} });
  });

  it('keeps "" in fields that are not +optional (Container.name)', () => {
    const out = decodeMessage('k8s.io.api.core.v1.Container', msg([1, ''], [2, 'img']));
    assert.deepEqual(out, { name: '', image: 'img' });
  });

  it('keeps a "__proto__" map key as data', () => {
    const out = decodeProtobufObject(writeEnvelope('v1', 'ConfigMap', msg([2, msg([1, '__proto__'], [2, 'x'])])));
    const data = out.object['data'] as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.entries(data), [['__proto__', 'x']]);
  });

  it('keeps empty map values and list elements', () => {
    const entry = msg([1, 'k'], [2, '']);
    const out = decodeProtobufObject(writeEnvelope('v1', 'ConfigMap', msg([2, entry])));
    assert.deepEqual(out.object['data'], { k: '' });
  });

  it('formats Time as RFC 3339 in UTC with whole seconds', () => {
    const time = msg([1, 1704164645], [2, 999_000_000]);
    const out = decodeProtobufObject(writeEnvelope('v1', 'ConfigMap', msg([1, msg([1, 'c'], [8, time])])));
    assert.deepEqual(out.object['metadata'], { name: 'c', creationTimestamp: '2024-01-02T03:04:05Z' });
  });

  it('formats IntOrString by its type field', () => {
    const asInt = decodeMessage('k8s.io.apimachinery.pkg.util.intstr.IntOrString', msg([1, 0], [2, 8080], [3, '']));
    const asString = decodeMessage('k8s.io.apimachinery.pkg.util.intstr.IntOrString', msg([1, 1], [2, 0], [3, 'web']));
    assert.equal(asInt, 8080);
    assert.equal(asString, 'web');
  });

  it('decodes packed repeated scalars', () => {
    const packed = new WireWriter().varint(1000).varint(2000).finish();
    const out = decodeMessage('k8s.io.api.core.v1.PodSecurityContext', msg([4, packed]));
    assert.deepEqual(out, { supplementalGroups: [1000, 2000] });
  });

  it('skips unknown field numbers', () => {
    const out = decodeProtobufObject(writeEnvelope('v1', 'Namespace', msg([1, msg([1, 'a'], [999, 'x'])], [77, 5])));
    assert.deepEqual(out.object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
  });

  it('inlines embedded structs (Volume.volumeSource)', () => {
    const out = encodeMessage('k8s.io.api.core.v1.Volume', { name: 'v', secret: { secretName: 's' } });
    assert.deepEqual(decodeMessage('k8s.io.api.core.v1.Volume', out), { name: 'v', secret: { secretName: 's' } });
  });

  it('decodes an embedded protobuf object in a RawExtension', () => {
    const inner = encodeProtobufObject('v1', 'ConfigMap', { metadata: { name: 'x' } });
    const raw = msg([1, inner]);
    const out = decodeMessage('k8s.io.apimachinery.pkg.runtime.RawExtension', raw);
    assert.deepEqual(out, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  });

  it('writes the envelope as client-go does', () => {
    const body = encodeProtobufObject('v1', 'Namespace', { metadata: { name: 'a' } });
    assert.deepEqual(body.subarray(0, 4), PROTOBUF_MAGIC);
    const env = readEnvelope(body);
    assert.equal(env.apiVersion, 'v1');
    assert.equal(env.kind, 'Namespace');
    assert.equal(env.contentEncoding, '');
    assert.equal(env.contentType, '');
  });
});

describe('decodeProtobufObject: malformed input', () => {
  const namespace = encodeProtobufObject('v1', 'Namespace', { metadata: { name: 'a', labels: { x: 'y' } } });
  const cases: { name: string; body: Uint8Array; message: RegExp }[] = [
    { name: 'empty body', body: new Uint8Array(0), message: /prefix/ },
    { name: 'JSON instead of protobuf', body: utf8.encode('{"kind":"Namespace"}'), message: /prefix/ },
    { name: 'magic only', body: PROTOBUF_MAGIC, message: /apiVersion\/kind/ },
    { name: 'truncated', body: namespace.subarray(0, namespace.length - 5), message: /exceeds|end of data/ },
    { name: 'unterminated varint', body: Uint8Array.of(...PROTOBUF_MAGIC, 0x28, 0xff, 0xff), message: /varint/ },
    {
      name: 'varint longer than 10 bytes',
      body: Uint8Array.of(...PROTOBUF_MAGIC, 0x28, ...new Array<number>(11).fill(0xff), 0x01),
      message: /varint/,
    },
    { name: 'length past the end', body: Uint8Array.of(...PROTOBUF_MAGIC, 0x12, 0x7f, 0x00), message: /exceeds/ },
    { name: 'field number 0', body: Uint8Array.of(...PROTOBUF_MAGIC, 0x02, 0x00), message: /field number 0/ },
    { name: 'group wire type', body: Uint8Array.of(...PROTOBUF_MAGIC, 0x2b), message: /wire type/ },
    { name: 'unknown kind', body: writeEnvelope('v1', 'Nope', new Uint8Array(0)), message: /no protobuf schema for v1, Kind=Nope/ },
    {
      name: 'custom resource group',
      body: writeEnvelope('policy.karmada.io/v1alpha1', 'PropagationPolicy', new Uint8Array(0)),
      message: /no protobuf schema/,
    },
    {
      name: 'wrong wire type for a message field',
      body: writeEnvelope('v1', 'Namespace', msg([1, 5])),
      message: /Namespace\.metadata: wire type 0/,
    },
    {
      name: 'wrong wire type for a string field',
      body: writeEnvelope('v1', 'Namespace', msg([1, msg([1, 5])])),
      message: /metadata\.name: wire type 0/,
    },
    {
      name: 'gzip content encoding',
      body: Uint8Array.of(...PROTOBUF_MAGIC, ...msg([1, msg([1, 'v1'], [2, 'Namespace'])], [2, new Uint8Array(0)], [3, 'gzip'])),
      message: /content encoding "gzip"/,
    },
    {
      name: 'RawExtension that is not JSON',
      body: writeEnvelope('apps/v1', 'ControllerRevision', msg([2, msg([1, 'not json'])])),
      message: /neither JSON nor Kubernetes protobuf/,
    },
    {
      name: 'time out of range',
      body: writeEnvelope('v1', 'Namespace', msg([1, msg([8, msg([1, 9_000_000_000_000])])])),
      message: /time out of range/,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => decodeProtobufObject(c.body),
        (error: unknown) => error instanceof DecodeError && c.message.test(error.message) && error.code === 'ProtobufDecodeError',
      );
    });
  }

  it('never throws anything but DecodeError on corrupted bodies', () => {
    const deployment = encodeProtobufObject('apps/v1', 'Deployment', {
      metadata: { name: 'web', labels: { a: 'b' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } } },
    });
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const body = Uint8Array.from(deployment);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) body[4 + Math.floor(random() * (body.length - 4))] = Math.floor(random() * 256);
      const cut = random() < 0.2 ? body.subarray(0, Math.floor(random() * body.length)) : body;
      try {
        decodeProtobufObject(cut);
      } catch (error) {
        assert.ok(error instanceof DecodeError, `iteration ${i}: ${String(error)}`);
      }
    }
  });
});

describe('encodeProtobufObject: errors', () => {
  const cases: { name: string; apiVersion: string; kind: string; object: Record<string, unknown>; message: RegExp }[] = [
    { name: 'unknown kind', apiVersion: 'v1', kind: 'Nope', object: {}, message: /no protobuf schema/ },
    { name: 'unknown field', apiVersion: 'v1', kind: 'Namespace', object: { metadata: { nam: 'x' } }, message: /Namespace\.metadata: unknown field\(s\) nam/ },
    { name: 'mistyped scalar', apiVersion: 'apps/v1', kind: 'Deployment', object: { spec: { replicas: '3' } }, message: /replicas: want an integer/ },
    { name: 'bad base64', apiVersion: 'v1', kind: 'Secret', object: { data: { a: '!!' } }, message: /want a base64 string/ },
    { name: 'bad time', apiVersion: 'v1', kind: 'Namespace', object: { metadata: { creationTimestamp: 'yesterday' } }, message: /RFC 3339/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(
        () => encodeProtobufObject(c.apiVersion, c.kind, c.object),
        (error: unknown) => error instanceof EncodeError && c.message.test(error.message),
      );
    });
  }
});
