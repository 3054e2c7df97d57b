import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatLabels,
  formatLabelSelector,
  LabelSelectorError,
  labelSelectorAsSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from './label-selector.js';

describe('parseLabelSelector', () => {
  const labels = { app: 'nginx', tier: 'web', env: 'prod', n: '5' };
  const cases: readonly [string, boolean, string][] = [
    // selector, matches `labels`, canonical String()
    ['', true, ''],
    ['app=nginx', true, 'app=nginx'],
    ['app==nginx', true, 'app==nginx'],
    ['app!=nginx', false, 'app!=nginx'],
    ['missing!=x', true, 'missing!=x'],
    ['app in (nginx,apache)', true, 'app in (apache,nginx)'],
    ['app notin (nginx)', false, 'app notin (nginx)'],
    ['missing notin (x)', true, 'missing notin (x)'],
    ['app', true, 'app'],
    ['!app', false, '!app'],
    ['!missing', true, '!missing'],
    ['tier=web,app=nginx', true, 'app=nginx,tier=web'],
    ['  app = nginx ,  tier  in ( web ) ', true, 'app=nginx,tier in (web)'],
    ['app=', false, 'app='],
    ['app in (in)', false, 'app in (in)'],
    ['n>3', true, 'n>3'],
    ['n<3', false, 'n<3'],
    ['x in (a,,b)', false, 'x in (,a,b)'],
    ['x in ()', false, 'x in ()'],
    ['example.com/app=1', false, 'example.com/app=1'],
  ];
  for (const [selector, matches, text] of cases) {
    it(`parses ${JSON.stringify(selector)}`, () => {
      const s = parseLabelSelector(selector);
      assert.equal(s.matches(labels), matches);
      assert.equal(s.toString(), text);
    });
  }

  const errors: readonly [string, string][] = [
    ['app=a,', "found '', expected: identifier after ','"],
    ['app=a b', "found 'b', expected: ',' or 'end of string'"],
    [',', "found ',', expected: !, identifier, or 'end of string'"],
    ['app in x', "unable to parse requirement: found 'x' expected: '('"],
    ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app notin', "unable to parse requirement: found '' expected: '('"],
    ['app = = b', "unable to parse requirement: found '=', expected: identifier"],
    ['app (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    [
      'a b',
      "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
    ],
    [
      'app=a@b',
      "unable to parse requirement: values[0][app]: Invalid value: \"a@b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    [
      'a@b=c',
      "unable to parse requirement: <nil>: Invalid value: \"a@b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    ['n>x', 'unable to parse requirement: values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer'],
  ];
  for (const [selector, message] of errors) {
    it(`rejects ${JSON.stringify(selector)}`, () => {
      assert.throws(
        () => parseLabelSelector(selector),
        (err: unknown) => err instanceof LabelSelectorError && err.message === message,
      );
    });
  }
});

describe('metav1.LabelSelector', () => {
  const cases: readonly [string, Parameters<typeof matchesLabelSelector>[0], Record<string, string>, boolean][] = [
    ['nil matches nothing', undefined, { a: 'b' }, false],
    ['empty matches everything', {}, { a: 'b' }, true],
    ['matchLabels', { matchLabels: { app: 'nginx' } }, { app: 'nginx', x: 'y' }, true],
    ['matchLabels mismatch', { matchLabels: { app: 'nginx' } }, { app: 'apache' }, false],
    ['In', { matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] }, { env: 'b' }, true],
    ['NotIn absent', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, {}, true],
    ['Exists', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, { env: '' }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, { env: '' }, false],
    ['bad operator', { matchExpressions: [{ key: 'env', operator: 'Bogus' }] }, {}, false],
    ['In with no values is invalid', { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, {}, false],
  ];
  for (const [name, selector, labels, expected] of cases) {
    it(name, () => assert.equal(matchesLabelSelector(selector, labels), expected));
  }

  it('formats like metav1.FormatLabelSelector', () => {
    assert.equal(formatLabelSelector({ matchLabels: { app: 'nginx' } }), 'app=nginx');
    assert.equal(
      formatLabelSelector({
        matchLabels: { tier: 'web', app: 'nginx' },
        matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['qa', 'dev'] }, { key: 'gpu', operator: 'DoesNotExist' }],
      }),
      'app=nginx,env notin (dev,qa),!gpu,tier=web',
    );
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector(undefined), '<none>');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Nope' }] }), '<error>');
  });

  it('reports a bad operator like upstream', () => {
    assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Nope' }] }), {
      message: '"Nope" is not a valid label selector operator',
    });
  });

  it('formats label maps', () => {
    assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels(undefined), '<none>');
  });
});
