import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SortedKeys } from './sorted-keys.js';

test('SortedKeys keeps keys sorted and unique across chunk splits', () => {
  const keys = new SortedKeys();
  const expected = new Set<string>();
  // A deterministic shuffle of 5000 keys, with duplicates.
  for (let i = 0; i < 6000; i++) {
    const key = `/k/${(i * 7919) % 5000}`;
    keys.add(key);
    expected.add(key);
  }
  const sorted = [...expected].sort();
  assert.equal(keys.size, sorted.length);
  assert.deepEqual([...keys.from('', false)], sorted);
  assert.deepEqual([...keys.from('/k/2500', true)], sorted.filter((k) => k > '/k/2500'));
  assert.deepEqual([...keys.from('/k/2500', false)], sorted.filter((k) => k >= '/k/2500'));
  assert.deepEqual([...keys.from('/z', false)], []);
  keys.retain((k) => k.endsWith('7'));
  assert.deepEqual([...keys.from('', false)], sorted.filter((k) => k.endsWith('7')));
  assert.equal(keys.size, sorted.filter((k) => k.endsWith('7')).length);
});

test('SortedKeys orders by code point like UTF-8 bytes', () => {
  const keys = new SortedKeys();
  for (const k of ['\u{1F600}', '\uFFFD', 'a']) keys.add(k);
  assert.deepEqual([...keys.from('', false)], ['a', '\uFFFD', '\u{1F600}']);
});
