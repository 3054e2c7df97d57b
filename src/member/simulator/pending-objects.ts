/**
 * Controller expectations: the creations and deletions a controller made that its informer cache
 * has not shown yet. Until they show (or expire), the controller must not count pods again, or
 * it would create duplicates from a stale cache. Checked lazily against the cache.
 */

interface Pending {
  readonly op: 'create' | 'delete';
  readonly deadline: number;
}

/** client-go's expectations expire after 5 minutes; simulated objects show up far sooner. */
const DEFAULT_TTL_MS = 60_000;

export class PendingObjects {
  private readonly pending = new Map<string, Map<string, Pending>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  /** Records that owner created (or deleted) the object with this cache key. */
  expect(owner: string, objectKey: string, op: 'create' | 'delete'): void {
    let entries = this.pending.get(owner);
    if (entries === undefined) {
      entries = new Map();
      this.pending.set(owner, entries);
    }
    entries.set(objectKey, { op, deadline: this.now() + this.ttlMs });
  }

  /** Forgets one expectation (the write failed). */
  cancel(owner: string, objectKey: string): void {
    const entries = this.pending.get(owner);
    entries?.delete(objectKey);
    if (entries?.size === 0) {
      this.pending.delete(owner);
    }
  }

  /** True when every expectation of owner is visible in the cache (`has`) or expired. */
  satisfied(owner: string, has: (objectKey: string) => boolean): boolean {
    const entries = this.pending.get(owner);
    if (entries === undefined) {
      return true;
    }
    const now = this.now();
    for (const [key, p] of entries) {
      const seen = p.op === 'create' ? has(key) : !has(key);
      if (seen || p.deadline <= now) {
        entries.delete(key);
      }
    }
    if (entries.size === 0) {
      this.pending.delete(owner);
      return true;
    }
    return false;
  }

  /** Drops everything about owner (it was deleted). */
  forget(owner: string): void {
    this.pending.delete(owner);
  }
}
