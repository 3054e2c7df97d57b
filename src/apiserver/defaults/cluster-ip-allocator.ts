/**
 * Service address allocation (the apiserver's job, not defaulting): cluster IPs from a CIDR
 * (10.96.0.0/12 by default) and node ports from 30000-32767. Deterministic: the same seed
 * (namespace/name) picks the same free address, probing upward on collision.
 */

/** An address the allocator cannot give; `detail` is the upstream text after "failed to allocate IP x: ". */
export class AllocationError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'AllocationError';
  }
}

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) {
      return undefined;
    }
    n = n * 256 + Number(p);
  }
  return n;
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** FNV-1a of the seed: a stable starting point. */
function hash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** IPv4 cluster IP allocator over a CIDR. */
export class ClusterIpAllocator {
  readonly cidr: string;
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();

  constructor(cidr = '10.96.0.0/12', used: Iterable<string> = []) {
    const [addr = '', bits = ''] = cidr.split('/');
    const base = ipToInt(addr);
    const prefix = Number(bits);
    if (base === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
      throw new Error(`invalid service CIDR ${cidr}`);
    }
    this.cidr = cidr;
    this.size = 2 ** (32 - prefix);
    this.base = base - (base % this.size);
    for (const ip of used) {
      const n = ipToInt(ip);
      if (n !== undefined) {
        this.used.add(n);
      }
    }
  }

  /** The first usable address (10.96.0.1), conventionally the `kubernetes` service. */
  firstAddress(): string {
    return intToIp(this.base + 1);
  }

  /** Whether an address is inside the range (network and broadcast excluded). */
  contains(ip: string): boolean {
    const n = ipToInt(ip);
    return n !== undefined && n > this.base && n < this.base + this.size - 1;
  }

  /** Reserves a specific address; throws AllocationError with the upstream detail text. */
  allocateSpecific(ip: string): void {
    const n = ipToInt(ip);
    if (n === undefined || !this.contains(ip)) {
      throw new AllocationError(
        `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`,
      );
    }
    if (this.used.has(n)) {
      throw new AllocationError('provided IP is already allocated');
    }
    this.used.add(n);
  }

  /**
   * Picks a free address. Like upstream, dynamic allocation prefers the upper part of the
   * range and leaves a low band (16..256 addresses) for addresses users choose themselves.
   */
  allocate(seed = ''): string {
    const usable = this.size - 2;
    const band = Math.min(Math.max(16, Math.floor(this.size / 16)), 256, usable);
    const upper = usable - band;
    const tryRange = (start: number, count: number): number | undefined => {
      if (count <= 0) {
        return undefined;
      }
      const first = hash(seed) % count;
      for (let i = 0; i < count; i++) {
        const n = this.base + 1 + start + ((first + i) % count);
        if (!this.used.has(n)) {
          return n;
        }
      }
      return undefined;
    };
    const n = tryRange(band, upper) ?? tryRange(0, band);
    if (n === undefined) {
      throw new AllocationError('range is full');
    }
    this.used.add(n);
    return intToIp(n);
  }

  /** Frees an address. */
  release(ip: string): void {
    const n = ipToInt(ip);
    if (n !== undefined) {
      this.used.delete(n);
    }
  }
}

/** Node port allocator over [min, max]. */
export class NodePortAllocator {
  private readonly used = new Set<number>();

  constructor(
    readonly min = 30000,
    readonly max = 32767,
    used: Iterable<number> = [],
  ) {
    for (const p of used) {
      this.used.add(p);
    }
  }

  /** Reserves a specific port; throws AllocationError with the upstream detail text. */
  allocateSpecific(port: number): void {
    if (port < this.min || port > this.max) {
      throw new AllocationError(`provided port is not in the valid range. The range of valid ports is ${this.min}-${this.max}`);
    }
    if (this.used.has(port)) {
      throw new AllocationError('provided port is already allocated');
    }
    this.used.add(port);
  }

  /** Picks a free port, starting from the seed's hash. */
  allocate(seed = ''): number {
    const count = this.max - this.min + 1;
    const first = hash(seed) % count;
    for (let i = 0; i < count; i++) {
      const port = this.min + ((first + i) % count);
      if (!this.used.has(port)) {
        this.used.add(port);
        return port;
      }
    }
    throw new AllocationError('range is full');
  }

  release(port: number): void {
    this.used.delete(port);
  }
}
