import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderExplain, typeLabel, wordWrap, type Schema } from './explain-render.js';

const COMPONENTS: Record<string, Schema> = {
  'io.k8s.api.core.v1.Container': {
    description: 'A single application container.',
    type: 'object',
    required: ['name'],
    properties: {
      name: { description: 'Name of the container.', type: 'string' },
      pullPolicy: { description: 'Image pull policy.', type: 'string', enum: ['Always', 'Never'] },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { description: 'Time is a wrapper.', type: 'string', format: 'date-time' },
  'io.example.v1.Widget': {
    description: 'Widget is a test kind.',
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: 'example.io', version: 'v1', kind: 'Widget' }],
    properties: {
      containers: { description: 'The containers.', type: 'array', items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] } },
      labels: { description: 'Labels.', type: 'object', additionalProperties: { type: 'string' } },
      created: { description: 'When.', allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] },
    },
  },
};
const ROOT = COMPONENTS['io.example.v1.Widget'] ?? {};
const GVK = { group: 'example.io', version: 'v1', kind: 'Widget' };

describe('explain rendering', () => {
  const wraps: [string, number, string][] = [
    ['one two three four', 9, 'one two\nthree\nfour'],
    ['keep\nlines', 80, 'keep\nlines'],
    ['  indented line here', 12, '  indented\nline here'],
    ['averyveryverylongword x', 5, 'averyveryverylongword\nx'],
  ];
  for (const [text, width, expected] of wraps) {
    it(`wraps ${JSON.stringify(text)} at ${width}`, () => assert.equal(wordWrap(text, width), expected));
  }

  it('labels types as kubectl does', () => {
    const props = (ROOT['properties'] ?? {}) as Record<string, Schema>;
    assert.equal(typeLabel(props['containers'] ?? {}, COMPONENTS), '[]Container');
    assert.equal(typeLabel(props['labels'] ?? {}, COMPONENTS), 'map[string]string');
    assert.equal(typeLabel(props['created'] ?? {}, COMPONENTS), 'string');
  });

  it('renders a kind with its fields', () => {
    assert.equal(
      renderExplain(GVK, ROOT, [], COMPONENTS),
      [
        'GROUP:      example.io',
        'KIND:       Widget',
        'VERSION:    v1',
        '',
        'DESCRIPTION:',
        '    Widget is a test kind.',
        '    ',
        'FIELDS:',
        '  containers\t<[]Container>',
        '    The containers.',
        '',
        '  created\t<string>',
        '    When.',
        '',
        '  labels\t<map[string]string>',
        '    Labels.',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('renders a field: its description with its items type, then the items fields with -required- and enum', () => {
    assert.equal(
      renderExplain(GVK, ROOT, ['containers'], COMPONENTS),
      [
        'GROUP:      example.io',
        'KIND:       Widget',
        'VERSION:    v1',
        '',
        'FIELD: containers <[]Container>',
        '',
        '',
        'DESCRIPTION:',
        '    The containers.',
        '    A single application container.',
        '    ',
        'FIELDS:',
        '  name\t<string> -required-',
        '    Name of the container.',
        '',
        '  pullPolicy\t<string>',
        '  enum: Always, Never',
        '    Image pull policy.',
        '',
        '',
        '',
      ].join('\n'),
    );
    assert.match(
      renderExplain(GVK, ROOT, ['containers', 'pullPolicy'], COMPONENTS),
      /FIELD: pullPolicy <string>\nENUM:\n {4}Always\n {4}Never\n\nDESCRIPTION:/,
    );
  });

  it('names an unknown field', () => {
    assert.throws(() => renderExplain(GVK, ROOT, ['nope'], COMPONENTS), /field "nope" does not exist/);
  });
});
