// Protobuf messages for synthetic AndroidQF collections, written as AndroidQF writes its .pb
// inventories: each message preceded by its length. Fields are (number, value) pairs: a string
// or Buffer is length-delimited, a bigint or boolean a varint, a number a double.
type Field = [number, string | Buffer | bigint | boolean | number];

const varint = (v: bigint): Buffer => {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    out.push(x > 0n ? b | 0x80 : b);
  } while (x > 0n);
  return Buffer.from(out);
};

/** One message's bytes. */
export function message(fields: Field[]): Buffer {
  return Buffer.concat(fields.map(([n, v]) => {
    if (typeof v === 'string' || Buffer.isBuffer(v)) {
      const b = Buffer.from(v);
      return Buffer.concat([varint(BigInt((n << 3) | 2)), varint(BigInt(b.length)), b]);
    }
    if (typeof v === 'number') {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      return Buffer.concat([varint(BigInt((n << 3) | 1)), b]);
    }
    return Buffer.concat([varint(BigInt(n << 3)), varint(typeof v === 'boolean' ? (v ? 1n : 0n) : v)]);
  }));
}

/** Messages, each preceded by its length. */
export const delimited = (messages: Buffer[]): Buffer => Buffer.concat(messages.flatMap((m) => [varint(BigInt(m.length)), m]));
