import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { Overriders } from '../../api/policy/override-policy.js';
import { applyOverriders } from './apply-overriders.js';
import { formatImage, parseImage } from './image-reference.js';
import { overrideImage } from './image-overrider.js';

function deployment(images: string[], extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...extra },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: images.map((image, i) => ({ name: `c${i}`, image, command: ['run'], args: ['--a', '--b'] })) },
      },
    },
  };
}

function containers(obj: KubeObject): Array<Record<string, unknown>> {
  const spec = obj['spec'] as { template: { spec: { containers: Array<Record<string, unknown>> } } };
  return spec.template.spec.containers;
}

describe('image references', () => {
  const table: [string, { hostname: string; repository: string; tag: string; digest: string }][] = [
    ['nginx', { hostname: '', repository: 'nginx', tag: '', digest: '' }],
    ['nginx:1.19', { hostname: '', repository: 'nginx', tag: '1.19', digest: '' }],
    ['library/nginx:latest', { hostname: '', repository: 'library/nginx', tag: 'latest', digest: '' }],
    ['docker.io/library/nginx', { hostname: 'docker.io', repository: 'library/nginx', tag: '', digest: '' }],
    ['localhost/app:v1', { hostname: 'localhost', repository: 'app', tag: 'v1', digest: '' }],
    ['registry.example:5000/team/app:v2', { hostname: 'registry.example:5000', repository: 'team/app', tag: 'v2', digest: '' }],
    [
      'k8s.gcr.io/pause@sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c',
      { hostname: 'k8s.gcr.io', repository: 'pause', tag: '', digest: 'sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c' },
    ],
  ];
  for (const [image, want] of table) {
    it(`parses ${image}`, () => {
      assert.deepEqual(parseImage(image), want);
      assert.equal(formatImage(parseImage(image)), image);
    });
  }
  it('rejects invalid references', () => {
    assert.throws(() => parseImage('Nginx'), /lowercase/);
    assert.throws(() => parseImage(''), /failed to parse image/);
  });
});

describe('imageOverrider', () => {
  const table: [string, string, Parameters<typeof overrideImage>[1], string][] = [
    ['replace registry', 'nginx:1.19', { component: 'Registry', operator: 'replace', value: 'registry.cn' }, 'registry.cn/nginx:1.19'],
    ['add registry suffix', 'docker.io/nginx', { component: 'Registry', operator: 'add', value: '.cn' }, 'docker.io.cn/nginx'],
    ['remove registry', 'docker.io/library/nginx:1', { component: 'Registry', operator: 'remove' }, 'library/nginx:1'],
    ['replace repository', 'docker.io/nginx:1', { component: 'Repository', operator: 'replace', value: 'team/web' }, 'docker.io/team/web:1'],
    ['add repository suffix', 'nginx', { component: 'Repository', operator: 'add', value: '-slim' }, 'nginx-slim'],
    ['replace tag', 'nginx:1.19', { component: 'Tag', operator: 'replace', value: '1.20' }, 'nginx:1.20'],
    ['add tag suffix', 'nginx:1.19', { component: 'Tag', operator: 'add', value: '-alpine' }, 'nginx:1.19-alpine'],
    ['remove tag', 'nginx:1.19', { component: 'Tag', operator: 'remove' }, 'nginx'],
    [
      'replace tag by digest',
      'nginx:1.19',
      { component: 'Tag', operator: 'replace', value: 'sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c' },
      'nginx@sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c',
    ],
  ];
  for (const [name, image, overrider, want] of table) {
    it(name, () => assert.equal(overrideImage(image, overrider), want));
  }

  it('rewrites every container of a workload without a predicate', () => {
    const out = applyOverriders(deployment(['nginx:1', 'docker.io/busybox']), {
      imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'registry.cn' }],
    });
    assert.deepEqual(containers(out).map((c) => c['image']), ['registry.cn/nginx:1', 'registry.cn/busybox']);
  });

  it('rewrites only the predicate path when given', () => {
    const out = applyOverriders(deployment(['nginx:1', 'busybox']), {
      imageOverrider: [{ predicate: { path: '/spec/template/spec/containers/1/image' }, component: 'Tag', operator: 'replace', value: 'v2' }],
    });
    assert.deepEqual(containers(out).map((c) => c['image']), ['nginx:1', 'busybox:v2']);
  });

  it('ignores kinds without a known pod template when there is no predicate', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } };
    assert.deepEqual(applyOverriders(cm, { imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'r' }] }), cm);
  });
});

