import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonLines } from './json-lines.js';

async function collect(chunks: (string | Buffer)[]): Promise<unknown[]> {
  async function* source(): AsyncGenerator<string | Buffer> {
    yield* chunks;
  }
  const out: unknown[] = [];
  for await (const v of jsonLines(source())) {
    out.push(v);
  }
  return out;
}

describe('jsonLines', () => {
  it('handles every split point of a stream, including inside multi-byte characters', async () => {
    const values = [{ a: 'ünïcødé ✓ 🚀' }, { b: [1, 2, { c: null }] }, 'str', 42];
    const bytes = Buffer.from(values.map((v) => `${JSON.stringify(v)}\n`).join(''));
    for (let i = 0; i <= bytes.length; i++) {
      for (const j of [i, Math.min(bytes.length, i + 3)]) {
        const got = await collect([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
        assert.deepEqual(got, values, `split at ${i}/${j}`);
      }
    }
  });

  it('skips blank lines and takes a last value without a newline', async () => {
    assert.deepEqual(await collect(['\n{"a":1}\r\n\n', '{"b"', ':2}']), [{ a: 1 }, { b: 2 }]);
  });

  it('throws on a malformed line', async () => {
    await assert.rejects(collect(['{"a":1}\n{oops}\n']), SyntaxError);
  });
});
