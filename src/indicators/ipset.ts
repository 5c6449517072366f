// Sets of IP networks answering "which networks contain this address" in one hash lookup per
// prefix length present (at most 33 for IPv4, 129 for IPv6), whatever the number of networks.
import ipaddr from 'ipaddr.js';

export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

function ipv6ToBigInt(ip: string): bigint | undefined {
  if (!ipaddr.IPv6.isValid(ip)) return undefined;
  const bytes = ipaddr.IPv6.parse(ip).toByteArray();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

const V4_MASKS = Array.from({ length: 33 }, (_, bits) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0));
const V6_ALL = (1n << 128n) - 1n;
const v6Mask = (bits: number) => (bits === 0 ? 0n : (V6_ALL << BigInt(128 - bits)) & V6_ALL);

export class IpSet<T> {
  private v4 = new Map<number, Map<number, T[]>>();
  private v6 = new Map<number, Map<bigint, T[]>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  size = 0;

  /** Adds an address or network (`a.b.c.d/n`, `x::/n`); returns false if it is neither. */
  add(network: string, item: T): boolean {
    const [addr, bitsText] = network.split('/');
    if (addr.includes(':')) {
      const n = ipv6ToBigInt(addr);
      const bits = bitsText === undefined ? 128 : Number(bitsText);
      if (n === undefined || !(bits >= 0 && bits <= 128)) return false;
      this.put(this.v6, this.v6Lengths, bits, n & v6Mask(bits), item);
    } else {
      const n = ipv4ToInt(addr);
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      if (n === undefined || !(bits >= 0 && bits <= 32)) return false;
      this.put(this.v4, this.v4Lengths, bits, (n & V4_MASKS[bits]) >>> 0, item);
    }
    this.size++;
    return true;
  }

  private put<K>(maps: Map<number, Map<K, T[]>>, lengths: number[], bits: number, key: K, item: T): void {
    let m = maps.get(bits);
    if (!m) {
      m = new Map();
      maps.set(bits, m);
      lengths.push(bits);
      lengths.sort((a, b) => b - a);
    }
    const list = m.get(key);
    if (list) list.push(item);
    else m.set(key, [item]);
  }

  /** Items of every network containing the IPv4 address given as an unsigned 32-bit integer. */
  lookupV4(n: number, out: T[] = []): T[] {
    for (const bits of this.v4Lengths) {
      const hit = this.v4.get(bits)!.get((n & V4_MASKS[bits]) >>> 0);
      if (hit) out.push(...hit);
    }
    return out;
  }

  /** Items of every network containing `ip` (IPv4 or IPv6 text, canonical or not). */
  lookup(ip: string): T[] {
    if (ip.includes(':')) {
      const n = ipv6ToBigInt(ip);
      if (n === undefined) return [];
      const out: T[] = [];
      for (const bits of this.v6Lengths) {
        const hit = this.v6.get(bits)!.get(n & v6Mask(bits));
        if (hit) out.push(...hit);
      }
      return out;
    }
    const n = ipv4ToInt(ip);
    return n === undefined ? [] : this.lookupV4(n);
  }

  get hasV4(): boolean {
    return this.v4Lengths.length > 0;
  }
  get hasV6(): boolean {
    return this.v6Lengths.length > 0;
  }
}
