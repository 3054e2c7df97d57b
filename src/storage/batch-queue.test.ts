import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchQueue, endedQueue, failedQueue } from './batch-queue.js';

test('queued batches are merged into one pull, up to maxBatch items', async () => {
  const queue = new BatchQueue<number>({ maxBatch: 4 });
  queue.push([1, 2]);
  queue.push([3]);
  queue.push([4, 5]);
  queue.push([]);
  assert.deepEqual((await queue.next()).value, [1, 2, 3]);
  assert.deepEqual((await queue.next()).value, [4, 5]);
});

test('a waiting consumer gets the next push directly', async () => {
  const queue = new BatchQueue<string>();
  const pending = queue.next();
  queue.push(['a']);
  assert.deepEqual(await pending, { done: false, value: ['a'] });
});

test('end and fail deliver what is queued first', async () => {
  const ended = new BatchQueue<number>();
  ended.push([1]);
  ended.end();
  ended.push([2]);
  assert.deepEqual(await ended.next(), { done: false, value: [1] });
  assert.equal((await ended.next()).done, true);

  const failed = new BatchQueue<number>();
  failed.push([1]);
  failed.fail(new Error('boom'));
  assert.deepEqual((await failed.next()).value, [1]);
  await assert.rejects(failed.next(), /boom/);
  assert.equal((await failed.next()).done, true);
});

test('pull pages come before live batches; a throwing pull fails the queue', async () => {
  const pages = [[1], [2]];
  const queue = new BatchQueue<number>({ pull: () => pages.shift() });
  queue.push([3]);
  const seen: number[] = [];
  for (let i = 0; i < 3; i++) seen.push(...((await queue.next()).value ?? []));
  assert.deepEqual(seen, [1, 2, 3]);

  const broken = new BatchQueue<number>({
    pull: () => {
      throw new Error('compacted');
    },
  });
  await assert.rejects(broken.next(), /compacted/);
  assert.equal(broken.active, false);
});

test('return stops the queue once and settles a waiting pull', async () => {
  let stops = 0;
  const queue = new BatchQueue<number>({ onStop: () => stops++ });
  const pending = queue.next();
  await queue.return();
  await queue.return();
  queue.end();
  assert.equal((await pending).done, true);
  assert.equal(stops, 1);
  assert.equal((await endedQueue<number>().next()).done, true);
  await assert.rejects(failedQueue<number>(new Error('x')).next(), /x/);
});
