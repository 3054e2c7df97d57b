/**
 * Strategic merge patch against cases adapted from upstream's strategicpatch tests (the
 * "MergeItem" table), described and regrouped in our own words. Each case applies a patch to a
 * live object; list order in the expected result is significant.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { fakePatchSchema } from './fake-patch-schema.js';
import type { JsonObject } from './json-value.js';
import { PatchError } from './patch-error.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import type { PatchSchema } from '../../api/schema/patch-schema.js';

// The shape of upstream's test struct: merging and non-merging lists of itself and of ints, a
// map, a replace-strategy object and retainKeys fields.
const mergeItem: PatchSchema = fakePatchSchema('MergeItem', () => ({
  name: { shape: 'scalar' },
  value: { shape: 'scalar' },
  other: { shape: 'scalar' },
  mergingList: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', schema: mergeItem },
  nonMergingList: { shape: 'list', schema: mergeItem },
  mergingIntList: { shape: 'list', patchStrategy: 'merge' },
  nonMergingIntList: { shape: 'list' },
  mergeItemPtr: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', schema: mergeItem },
  simpleMap: { shape: 'map' },
  replacingItem: { shape: 'object', patchStrategy: 'replace' },
  retainKeysMap: { shape: 'object', patchStrategy: 'retainKeys', schema: retainKeysItem },
  retainKeysMergingList: { shape: 'list', patchStrategy: 'merge,retainKeys', patchMergeKey: 'name', schema: mergeItem },
}));

const retainKeysItem: PatchSchema = fakePatchSchema('RetainKeysMergeItem', () => ({
  name: { shape: 'scalar' },
  value: { shape: 'scalar' },
  other: { shape: 'scalar' },
  simpleMap: { shape: 'map' },
  mergingIntList: { shape: 'list', patchStrategy: 'merge' },
  mergingList: { shape: 'list', patchStrategy: 'merge', patchMergeKey: 'name', schema: mergeItem },
  nonMergingList: { shape: 'list', schema: mergeItem },
}));

interface Case {
  name: string;
  live: string;
  patch: string;
  want?: string;
  error?: { code: number; text: string };
}

function yamlObject(text: string): JsonObject {
  return (parse(text) ?? {}) as JsonObject;
}

function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const live = yamlObject(c.live);
      const patch = yamlObject(c.patch);
      const liveBefore = structuredClone(live);
      const patchBefore = structuredClone(patch);
      if (c.error !== undefined) {
        const expected = c.error;
        assert.throws(
          () => applyStrategicMergePatch(live, patch, mergeItem),
          (error: unknown) =>
            error instanceof PatchError &&
            error.code === expected.code &&
            [error.message, ...error.causes.map((cause) => cause.message)].some((m) => m.includes(expected.text)),
        );
      } else {
        assert.deepEqual(applyStrategicMergePatch(live, patch, mergeItem), yamlObject(c.want ?? ''));
      }
      assert.deepEqual(live, liveBefore, 'the live object is not modified');
      assert.deepEqual(patch, patchBefore, 'the patch is not modified');
    });
  }
}

describe('strategic merge patch: maps and scalars', () => {
  runCases([
    { name: 'adds a field', live: 'name: 1', patch: 'value: 1', want: 'name: 1\nvalue: 1' },
    { name: 'null deletes a field and is ignored when absent', live: 'name: 1\nother: a', patch: 'name: null\nvalue: 1\nghost: null', want: 'value: 1\nother: a' },
    { name: 'null deletes a key of a nested map', live: 'simpleMap: {key1: 1, key2: 1, other: a}', patch: 'simpleMap: {key2: null}', want: 'simpleMap: {key1: 1, other: a}' },
    { name: '$patch: delete empties a nested map', live: 'simpleMap: {key1: 1, key2: 1}', patch: 'simpleMap: {$patch: delete}', want: 'simpleMap: {}' },
    { name: '$patch: replace at the top drops every field', live: 'name: 1\nvalue: 1', patch: '$patch: replace', want: '{}' },
    { name: '$patch: replace keeps only the fields sent', live: 'name: 1\nvalue: 1', patch: 'other: a\n$patch: replace', want: 'other: a' },
    { name: 'a replace-strategy object is replaced, not merged', live: 'replacingItem: {a: 1, b: 2}', patch: 'replacingItem: {c: 3}', want: 'replacingItem: {c: 3}' },
    { name: 'a type change replaces the value', live: 'simpleMap: {a: 1}', patch: 'simpleMap: text', want: 'simpleMap: text' },
    {
      name: 'a new nested value loses its nulls and directive maps',
      live: 'name: 1',
      patch: 'simpleMap: {a: 1, b: null}\nnonMergingList: [{name: x, value: null}, {name: y, $patch: delete}]',
      want: 'name: 1\nsimpleMap: {a: 1}\nnonMergingList: [{name: x}]',
    },
    { name: 'unknown fields merge like a merge patch', live: 'extra: {a: 1, list: [1, 2]}', patch: 'extra: {b: 2, list: [3]}', want: 'extra: {a: 1, b: 2, list: [3]}' },
    { name: '$patch: merge is not a patch directive for maps', live: 'simpleMap: {a: 1}', patch: 'simpleMap: {$patch: merge, b: 1}', error: { code: 500, text: 'unknown patch type: merge in map: map[$patch:merge b:1]' } },
  ]);
});

describe('strategic merge patch: merging lists of maps', () => {
  runCases([
    {
      // Without $setElementOrder a new element has no live position, so it stays right after the
      // patch element before it, ahead of server-only elements.
      name: 'merges elements by merge key; new ones follow the patch order',
      live: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]',
      patch: 'mergingList: [{name: 1, value: 1}, {name: 3, value: 3}]',
      want: 'mergingList: [{name: 1, value: 1, other: a}, {name: 3, value: 3}, {name: 2, value: 2, other: b}]',
    },
    {
      // Likewise a patch of only new elements puts them first (as `kubectl patch` users observe).
      name: 'new elements alone go before the live ones',
      live: 'mergingList: [{name: 1, other: a}, {name: 2}]',
      patch: 'mergingList: [{name: 3, value: 3}]',
      want: 'mergingList: [{name: 3, value: 3}, {name: 1, other: a}, {name: 2}]',
    },
    {
      name: 'the order of the patch wins over the live order',
      live: 'mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]',
      patch: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, other: x}]',
      want: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, value: b, other: x}]',
    },
    {
      name: 'server-only elements keep their place before the patched ones',
      live: 'mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]',
      patch: 'mergingList: [{name: 3, value: c}, {name: 1, value: a}]',
      want: 'mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]',
    },
    {
      name: '$patch: delete removes every element with that key',
      live: 'mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]',
      patch: 'mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]',
      want: 'mergingList: [{name: 2, value: a}]',
    },
    {
      name: 'deleting an element that is not there is harmless',
      live: 'mergingList: [{name: 2, other: b}]',
      patch: 'mergingList: [{name: 1, $patch: delete}]',
      want: 'mergingList: [{name: 2, other: b}]',
    },
    { name: 'a lone $patch: replace element empties the list', live: 'mergingList: [{name: 1}, {name: 2}]', patch: 'mergingList: [{$patch: replace}]', want: 'mergingList: []' },
    {
      name: '$patch: replace makes the other elements the whole list',
      live: 'mergingList: [{name: 1, other: a}, {name: 2}]',
      patch: 'mergingList: [{name: 3, value: null}, {$patch: replace}, {name: 1}]',
      want: 'mergingList: [{name: 3}, {name: 1}]',
    },
    { name: 'two empty lists merge to an empty list', live: 'mergingList: []', patch: 'mergingList: []', want: 'mergingList: []' },
    {
      name: 'a list nested in a merged element is replaced when it does not merge',
      live: 'mergingList: [{name: 1, other: a, nonMergingList: [{name: 1}, {name: 2, value: 2}]}, {name: 2}]',
      patch: 'mergingList: [{name: 1, nonMergingList: [{name: 1, value: 1}]}]',
      want: 'mergingList: [{name: 1, other: a, nonMergingList: [{name: 1, value: 1}]}, {name: 2}]',
    },
    {
      name: 'a field of a merged element is deleted with null',
      live: 'mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2}]',
      patch: 'mergingList: [{name: 1, value: null}]',
      want: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2}]',
    },
    { name: 'an element without the merge key is an error', live: 'mergingList: [{name: 1, value: a}]', patch: 'mergingList: [{value: b}]', error: { code: 500, text: 'map: map[value:b] does not contain declared merge key: name' } },
    { name: '$patch: merge is not allowed in a list', live: 'mergingList: [{name: 1}]', patch: 'mergingList: [{name: 1, $patch: merge}]', error: { code: 500, text: 'merging lists cannot yet be specified in the patch' } },
    { name: 'lists of lists are rejected', live: 'mergingIntList: [[1]]', patch: 'mergingIntList: [[2]]', error: { code: 422, text: 'lists of lists are not supported' } },
    { name: 'mixed element types are rejected', live: 'mergingIntList: [1]', patch: 'mergingIntList: [a]', error: { code: 500, text: 'list element types are not identical' } },
  ]);
});

describe('strategic merge patch: lists of scalars', () => {
  runCases([
    { name: 'a merging list is a set', live: 'mergingIntList: [1, 2]', patch: 'mergingIntList: [2, 3]', want: 'mergingIntList: [1, 2, 3]' },
    { name: 'a merging list follows the patch order', live: 'mergingIntList: [1, 2, 3]', patch: 'mergingIntList: [3, 1, 2]', want: 'mergingIntList: [3, 1, 2]' },
    { name: 'unpatched scalars stay in front', live: 'mergingIntList: [1, 2, 3]', patch: 'mergingIntList: [3, 1]', want: 'mergingIntList: [2, 3, 1]' },
    { name: 'a non-merging list is replaced', live: 'nonMergingIntList: [1, 2]', patch: 'nonMergingIntList: [2, 3]', want: 'nonMergingIntList: [2, 3]' },
    { name: '$deleteFromPrimitiveList removes values', live: 'mergingIntList: [1, 2, 3]', patch: '$deleteFromPrimitiveList/mergingIntList: [2]', want: 'mergingIntList: [1, 3]' },
    { name: '$deleteFromPrimitiveList works on a non-merging list too', live: 'nonMergingIntList: [1, 2, 3]', patch: '$deleteFromPrimitiveList/nonMergingIntList: [2]', want: 'nonMergingIntList: [1, 3]' },
    { name: '$deleteFromPrimitiveList of an absent value changes nothing', live: 'mergingIntList: [1, 2]', patch: '$deleteFromPrimitiveList/mergingIntList: [3]', want: 'mergingIntList: [1, 2]' },
    { name: '$deleteFromPrimitiveList never creates the list', live: 'foo: [bar]', patch: '$deleteFromPrimitiveList/mergingIntList: [3]', want: 'foo: [bar]' },
    { name: '$deleteFromPrimitiveList leaves a null list alone', live: 'mergingIntList: null', patch: '$deleteFromPrimitiveList/mergingIntList: [3]', want: 'mergingIntList: null' },
    { name: 'a malformed deletion key is a bad request', live: 'mergingIntList: [1]', patch: '$deleteFromPrimitiveList: [1]', error: { code: 400, text: 'invalid patch format of primitive list' } },
  ]);
});

describe('strategic merge patch: $setElementOrder', () => {
  runCases([
    {
      name: 'orders a merged list of maps',
      live: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]',
      patch: '$setElementOrder/mergingList: [{name: 4}, {name: 1}, {name: 2}, {name: 3}]\nmergingList: [{name: 4, value: 4}, {name: 3, value: 3}]',
      want: 'mergingList: [{name: 4, value: 4}, {name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]',
    },
    {
      name: 'orders without a patch list',
      live: 'mergingList: [{name: 1, other: a}, {name: 3, value: 3}, {name: 4, value: 4}, {name: 2, value: 2}]',
      patch: '$setElementOrder/mergingList: [{name: 4}, {name: 2}, {name: 3}, {name: 1}]',
      want: 'mergingList: [{name: 4, value: 4}, {name: 2, value: 2}, {name: 3, value: 3}, {name: 1, other: a}]',
    },
    {
      name: 'server-only elements stay next to their live neighbours',
      live: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2}, {name: 7}, {name: 9}, {name: 8}, {name: 3, value: 3}, {name: 4, value: 4}]',
      patch: '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}]',
      want: 'mergingList: [{name: 2, value: 2}, {name: 1, other: a}, {name: 7}, {name: 9}, {name: 8}, {name: 4, value: 4}, {name: 3, value: 3}]',
    },
    {
      name: 'names in the order that the list lacks are skipped',
      live: 'mergingList: [{name: 1}, {name: 3}]',
      patch: '$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}]\nmergingList: [{name: 3, value: 3}, {name: 1, value: 1}]',
      want: 'mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]',
    },
    {
      name: 'a patch list that contradicts the order is rejected',
      live: 'mergingList: [{name: 1}, {name: 3}, {name: 2}]',
      patch: '$setElementOrder/mergingList: [{name: 1}, {name: 2}, {name: 3}]\nmergingList: [{name: 3, value: 3}, {name: 1, value: 1}]',
      error: { code: 500, text: "doesn't match $setElementOrder list" },
    },
    {
      name: 'deleting and adding with a server-only element (order seen through the shared live list)',
      live: 'mergingList: [{name: 1, other: a}, {name: 4, other: c}]',
      patch: '$setElementOrder/mergingList: [{name: 2}, {name: 3}]\nmergingList: [{name: 2}, {name: 3}, {name: 1, $patch: delete}]',
      want: 'mergingList: [{name: 4, other: c}, {name: 2}, {name: 3}]',
    },
    {
      name: 'deleting and adding keeps server-only elements in place',
      live: 'mergingList: [{name: 1}, {name: 2, other: b}, {name: 4, other: c}]',
      patch: '$setElementOrder/mergingList: [{name: 2}, {name: 3}]\nmergingList: [{name: 3}, {name: 1, $patch: delete}]',
      want: 'mergingList: [{name: 2, other: b}, {name: 4, other: c}, {name: 3}]',
    },
    {
      name: 'adding one element and deleting another in a reordered list',
      live: 'mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]',
      patch: '$setElementOrder/mergingList: [{name: 4}, {name: 2}, {name: 1}]\nmergingList: [{name: 4, value: 4}, {name: 3, $patch: delete}]',
      want: 'mergingList: [{name: 4, value: 4}, {name: 2, value: 2, other: b}, {name: 1, other: a}]',
    },
    {
      name: 'nested lists honour their own order directive',
      live: 'mergingList: [{name: 1, other: a, mergingList: [{name: 2, value: 2, other: d}]}, {name: 2, other: b}]',
      patch:
        '$setElementOrder/mergingList: [{name: 1}, {name: 2}]\nmergingList: [{name: 1, $setElementOrder/mergingList: [{name: 2}, {name: 1}], mergingList: [{name: 1, value: 1}]}]',
      want: 'mergingList: [{name: 1, other: a, mergingList: [{name: 2, value: 2, other: d}, {name: 1, value: 1}]}, {name: 2, other: b}]',
    },
    {
      name: 'a list with duplicate keys groups the duplicates',
      live: 'mergingList: [{name: 1}, {name: 2, value: dup1}, {name: 3}, {name: 2, value: dup2}, {name: 4}]',
      patch: '$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}, {name: 2}]',
      want: 'mergingList: [{name: 2, value: dup1}, {name: 2, value: dup2}, {name: 1}, {name: 4}, {name: 3}]',
    },
    { name: 'a scalar list with a duplicate groups it', live: 'mergingIntList: [1, 2, 3, 2, 4]', patch: '$setElementOrder/mergingIntList: [2, 1, 4, 3, 2]', want: 'mergingIntList: [2, 2, 1, 4, 3]' },
    {
      name: 'adds, deletes and orders scalars inside a retainKeys map',
      live: 'retainKeysMap: {name: foo, mergingIntList: [1, 2, 3, 4]}',
      patch: 'retainKeysMap: {$retainKeys: [mergingIntList, name], mergingIntList: [5], $deleteFromPrimitiveList/mergingIntList: [2], $setElementOrder/mergingIntList: [1, 3, 5]}',
      want: 'retainKeysMap: {name: foo, mergingIntList: [1, 3, 5, 4]}',
    },
    { name: 'orders scalars', live: 'mergingIntList: [1, 3, 4, 2, 9]', patch: '$setElementOrder/mergingIntList: [4, 2, 3, 1]', want: 'mergingIntList: [4, 2, 3, 1, 9]' },
    { name: 'adds a scalar in order with a server-only one', live: 'mergingIntList: [1, 4, 2]', patch: '$setElementOrder/mergingIntList: [3, 1, 2]\nmergingIntList: [3]', want: 'mergingIntList: [3, 1, 4, 2]' },
    {
      name: 'adds and deletes scalars',
      live: 'mergingIntList: [1, 2, 3, 3, 4]',
      patch: '$setElementOrder/mergingIntList: [1, 2, 5]\n$deleteFromPrimitiveList/mergingIntList: [3]\nmergingIntList: [5]',
      want: 'mergingIntList: [1, 2, 5, 4]',
    },
    { name: 'an order for an absent scalar list sets nothing', live: 'mergingIntList: [1, 3]', patch: '$setElementOrder/mergingIntList: [3, 2, 1]', want: 'mergingIntList: [3, 1]' },
    { name: 'a malformed order key is a bad request', live: 'mergingIntList: [1]', patch: '$setElementOrder: [1]', error: { code: 400, text: 'invalid patch format of setElementOrder list' } },
  ]);
});

describe('strategic merge patch: $retainKeys', () => {
  runCases([
    { name: 'without the directive a retainKeys map merges normally', live: 'retainKeysMap: {name: foo, value: a}', patch: 'retainKeysMap: {value: b}', want: 'retainKeysMap: {name: foo, value: b}' },
    { name: 'clears fields that are not listed', live: 'retainKeysMap: {name: type1, value: foo}', patch: 'retainKeysMap: {$retainKeys: [name, other], name: type2, other: bar}', want: 'retainKeysMap: {name: type2, other: bar}' },
    { name: 'clears fields even when nothing else changes', live: 'retainKeysMap: {name: foo, value: bar, other: a}', patch: 'retainKeysMap: {$retainKeys: [name, value]}', want: 'retainKeysMap: {name: foo, value: bar}' },
    { name: 'a listed field can still be deleted with null', live: 'retainKeysMap: {name: foo, value: bar, other: a}', patch: 'retainKeysMap: {$retainKeys: [name], value: null}', want: 'retainKeysMap: {name: foo}' },
    {
      name: 'merges a listed nested map',
      live: 'retainKeysMap: {name: foo, value: bar, simpleMap: {key1: a, key3: c}}',
      patch: 'retainKeysMap: {$retainKeys: [name, simpleMap, value], simpleMap: {key2: b}}',
      want: 'retainKeysMap: {name: foo, value: bar, simpleMap: {key1: a, key2: b, key3: c}}',
    },
    {
      name: 'merges a listed merging list with its order directive',
      live: 'retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: x}]}',
      patch: 'retainKeysMap: {$retainKeys: [mergingList, name], $setElementOrder/mergingList: [{name: a}], mergingList: [{name: b, $patch: delete}]}',
      want: 'retainKeysMap: {name: foo, mergingList: [{name: a}, {name: x}]}',
    },
    {
      name: 'applies to elements of a retainKeys merging list',
      live: 'retainKeysMergingList: [{name: bar}, {name: foo, value: a, other: x}]',
      patch: '$setElementOrder/retainKeysMergingList: [{name: bar}, {name: foo}]\nretainKeysMergingList: [{$retainKeys: [name], name: foo, value: null}]',
      want: 'retainKeysMergingList: [{name: bar}, {name: foo}]',
    },
    { name: 'a patch field missing from the list is a bad request', live: 'retainKeysMap: {name: foo}', patch: 'retainKeysMap: {$retainKeys: [name], value: b}', error: { code: 400, text: 'invalid patch format of retainKeys' } },
    { name: 'the directive must be a list', live: 'retainKeysMap: {name: foo}', patch: 'retainKeysMap: {$retainKeys: name}', error: { code: 400, text: 'invalid patch format of retainKeys' } },
  ]);
});
