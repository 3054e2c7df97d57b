import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.js';
import { parseTokenFile } from './token-file.js';

describe('parseCsv (Go encoding/csv rules)', () => {
  const cases: { name: string; text: string; want: string[][] }[] = [
    { name: 'plain', text: 'a,b,c\n', want: [['a', 'b', 'c']] },
    { name: 'quoted field with commas', text: 't,u,1,"g1,g2"\n', want: [['t', 'u', '1', 'g1,g2']] },
    { name: 'escaped quote', text: '"a""b",c', want: [['a"b', 'c']] },
    { name: 'blank lines skipped, CRLF', text: 'a,b\r\n\r\n\nc,d\r\n', want: [['a', 'b'], ['c', 'd']] },
    { name: 'newline inside quotes', text: '"x\ny",z\n', want: [['x\ny', 'z']] },
    { name: 'empty fields', text: ',,\n', want: [['', '', '']] },
    { name: 'no final newline', text: 'a', want: [['a']] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(parseCsv(c.text), c.want));
  }
  test('bare quote refused', () => assert.throws(() => parseCsv('a"b,c\n'), /parse error on line 1, column 2: bare " in non-quoted-field/));
  test('unterminated quote refused', () => assert.throws(() => parseCsv('"abc\n'), /extraneous or missing " in quoted-field/));
});

describe('parseTokenFile (kube --token-auth-file)', () => {
  test('users with uid and groups', () => {
    const { tokens, warnings } = parseTokenFile('tok1,alice,1001,"devs,qa"\ntok2,bob,1002\n', '/etc/tokens.csv');
    assert.deepEqual(tokens.get('tok1'), { name: 'alice', uid: '1001', groups: ['devs', 'qa'] });
    assert.deepEqual(tokens.get('tok2'), { name: 'bob', uid: '1002', groups: [] });
    assert.deepEqual(warnings, []);
  });
  test('single unquoted group', () => {
    assert.deepEqual(parseTokenFile('t,carol,7,ops\n').tokens.get('t')?.groups, ['ops']);
  });
  test('fewer than 3 columns fails with the upstream message', () => {
    assert.throws(() => parseTokenFile('tok,alice\n', '/x.csv'), {
      message: "token file '/x.csv' must have at least 3 columns (token, user name, user uid), found 2",
    });
  });
  test('empty and duplicate tokens warn; the later duplicate wins', () => {
    const { tokens, warnings } = parseTokenFile(',nobody,0\nt,first,1\nt,second,2\n', 'f');
    assert.equal(tokens.get('t')?.name, 'second');
    assert.equal(tokens.size, 1);
    assert.deepEqual(warnings, [
      "empty token has been found in token file 'f', record number '1'",
      "duplicate token has been found in token file 'f', record number '3'",
    ]);
  });
});
