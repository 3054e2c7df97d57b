/** Key ranges as etcd wants them (byte strings, range_end exclusive). */
import { prefixEnd } from '../key-range.js';

/** "\0" as range_end means "every key >= start" in etcd. */
const allKeysEnd = Buffer.from([0]);

/** The etcd range [start, end) holding the keys that start with prefix. */
export function prefixRange(prefix: string): { start: Buffer; end: Buffer } {
  const end = prefixEnd(prefix);
  return {
    start: prefix === '' ? Buffer.from([0]) : Buffer.from(prefix, 'utf8'),
    end: end === undefined ? allKeysEnd : Buffer.from(end, 'utf8'),
  };
}

/** The first key strictly after key: key followed by a zero byte. */
export function keyAfter(key: string): Buffer {
  return Buffer.concat([Buffer.from(key, 'utf8'), Buffer.from([0])]);
}
