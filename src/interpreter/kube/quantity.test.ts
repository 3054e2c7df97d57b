import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantities,
  canonicalQuantity,
  parseQuantity,
  quantitiesEqual,
  quantityFromJson,
  quantityMilliValue,
  quantityToNumber,
  quantityValue,
  ZERO_QUANTITY,
  formatQuantity,
} from './quantity.js';

describe('quantity', () => {
  const canonical: [string, string][] = [
    ['0', '0'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['0.1', '100m'],
    ['100', '100'],
    ['1000', '1k'],
    ['1k', '1k'],
    ['1e3', '1e3'],
    ['12e6', '12e6'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1.1Gi', '1181116006400m'],
    ['1000Ki', '1000Ki'],
    ['100Ki', '100Ki'],
    ['1n', '1n'],
    ['0.1n', '1n'],
    ['-1.5', '-1500m'],
    ['+2', '2'],
    ['.5', '500m'],
    ['5.', '5'],
  ];
  for (const [input, want] of canonical) {
    it(`prints ${input} as ${want}`, () => assert.equal(canonicalQuantity(input), want));
  }

  for (const bad of ['', 'abc', '1x', '1.2.3', '--1', '1 Gi', 'Gi']) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.throws(() => parseQuantity(bad)));
  }

  it('sums with the format of the first non-zero operand', () => {
    const sum = (...qs: string[]) => formatQuantity(qs.map(parseQuantity).reduce(addQuantities, ZERO_QUANTITY));
    assert.equal(sum('500m', '1'), '1500m');
    assert.equal(sum('1G', '2G'), '3G');
    assert.equal(sum('13Gi', '512Mi'), '13824Mi');
    assert.equal(sum('1Ki', '1'), '1025');
    assert.equal(sum('1', '1Ki'), '1025');
    assert.equal(sum(), '0');
    assert.equal(sum('0', '1Gi'), '1Gi');
  });

  it('rounds values up like Go', () => {
    assert.equal(quantityMilliValue(parseQuantity('0.0001')), 1n);
    assert.equal(quantityValue(parseQuantity('1.2')), 2n);
    assert.equal(quantityValue(parseQuantity('-1.2')), -2n);
    assert.equal(quantityValue(parseQuantity('2Ki')), 2048n);
  });

  it('compares by value', () => {
    assert.ok(quantitiesEqual(parseQuantity('1000m'), parseQuantity('1')));
    assert.ok(quantitiesEqual(parseQuantity('1Ki'), parseQuantity('1024')));
    assert.ok(!quantitiesEqual(parseQuantity('1k'), parseQuantity('1Ki')));
  });

  it('converts to an approximate number', () => {
    assert.equal(quantityToNumber(parseQuantity('500m')), 0.5);
    assert.equal(quantityToNumber(parseQuantity('1Gi')), 1073741824);
    assert.equal(quantityToNumber(parseQuantity('1.5')), 1.5);
  });

  it('reads JSON numbers as quantities', () => {
    assert.equal(formatQuantity(quantityFromJson(2)), '2');
    assert.equal(formatQuantity(quantityFromJson(0.5)), '500m');
    assert.equal(formatQuantity(quantityFromJson(' 1Gi ')), '1Gi');
  });
});
