// AndroidQF's protobuf inventories (files.pb, packages.pb, root_binaries.pb, mounts.pb, as recent
// AndroidQF writes them and MVT reads them): messages each preceded by its length as a varint,
// decoded here to the shapes of the JSON files they replace. Only what the schemas use is read —
// varints, doubles, 32-bit values and length-delimited fields — and every length is checked
// against the bytes left, so a truncated or hostile file is a typed error, never a crash.
import { CollectionError } from './parse-json.ts';

type Value = bigint | Buffer | number;
type Fields = Map<number, Value[]>;

/** Reads a varint at `at`: its value and the offset after it. */
function varint(buf: Buffer, at: number, where: string): [bigint, number] {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (at + i >= buf.length) throw new CollectionError(where, `varint runs past the end at byte ${at}`);
    const b = buf[at + i];
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, value), at + i + 1];
  }
  throw new CollectionError(where, `varint longer than 10 bytes at byte ${at}`);
}

/** The fields of one message, by number, each a list (repeated fields keep their order). */
function fieldsOf(msg: Buffer, where: string): Fields {
  const fields: Fields = new Map();
  let at = 0;
  while (at < msg.length) {
    const [key, next] = varint(msg, at, where);
    at = next;
    const field = Number(key >> 3n);
    let value: Value;
    switch (Number(key & 7n)) {
      case 0:
        [value, at] = varint(msg, at, where);
        break;
      case 1:
        if (at + 8 > msg.length) throw new CollectionError(where, 'a 64-bit field runs past the end');
        value = msg.readDoubleLE(at);
        at += 8;
        break;
      case 2: {
        const [len, start] = varint(msg, at, where);
        if (len > BigInt(msg.length - start)) throw new CollectionError(where, `a field of ${len} bytes runs past the end`);
        value = msg.subarray(start, start + Number(len));
        at = start + Number(len);
        break;
      }
      case 5:
        if (at + 4 > msg.length) throw new CollectionError(where, 'a 32-bit field runs past the end');
        value = msg.readUInt32LE(at);
        at += 4;
        break;
      default:
        throw new CollectionError(where, `unknown protobuf wire type ${Number(key & 7n)}`);
    }
    if (field === 0) throw new CollectionError(where, 'field number 0');
    const list = fields.get(field);
    if (list) list.push(value);
    else fields.set(field, [value]);
  }
  return fields;
}

/** The messages of a length-delimited stream. */
function delimited(buf: Buffer, where: string): Fields[] {
  const out: Fields[] = [];
  let at = 0;
  while (at < buf.length) {
    const [len, start] = varint(buf, at, where);
    if (len > BigInt(buf.length - start)) throw new CollectionError(where, `a message of ${len} bytes runs past the end`);
    out.push(fieldsOf(buf.subarray(start, start + Number(len)), where));
    at = start + Number(len);
  }
  return out;
}

// proto3 scalars: the last value of a field wins; an absent field is its type's zero.
const last = (f: Fields, n: number) => f.get(n)?.at(-1);
const text = (f: Fields, n: number) => {
  const v = last(f, n);
  return Buffer.isBuffer(v) ? v.toString('utf8') : '';
};
const int = (f: Fields, n: number, bits: 32 | 64) => {
  const v = last(f, n);
  return typeof v === 'bigint' ? Number(BigInt.asIntN(bits, v)) : 0;
};
const bool = (f: Fields, n: number) => {
  const v = last(f, n);
  return typeof v === 'bigint' && v !== 0n;
};
const double = (f: Fields, n: number) => {
  const v = last(f, n);
  return typeof v === 'number' ? v : 0;
};
const messages = (f: Fields, n: number, where: string) => (f.get(n) ?? []).filter(Buffer.isBuffer).map((b) => fieldsOf(b, where));

/** root_binaries.pb and mounts.pb: StringRecord { string value = 1 }. */
export function parseStringRecords(buf: Buffer, where: string): string[] {
  return delimited(buf, where).map((f) => text(f, 1));
}

