// A hash table of domain names keyed by the same rolling hash the scanner computes right-to-left
// over the bytes of a token, so every dot-suffix of a token is checked without making a string.

/** Hash step used both to build the table and to scan: right to left, one lowercase byte at a time. */
export function hashStep(h: number, byte: number): number {
  return (Math.imul(h, 0x01000193) ^ byte) | 0;
}

export class DomainTable {
  readonly keys: Int32Array;
  readonly slots: Int32Array;
  readonly mask: number;
  readonly names: Uint8Array[];
  readonly strings: string[];
  /** Hashes of the last labels (TLDs) present: a token whose TLD is not here needs no lookups. */
  private readonly tlds: Set<number>;

  constructor(domains: Iterable<string>) {
    this.strings = [...new Set(domains)];
    this.names = this.strings.map((d) => Buffer.from(d, 'latin1'));
    let size = 16;
    while (size < this.strings.length * 4) size <<= 1;
    this.mask = size - 1;
    this.keys = new Int32Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.tlds = new Set();
    this.strings.forEach((d, idx) => {
      let h = 0;
      for (let i = d.length - 1; i >= 0; i--) {
        if (d.charCodeAt(i) === 46 && i === d.lastIndexOf('.')) this.tlds.add(h);
        h = hashStep(h, d.charCodeAt(i));
      }
      let pos = h & this.mask;
      while (this.slots[pos] !== -1) pos = (pos + 1) & this.mask;
      this.keys[pos] = h;
      this.slots[pos] = idx;
    });
  }

  hasTld(h: number): boolean {
    return this.tlds.has(h);
  }

  /** Index of the domain equal (case-insensitively) to buf[start, end) with hash h, or -1. */
  find(h: number, buf: Uint8Array, start: number, end: number, lower: Uint8Array): number {
    let pos = h & this.mask;
    for (;;) {
      const idx = this.slots[pos];
      if (idx === -1) return -1;
      if (this.keys[pos] === h) {
        const name = this.names[idx];
        if (name.length === end - start) {
          let k = 0;
          while (k < name.length && lower[buf[start + k]] === name[k]) k++;
          if (k === name.length) return idx;
        }
      }
      pos = (pos + 1) & this.mask;
    }
  }
}
