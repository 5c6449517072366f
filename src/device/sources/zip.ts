// A bounded zip reader for evidence archives (bugreports): the central directory is read with every
// offset checked, from a buffer or from the end of a file; an entry is inflated only on request,
// with its output capped, so a decompression bomb stops at the bound. Names are made safe as in
// the tar reader.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { DeviceError } from '../errors.ts';
import { mvtTimeOfParts, secondsOfCivil } from '../time.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** The entry's MS-DOS time and date fields, as the archive stores them (local time, two-second steps). */
  dosTime: number;
  dosDate: number;
  /** General-purpose flags (bit 0: encrypted), the CRC-32 of the content, and the maker's file attributes (Unix mode in the high half). */
  flags: number;
  crc32: number;
  externalAttributes: number;
}

/** An entry's MS-DOS time (a naive local time) read as UTC, in seconds since 1970; NaN where it is no date. */
export function zipEntrySeconds(e: ZipEntry): number {
  const [y, mo, d, h, mi, s] = [(e.dosDate >> 9) + 1980, (e.dosDate >> 5) & 0xf, e.dosDate & 0x1f, e.dosTime >> 11, (e.dosTime >> 5) & 0x3f, (e.dosTime & 0x1f) * 2];
  return secondsOfCivil(y, mo, d, h, mi, s);
}

/** An entry's time as MVT writes Python's zipfile date_time (a naive datetime), or null where it is no date. */
export const zipEntryTime = (e: ZipEntry): string | null => mvtTimeOfParts(zipEntrySeconds(e), 0);

export const MAX_ENTRY_BYTES = 1024 ** 3;

export class ZipError extends DeviceError {
  constructor(where: string, detail: string) {
    super('DEVICE_ARCHIVE', `zip archive: ${detail}`, { where });
  }
}

/** Where the end-of-central-directory record is in `tail` (the file's last bytes), or -1. */
function findEocd(tail: Buffer): number {
  // The record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 65_557); i--) if (tail.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}

/**
 * The central directory. `buf` holds the archive's bytes from file offset `base` to its end (the
 * whole file by default; a reader of a large file gives only the directory and what follows it).
 */
export function readZipDirectory(buf: Buffer, where: string, maxEntries = 200_000, base = 0): ZipEntry[] {
  const eocd = findEocd(buf);
  if (eocd < 0) throw new ZipError(where, 'no end of central directory: not a zip file, or truncated');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirAt = buf.readUInt32LE(eocd + 16) - base;
  if (count === 0xffff || dirAt + base === 0xffffffff) throw new ZipError(where, 'ZIP64 archives are not supported');
  if (count > maxEntries) throw new ZipError(where, `more than ${maxEntries} entries`);
  if (dirAt < 0 || dirAt + dirSize > eocd) throw new ZipError(where, 'central directory out of range');
  const out: ZipEntry[] = [];
  let at = dirAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== 0x02014b50) throw new ZipError(where, `bad central directory entry ${i}`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    if (at + 46 + nameLen > eocd) throw new ZipError(where, `entry ${i} name out of range`);
    out.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
      dosTime: buf.readUInt16LE(at + 12),
      dosDate: buf.readUInt16LE(at + 14),
      flags: buf.readUInt16LE(at + 8),
      crc32: buf.readUInt32LE(at + 16),
      externalAttributes: buf.readUInt32LE(at + 38),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** One entry's bytes, stored or deflated, never more than max bytes. */
export function readZipEntry(buf: Buffer, e: ZipEntry, where: string, max = MAX_ENTRY_BYTES): Buffer {
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new ZipError(where, `bad local header for ${e.name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipError(where, `${e.name} runs past the end of the archive`);
  if (e.size > max) throw new ZipError(where, `${e.name} would expand to ${e.size} bytes, past the bound of ${max}`);
  const data = buf.subarray(start, end);
  if (e.method === 0) return Buffer.from(data);
  if (e.method !== 8) throw new ZipError(where, `${e.name} uses compression method ${e.method}`);
  // The declared size bounds the inflation: an entry that inflates past it is a bomb or corrupt.
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    throw new ZipError(where, `${e.name} does not inflate within its declared ${e.size} bytes: ${(err as Error).message}`);
  }
  if (out.length !== e.size) throw new ZipError(where, `${e.name} inflates to ${out.length} bytes, not the declared ${e.size}`);
  return out;
}

export function openZip(file: string, where = file): { entries: ZipEntry[]; read(e: ZipEntry, max?: number): Buffer } {
  const buf = fs.readFileSync(file);
  const entries = readZipDirectory(buf, where);
  return { entries, read: (e, max) => readZipEntry(buf, e, where, max) };
}

// The end-of-central-directory record with its longest comment.
const TAIL_BYTES = 65_557;

/** Up to `length` bytes of an open file from offset `at`. */
export function readAt(fd: number, at: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, at);
  return buf.subarray(0, n);
}

/** The central directory of an open zip file, read from its end only: the archive is not read whole. */
export function readZipFileDirectory(fd: number, size: number, where: string, maxEntries = 200_000): ZipEntry[] {
  const tailAt = Math.max(0, size - TAIL_BYTES);
  const tail = readAt(fd, tailAt, size - tailAt);
  const eocd = findEocd(tail);
  if (eocd < 0) throw new ZipError(where, 'no end of central directory: not a zip file, or truncated');
  const dirAt = tail.readUInt32LE(eocd + 16);
  // A large directory starts before the tail: it is read again from its start.
  if (dirAt >= tailAt || dirAt === 0xffffffff) return readZipDirectory(tail, where, maxEntries, tailAt);
  if (size - dirAt > 256 * 2 ** 20) throw new ZipError(where, 'central directory larger than 256 MiB');
  return readZipDirectory(readAt(fd, dirAt, size - dirAt), where, maxEntries, dirAt);
}

/** The entries of a zip file, for a reader that needs their names and times, not their bytes. */
export function zipFileEntries(file: string, where = file): ZipEntry[] {
  const fd = fs.openSync(file, 'r');
  try {
    return readZipFileDirectory(fd, fs.fstatSync(fd).size, where);
  } finally {
    fs.closeSync(fd);
  }
}
