import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { defaultContainer, logQuery, parseSince } from './logs.js';

function pod(containers: string[], extra: { init?: string[]; annotation?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(extra.annotation === undefined ? {} : { annotations: { 'kubectl.kubernetes.io/default-container': extra.annotation } }) },
    spec: { containers: containers.map((name) => ({ name })), ...(extra.init === undefined ? {} : { initContainers: extra.init.map((name) => ({ name })) }) },
  };
}

describe('logs', () => {
  const since: [string, number][] = [
    ['10s', 10],
    ['5m', 300],
    ['1h30m', 5400],
    ['1.5s', 2],
    ['250ms', 1],
  ];
  for (const [input, seconds] of since) {
    it(`--since ${input} is ${seconds}s`, () => assert.equal(parseSince(input), seconds));
  }

  it('refuses a malformed duration', () => {
    assert.throws(() => parseSince('5x'), /invalid duration "5x"/);
    assert.throws(() => parseSince(''), /invalid duration/);
  });

  it('builds the log query from the flags', () => {
    assert.equal(logQuery({}, 'c'), '?container=c');
    assert.equal(logQuery({ tail: '20', timestamps: true, previous: true }, ''), '?previous=true&timestamps=true&tailLines=20');
    assert.equal(logQuery({ tail: '-1' }, '', 10), '');
    assert.equal(logQuery({}, '', 10), '?tailLines=10');
    assert.equal(logQuery({ since: '1m', limitBytes: '100', follow: true }, 'x'), '?container=x&follow=true&sinceSeconds=60&limitBytes=100');
  });

  it('chooses the container as kubectl does', () => {
    assert.deepEqual(defaultContainer(pod(['only'])), { name: 'only' });
    assert.deepEqual(defaultContainer(pod(['a', 'b'], { annotation: 'b' })), { name: 'b' });
    assert.deepEqual(defaultContainer(pod(['a', 'b'], { init: ['setup'] })), {
      name: 'a',
      notice: 'Defaulted container "a" out of: a, b, setup (init)',
    });
  });
});
