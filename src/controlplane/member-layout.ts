/** Where the i-th simulated member of `karmada up` sits (1-based): member1 region-1 zone-1a, member2 region-1 zone-1b, member3 region-2 zone-2a, ... */
export interface MemberPlacement {
  readonly name: string;
  readonly region: string;
  readonly zone: string;
  readonly provider: string;
}

export function memberPlacement(index: number): MemberPlacement {
  const region = Math.ceil(index / 2);
  const zoneLetter = index % 2 === 1 ? 'a' : 'b';
  return { name: `member${index}`, region: `region-${region}`, zone: `zone-${region}${zoneLetter}`, provider: 'simulated' };
}