describe('overriders', () => {
  const table: { name: string; input: KubeObject; overriders: Overriders; check: (out: KubeObject) => void }[] = [
    {
      name: 'commandOverrider add to the named container',
      input: deployment(['nginx', 'busybox']),
      overriders: { commandOverrider: [{ containerName: 'c1', operator: 'add', value: ['--x'] }] },
      check: (out) => assert.deepEqual(containers(out).map((c) => c['command']), [['run'], ['run', '--x']]),
    },
    {
      name: 'commandOverrider remove',
      input: deployment(['nginx']),
      overriders: { commandOverrider: [{ containerName: 'c0', operator: 'remove', value: ['run'] }] },
      check: (out) => assert.deepEqual(containers(out)[0]?.['command'], []),
    },
    {
      name: 'argsOverrider add creates args when missing',
      input: (() => {
        const d = deployment(['nginx']);
        delete containers(d)[0]?.['args'];
        return d;
      })(),
      overriders: { argsOverrider: [{ containerName: 'c0', operator: 'add', value: ['--v=2'] }] },
      check: (out) => assert.deepEqual(containers(out)[0]?.['args'], ['--v=2']),
    },
    {
      name: 'argsOverrider remove',
      input: deployment(['nginx']),
      overriders: { argsOverrider: [{ containerName: 'c0', operator: 'remove', value: ['--a'] }] },
      check: (out) => assert.deepEqual(containers(out)[0]?.['args'], ['--b']),
    },
    {
      name: 'labelsOverrider add, replace only existing, remove only existing (Karmada nginx sample)',
      input: deployment(['nginx'], { labels: { app: 'nginx', bar: 'old' } }),
      overriders: {
        labelsOverrider: [
          { operator: 'add', value: { env: 'skoala-dev' } },
          { operator: 'add', value: { 'env-stat': 'skoala-stage' } },
          { operator: 'remove', value: { for: 'for' } },
          { operator: 'replace', value: { bar: 'test', missing: 'x' } },
        ],
      },
      check: (out) => assert.deepEqual(out.metadata.labels, { app: 'nginx', bar: 'test', env: 'skoala-dev', 'env-stat': 'skoala-stage' }),
    },
    {
      name: 'annotationsOverrider add creates the map; keys with slashes work',
      input: deployment(['nginx']),
      overriders: { annotationsOverrider: [{ operator: 'add', value: { 'example.com/team': 'a', env: 'stage' } }] },
      check: (out) => assert.deepEqual(out.metadata.annotations, { 'example.com/team': 'a', env: 'stage' }),
    },
    {
      name: 'annotationsOverrider remove',
      input: deployment(['nginx'], { annotations: { bom: 'bom', keep: 'k' } }),
      overriders: { annotationsOverrider: [{ operator: 'remove', value: { bom: 'bom' } }] },
      check: (out) => assert.deepEqual(out.metadata.annotations, { keep: 'k' }),
    },
    {
      name: 'plaintext replace and add',
      input: deployment(['nginx']),
      overriders: {
        plaintext: [
          { path: '/spec/replicas', operator: 'replace', value: 5 },
          { path: '/metadata/labels', operator: 'add', value: { tier: 'web' } },
        ],
      },
      check: (out) => {
        assert.equal((out['spec'] as { replicas: number }).replicas, 5);
        assert.deepEqual(out.metadata.labels, { tier: 'web' });
      },
    },
    {
      name: 'plaintext remove',
      input: deployment(['nginx']),
      overriders: { plaintext: [{ path: '/spec/template/metadata/labels/app', operator: 'remove' }] },
      check: (out) => assert.deepEqual((out['spec'] as { template: { metadata: unknown } }).template.metadata, { labels: {} }),
    },
    {
      name: 'fieldOverrider JSON inside a ConfigMap value',
      input: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'config.json': '{"db":{"host":"a","port":1}}' } },
      overriders: {
        fieldOverrider: [
          {
            fieldPath: '/data/config.json',
            json: [
              { subPath: '/db/host', operator: 'replace', value: 'b' },
              { subPath: '/db/tls', operator: 'add', value: true },
              { subPath: '/db/port', operator: 'remove' },
            ],
          },
        ],
      },
      check: (out) => assert.equal((out['data'] as Record<string, string>)['config.json'], '{"db":{"host":"b","tls":true}}'),
    },
    {
      name: 'fieldOverrider YAML inside a ConfigMap value',
      input: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'app.yaml': 'server:\n  port: 80\n  hosts:\n  - a\n' } },
      overriders: {
        fieldOverrider: [{ fieldPath: '/data/app.yaml', yaml: [{ subPath: '/server/port', operator: 'replace', value: 8080 }, { subPath: '/server/hosts/-', operator: 'add', value: 'b' }] }],
      },
      check: (out) => assert.equal((out['data'] as Record<string, string>)['app.yaml'], 'server:\n  hosts:\n  - a\n  - b\n  port: 8080\n'),
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const frozen = structuredClone(t.input);
      t.check(applyOverriders(t.input, t.overriders));
      assert.deepEqual(t.input, frozen, 'input untouched');
    });
  }

  it('applies image, command, args, labels, annotations, field, then plaintext', () => {
    // plaintext sees the label added by labelsOverrider and replaces it.
    const out = applyOverriders(deployment(['nginx']), {
      plaintext: [{ path: '/metadata/labels/env', operator: 'replace', value: 'from-plaintext' }],
      labelsOverrider: [{ operator: 'add', value: { env: 'from-labels' } }],
    });
    assert.equal(out.metadata.labels?.['env'], 'from-plaintext');
  });

  it('fails on a path that does not exist', () => {
    assert.throws(() => applyOverriders(deployment(['nginx']), { plaintext: [{ path: '/spec/nothing/here', operator: 'replace', value: 1 }] }), /failed to apply JSON patch/);
    assert.throws(() => applyOverriders(deployment(['nginx']), { fieldOverrider: [{ fieldPath: '/spec/replicas', json: [] }] }), /is not string/);
  });
});
