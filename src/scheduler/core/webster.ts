/**
 * Webster / Sainte-Laguë apportionment: seats go one at a time to the party with the highest
 * priority votes / (2·seats + 1). Priorities are compared exactly (integer cross-multiplication)
 * and equal priorities are settled by a tie-breaker. House-monotone: adding seats never takes
 * a seat away from anyone, which is why Karmada moved replica division to it.
 */

/** A party (cluster) in the apportionment. */
export interface Party {
  readonly name: string;
  readonly votes: number;
  seats: number;
}

/** Returns true when `a` should get the next seat before `b` (only consulted on equal priority). */
export type TieBreaker = (a: Party, b: Party) => boolean;

/** Default tie-break: fewer seats first (favours small clusters), then name ascending. */
export const defaultTieBreaker: TieBreaker = (a, b) => (a.seats !== b.seats ? a.seats < b.seats : a.name < b.name);

/** Compares priorities exactly: positive when a's priority is higher. */
function comparePriority(a: Party, b: Party): number {
  return a.votes * (2 * b.seats + 1) - b.votes * (2 * a.seats + 1);
}

function before(a: Party, b: Party, tie: TieBreaker): boolean {
  const c = comparePriority(a, b);
  return c !== 0 ? c > 0 : tie(a, b);
}

/** A binary max-heap over parties ordered by `before`. */
class PartyHeap {
  private readonly items: Party[] = [];

  constructor(private readonly tie: TieBreaker) {}

  get size(): number {
    return this.items.length;
  }

  push(p: Party): void {
    const items = this.items;
    items.push(p);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pi = items[parent] as Party;
      if (!before(p, pi, this.tie)) break;
      items[i] = pi;
      i = parent;
    }
    items[i] = p;
  }

  pop(): Party | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && before(items[r] as Party, items[l] as Party, this.tie)) child = r;
      const c = items[child] as Party;
      if (!before(c, last, this.tie)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/**
 * Allocates `newSeats` seats. `votes` gives each party's votes; `initial` gives seats parties
 * already hold (a party only in `initial` has 0 votes and the lowest priority). Returns every
 * party with its final seats, sorted by name.
 */
export function allocateWebsterSeats(
  newSeats: number,
  votes: ReadonlyMap<string, number>,
  initial: ReadonlyMap<string, number> = new Map(),
  tieBreaker: TieBreaker = defaultTieBreaker,
): Party[] {
  const parties = new Map<string, Party>();
  for (const [name, seats] of initial) parties.set(name, { name, votes: 0, seats });
  for (const [name, v] of votes) {
    const p = parties.get(name);
    parties.set(name, { name, votes: v, seats: p?.seats ?? 0 });
  }
  const all = [...parties.values()];
  if (all.length === 0) return [];
  const heap = new PartyHeap(tieBreaker);
  for (const p of all) heap.push(p);
  for (let remaining = newSeats; remaining > 0; remaining--) {
    const next = heap.pop();
    if (next === undefined) break;
    next.seats++;
    heap.push(next);
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
