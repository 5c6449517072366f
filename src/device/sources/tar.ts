// A bounded tar.gz reader for evidence archives (sysdiagnose): streams, writes regular files only,
// refuses absolute paths and "..", never creates links, and stops at size and entry limits so a
// decompression bomb cannot fill the disk.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { DeviceError } from '../errors.ts';

export interface TarLimits {
  maxBytes: number;
  maxEntries: number;
}

export const DEFAULT_LIMITS: TarLimits = { maxBytes: 4 * 1024 ** 3, maxEntries: 200_000 };

export interface TarReport {
  files: number;
  skipped: { name: string; reason: string }[];
}

function field(b: Buffer, off: number, len: number): string {
  const s = b.subarray(off, off + len);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? len : end).toString('utf8');
}

/** A ustar header block: the entry's name (with its prefix), size, type, and whether the size field is plain octal. */
export function readTarHeader(h: Buffer): { name: string; size: number; type: string; octalSize: boolean } {
  const sizeText = field(h, 124, 12).trim();
  const prefix = field(h, 345, 155);
  return {
    name: prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100),
    size: parseInt(sizeText || '0', 8),
    type: String.fromCharCode(h[156] || 48),
    octalSize: /^[0-7]*$/.test(sizeText),
  };
}

/** A safe relative path inside the destination, or undefined. */
export function safeEntryPath(name: string): string | undefined {
  const clean = name.replace(/\\/g, '/');
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean)) return undefined;
  const parts = clean.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  return parts.join('/');
}

export async function extractTarGz(archive: string, dest: string, limits: TarLimits = DEFAULT_LIMITS): Promise<TarReport> {
  const report: TarReport = { files: 0, skipped: [] };
  let pending: Buffer = Buffer.alloc(0);
  let current: { fd: number | null; left: number; pad: number } | null = null;
  let total = 0;
  let entries = 0;
  let longName: string | undefined;
  let done = false;
  const fail = (msg: string) => new DeviceError('DEVICE_ARCHIVE', msg, { where: archive });
  const consume = (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (!done) {
      if (current) {
        const take = Math.min(current.left, pending.length);
        if (current.fd !== null && take > 0) fs.writeSync(current.fd, pending, 0, take);
        current.left -= take;
        pending = pending.subarray(take);
        if (current.left > 0) return;
        if (pending.length < current.pad) return;
        pending = pending.subarray(current.pad);
        if (current.fd !== null) fs.closeSync(current.fd);
        current = null;
        continue;
      }
      if (pending.length < 512) return;
      const h = pending.subarray(0, 512);
      pending = pending.subarray(512);
      if (h.every((x) => x === 0)) {
        done = true;
        return;
      }
      if (++entries > limits.maxEntries) throw fail(`more than ${limits.maxEntries} entries`);
      const header = readTarHeader(h);
      const { size, type } = header;
      if (!Number.isFinite(size) || size < 0) throw fail('corrupt tar header');
      total += size;
      if (total > limits.maxBytes) throw fail(`archive expands past ${limits.maxBytes} bytes`);
      let name = longName ?? header.name;
      longName = undefined;
      const pad = (512 - (size % 512)) % 512;
      if (type === 'L') {
        // GNU long name: the next header's name is this entry's data.
        const need = size + pad;
        if (pending.length < need) {
          pending = Buffer.concat([h, pending]);
          entries--;
          total -= size;
          return;
        }
        longName = pending.subarray(0, size).toString('utf8').replace(/\0+$/, '');
        pending = pending.subarray(need);
        continue;
      }
      let fd: number | null = null;
      if (type === '0' || type === '\0' || type === '7') {
        const rel = safeEntryPath(name);
        if (!rel) report.skipped.push({ name, reason: 'path outside the archive' });
        else {
          const out = path.join(dest, rel);
          fs.mkdirSync(path.dirname(out), { recursive: true });
          fd = fs.openSync(out, 'wx', 0o600);
          report.files++;
        }
      } else if (type !== '5' && type !== 'x' && type !== 'g') report.skipped.push({ name, reason: type === '1' || type === '2' ? 'link (not followed)' : `entry type ${type}` });
      current = { fd, left: size, pad };
      name = '';
    }
  };
  try {
    await pipeline(fs.createReadStream(archive), zlib.createGunzip(), async function* (source) {
      // Past the end-of-archive marker the rest is drained, not parsed (breaking would abort the stream).
      for await (const chunk of source) if (!done) consume(chunk as Buffer);
    });
  } catch (e) {
    if (e instanceof DeviceError) throw e;
    throw fail(`not a readable tar.gz: ${(e as Error).message}`);
  }
  return report;
}
