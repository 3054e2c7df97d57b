import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateWebsterSeats, type TieBreaker } from './webster.js';
import { bindingTieBreaker, namesDescendingFor } from './tie-breaker.js';

function seats(result: ReturnType<typeof allocateWebsterSeats>): Record<string, number> {
  return Object.fromEntries(result.map((p) => [p.name, p.seats]));
}

// The Sainte-Laguë example from Wikipedia, as in Karmada's TestAllocateWebsterSeats:
// 100k/80k/30k/20k votes; the seat distribution after each round.
const classic = new Map([
  ['PartyA', 100000],
  ['PartyB', 80000],
  ['PartyC', 30000],
  ['PartyD', 20000],
]);

describe('allocateWebsterSeats', () => {
  const rounds: Array<[number, [number, number, number, number]]> = [
    [1, [1, 0, 0, 0]],
    [2, [1, 1, 0, 0]],
    [3, [2, 1, 0, 0]],
    [4, [2, 1, 1, 0]],
    [5, [2, 2, 1, 0]],
    [6, [2, 2, 1, 1]],
    [7, [3, 2, 1, 1]],
    [8, [3, 3, 1, 1]],
  ];
  for (const [n, [a, b, c, d]] of rounds) {
    it(`classic example, ${n} seat(s)`, () => {
      assert.deepEqual(seats(allocateWebsterSeats(n, classic)), { PartyA: a, PartyB: b, PartyC: c, PartyD: d });
    });
  }

  const cases: Array<{
    name: string;
    newSeats: number;
    votes: Record<string, number>;
    initial?: Record<string, number>;
    tie?: TieBreaker;
    want: Record<string, number>;
  }> = [
    { name: 'three parties, four seats', newSeats: 4, votes: { Alpha: 1200, Beta: 900, Gamma: 400 }, want: { Alpha: 2, Beta: 1, Gamma: 1 } },
    { name: 'no seats to give', newSeats: 0, votes: { A: 100, B: 200 }, want: { A: 0, B: 0 } },
    { name: 'equal priority: fewer seats wins', newSeats: 1, votes: { A: 3, B: 1 }, initial: { A: 1, B: 0 }, want: { A: 1, B: 1 } },
    { name: 'equal priority and seats: name wins', newSeats: 1, votes: { A: 1, B: 1 }, want: { A: 1, B: 0 } },
    { name: 'custom tie-breaker favours B', newSeats: 1, votes: { A: 1, B: 1 }, tie: (a, b) => a.name > b.name, want: { A: 0, B: 1 } },
    {
      name: 'new parties take new seats over an idle old one',
      newSeats: 2,
      votes: { New1: 1, New2: 1 },
      initial: { Old: 0 },
      want: { New1: 1, New2: 1, Old: 0 },
    },
    { name: 'old and new parties compete', newSeats: 2, votes: { Old: 1, New: 1 }, initial: { Old: 1 }, want: { New: 2, Old: 1 } },
    { name: 'a party with seats but no votes gets nothing more', newSeats: 2, votes: { A: 100 }, initial: { B: 3 }, want: { A: 2, B: 3 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = allocateWebsterSeats(c.newSeats, new Map(Object.entries(c.votes)), new Map(Object.entries(c.initial ?? {})), c.tie);
      assert.deepEqual(seats(result), c.want);
    });
  }

  it('returns nothing for no parties', () => {
    assert.deepEqual(allocateWebsterSeats(3, new Map()), []);
  });

  it('is house-monotone: one more seat never takes a seat away', () => {
    const votes = new Map([
      ['southcentralus', 170],
      ['westus', 110],
      ['eastus2', 60],
    ]);
    let previous = seats(allocateWebsterSeats(0, votes));
    for (let n = 1; n <= 40; n++) {
      const next = seats(allocateWebsterSeats(n, votes));
      for (const [name, s] of Object.entries(previous)) assert.ok((next[name] ?? 0) >= s, `${name} lost a seat at ${n}`);
      previous = next;
    }
  });
});

describe('bindingTieBreaker', () => {
  // Find UIDs of both parities so the test does not depend on particular hash values.
  const uids = Array.from({ length: 20 }, (_, i) => `uid-${i}`);
  const ascendingUid = uids.find((u) => !namesDescendingFor(u)) ?? '';
  const descendingUid = uids.find((u) => namesDescendingFor(u)) ?? '';

  it('orders equal-seat ties by name, flipped by UID parity', () => {
    const votes = new Map([
      ['member1', 1],
      ['member2', 1],
    ]);
    assert.deepEqual(seats(allocateWebsterSeats(3, votes, new Map(), bindingTieBreaker(ascendingUid))), { member1: 2, member2: 1 });
    assert.deepEqual(seats(allocateWebsterSeats(3, votes, new Map(), bindingTieBreaker(descendingUid))), { member1: 1, member2: 2 });
  });

  it('still prefers the party with fewer seats', () => {
    const tie = bindingTieBreaker(descendingUid);
    assert.equal(tie({ name: 'a', votes: 1, seats: 0 }, { name: 'b', votes: 3, seats: 1 }), true);
  });

  it('uses ascending names without a UID', () => {
    assert.equal(namesDescendingFor(undefined), false);
    assert.equal(namesDescendingFor(''), false);
  });
});