/** files.pb: FilesRecord, as files.json's objects (MVT's mapping: the one time is all three). */
export function parseFilesRecords(buf: Buffer, where: string): Record<string, unknown>[] {
  return delimited(buf, where).map((f) => {
    const mtime = double(f, 2);
    return {
      path: text(f, 1), size: int(f, 4, 64), mode: text(f, 3), user_id: 0, user_name: text(f, 5), group_id: 0, group_name: text(f, 6),
      changed_time: mtime, modified_time: mtime, access_time: mtime, error: '', context: '', sha1: '', sha256: '', sha512: '', md5: '',
    };
  });
}

const CERTIFICATE_KEYS: [number, string][] = [[1, 'Md5'], [2, 'Sha1'], [3, 'Sha256'], [4, 'ValidFrom'], [5, 'ValidTo'], [6, 'Issuer'], [7, 'Subject'], [8, 'SignatureAlgorithm']];

function certificate(f: Fields): Record<string, unknown> {
  const cert: Record<string, unknown> = {};
  for (const [n, key] of CERTIFICATE_KEYS) if (text(f, n)) cert[key] = text(f, n);
  const serial = text(f, 9);
  // Python's int() of the text, as MVT writes it; the text when it is not a number.
  if (serial) cert.SerialNumber = /^\s*[+-]?\d+\s*$/.test(serial) && Number.isSafeInteger(Number(serial)) ? Number(serial) : serial;
  return cert;
}

/** packages.pb: PackagesRecord, as packages.json's objects (an empty installer is "null", as AndroidQF writes it). */
export function parsePackagesRecords(buf: Buffer, where: string): Record<string, unknown>[] {
  return delimited(buf, where).map((f) => ({
    name: text(f, 1), installer: text(f, 2) || 'null', uid: int(f, 3, 32), disabled: bool(f, 4), system: bool(f, 5), third_party: bool(f, 6),
    files: messages(f, 7, where).map((file) => {
      const out: Record<string, unknown> = {
        path: text(file, 1), local_name: text(file, 2), md5: text(file, 3), sha1: text(file, 4), sha256: text(file, 5), sha512: text(file, 6),
        error: '', verified_certificate: false, certificate_error: '', trusted_certificate: false,
      };
      const certs = messages(file, 8, where);
      if (certs.length > 0) out.certificate = certificate(certs[0]);
      return out;
    }),
  }));
}

const ARCHITECTURES = ['ARM32', 'ARM64', 'X86', 'X86_64', 'RISCV64', 'NONE'];
const uint32 = (f: Fields, n: number) => {
  const v = last(f, n);
  return typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : 0;
};

/**
 * A protobuf tombstone (tombstone.proto's Tombstone): the fields MVT's record keeps, as betterproto
 * gives them (the architecture by name, the crashing thread's name from the thread map); undefined
 * signal_info when the tombstone has none.
 */
export function parseTombstoneProto(buf: Buffer, where: string): Record<string, unknown> {
  const f = fieldsOf(buf, where);
  const signal = messages(f, 10, where).at(-1);
  const tid = uint32(f, 6);
  let threadName: string | undefined;
  for (const entry of messages(f, 16, where)) {
    const thread = messages(entry, 2, where).at(-1);
    if (thread && int(thread, 1, 32) === tid && text(thread, 2)) threadName = text(thread, 2);
  }
  return {
    arch: ARCHITECTURES[int(f, 1, 32)] ?? String(int(f, 1, 32)), build_fingerprint: text(f, 2), revision: text(f, 3), timestamp: text(f, 4),
    pid: uint32(f, 5), tid, uid: uint32(f, 7), selinux_label: text(f, 8),
    command_line: (f.get(9) ?? []).filter(Buffer.isBuffer).map((b) => b.toString('utf8')), process_uptime: uint32(f, 20),
    signal_info: signal && { code: int(signal, 3, 32), code_name: text(signal, 4), name: text(signal, 2), number: int(signal, 1, 32) },
    abort_message: text(f, 14), causes: messages(f, 15, where).map((c) => ({ human_readable: text(c, 1) })), thread_name: threadName,
  };
}
