import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeGoJson, GoJsonSyntaxError } from './go-json.js';

describe('decodeGoJson', () => {
  it('parses valid JSON', () => {
    assert.deepEqual(decodeGoJson(' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} '), {
      a: [1, -2500, true, false, null, 'xé\n'],
    });
    assert.deepEqual(decodeGoJson(Buffer.from('"ok"')), 'ok');
  });

  // Messages as Go's encoding/json scanner words them.
  const errors: [string, string][] = [
    ['', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['[1', 'unexpected end of JSON input'],
    ['"abc', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['01', "invalid character '1' after top-level value"],
    ['"a\u0001"', "invalid character '\\x01' in string literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['-', "invalid character ' ' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['nul', "invalid character ' ' in literal null (expecting 'l')"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['\n\t<x>', "invalid character '<' looking for beginning of value"],
  ];
  for (const [text, message] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => decodeGoJson(text), (error: unknown) => error instanceof GoJsonSyntaxError && error.message === message);
    });
  }
});
