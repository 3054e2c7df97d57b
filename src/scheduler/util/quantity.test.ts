import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnv1a32 } from './fnv.js';
import { QuantityParseError, quantityMilliValue, quantityValue, resourceAmount } from './quantity.js';

describe('quantities', () => {
  const cases: Array<[string, number, number]> = [
    ['500m', 500, 1],
    ['0.1', 100, 1],
    ['1.1', 1100, 2],
    ['2', 2000, 2],
    ['1k', 1_000_000, 1000],
    ['2e3', 2_000_000, 2000],
    ['1Ki', 1_024_000, 1024],
    ['1Gi', 1073741824000, 1073741824],
    ['1.5Gi', 1610612736000, 1610612736],
    ['100Mi', 104857600000, 104857600],
    ['0.0001', 1, 1],
    ['110', 110_000, 110],
  ];
  for (const [input, milli, value] of cases) {
    it(`${input} → ${milli} milli, ${value} units`, () => {
      assert.equal(quantityMilliValue(input), milli);
      assert.equal(quantityValue(input), value);
    });
  }

  it('uses milli-units for cpu only', () => {
    assert.equal(resourceAmount('cpu', '250m'), 250);
    assert.equal(resourceAmount('memory', '1Mi'), 1048576);
  });

  it('rejects garbage', () => {
    for (const bad of ['', 'abc', '1.2.3', '5Q', '.']) assert.throws(() => quantityValue(bad), QuantityParseError);
  });
});

describe('fnv1a32', () => {
  it('matches the reference vectors', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });
});
