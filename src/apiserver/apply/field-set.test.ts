import { test } from 'node:test';
import assert from 'node:assert/strict';
import { difference, hasPath, intersection, memberCount, memberPaths, setOf, sortedSet, union, type FieldSet } from './field-set.js';
import { canonicalElement, goJson, listItemElement, printPath } from './path-element.js';
import { listType, SCALAR } from './field-type.js';

const replicas = ['f:spec', 'f:replicas'];
const container = ['f:spec', 'f:containers', 'k:{"name":"nginx"}'];
const image = [...container, 'f:image'];

test('a set in FieldsV1 form marks members with {} or "."', () => {
  const set = setOf(replicas, container, image);
  assert.deepEqual(set, { 'f:spec': { 'f:replicas': {}, 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } } } });
  assert.equal(hasPath(set, replicas), true);
  assert.equal(hasPath(set, container), true);
  assert.equal(hasPath(set, ['f:spec']), false, 'a parent with children only is not a member');
  assert.equal(hasPath(set, ['f:spec', 'f:containers']), false);
  assert.equal(memberCount(set), 3);
});

test('union, difference and intersection are member-wise', () => {
  const a = setOf(replicas, image);
  const b = setOf(container, image);
  assert.deepEqual(union(a, b), setOf(replicas, container, image));
  assert.deepEqual(difference(a, b), setOf(replicas));
  assert.deepEqual(intersection(a, b), setOf(image));
  // removing the item does not remove its children (they are members of their own)
  assert.deepEqual(difference(setOf(container, image), setOf(container)), setOf(image));
  assert.deepEqual(difference(setOf(container, image), setOf(image)), setOf(container));
});

test('operations return the input itself when nothing changes', () => {
  const a = setOf(replicas, image);
  assert.equal(difference(a, setOf(['f:metadata', 'f:labels'])), a);
  assert.equal(union(a, setOf(replicas)), a);
  assert.equal(union(a, {}), a);
});

test('member paths print as structured-merge-diff prints them, members first', () => {
  const set = setOf(replicas, container, image, ['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'], ['f:metadata', 'f:finalizers', 'v:"a"']);
  assert.deepEqual(memberPaths(set).map(printPath), [
    '.metadata.finalizers[="a"]',
    '.spec.replicas',
    '.spec.containers[name="nginx"]',
    '.spec.containers[name="nginx"].image',
    '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
  ]);
  assert.equal(printPath(['f:spec', 'f:args', 'i:2']), '.spec.args[2]');
});

test('sortedSet orders "." first, then fields, keys, values, indexes', () => {
  const set: FieldSet = { 'i:1': {}, 'v:"x"': {}, 'k:{"a":1}': {}, 'f:b': {}, 'f:a': { 'f:z': {}, '.': {}, 'f:y': {} } };
  assert.deepEqual(JSON.stringify(sortedSet(set)), '{"f:a":{".":{},"f:y":{},"f:z":{}},"f:b":{},"k:{\\"a\\":1}":{},"v:\\"x\\"":{},"i:1":{}}');
});

test('list item elements: list-map keys sorted with defaults, set values, Go escaping', () => {
  const ports = listType(['protocol', 'containerPort'], SCALAR, { protocol: 'TCP' });
  assert.equal(listItemElement({ containerPort: 80, name: 'http' }, ports), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(listItemElement({ containerPort: 53, protocol: 'UDP' }, ports), 'k:{"containerPort":53,"protocol":"UDP"}');
  assert.equal(listItemElement({ name: 'x' }, listType(['name'], SCALAR)), 'k:{"name":"x"}');
  assert.equal(listItemElement({ value: 'x' }, listType(['name'], SCALAR)), undefined);
  assert.equal(listItemElement('a<b', listType(undefined, SCALAR)), 'v:"a\\u003cb"');
  assert.equal(listItemElement({ a: 1 }, listType(undefined, SCALAR)), undefined);
  assert.equal(goJson({ b: 1, a: [true, null, 'x&y'] }), '{"a":[true,null,"x\\u0026y"],"b":1}');
});

test('client path elements are canonicalised', () => {
  assert.equal(canonicalElement('f:name'), 'f:name');
  assert.equal(canonicalElement('k:{"protocol":"TCP","containerPort":80}'), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(canonicalElement('k:{ "name" : "x" }'), 'k:{"name":"x"}');
  assert.equal(canonicalElement('v:"a"'), 'v:"a"');
  assert.equal(canonicalElement('i:3'), 'i:3');
  assert.equal(canonicalElement('i:x'), undefined);
  assert.equal(canonicalElement('k:[1]'), undefined);
  assert.equal(canonicalElement('x:y'), undefined);
});
