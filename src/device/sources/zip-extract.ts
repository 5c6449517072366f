// Unpacks a zip archive of evidence (an AndroidQF collection handed over as one file) into a
// private folder, within bounds. The archive is never held whole: its directory is read from the
// end of the file, and each entry is inflated as a stream, stopped past its declared size and
// checked against its CRC-32. Regular files only: links, encrypted entries and unsafe names are
// skipped and reported, as the tar reader does. Each file's modification time is its entry's
// MS-DOS time read as UTC: the naive time MVT gives for a file in a zip, as a file's time in a
// folder is given (timeline.csv is UTC).
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS, safeEntryPath, type TarLimits, type TarReport } from './tar.ts';
import { readAt, readZipFileDirectory, ZipError, zipEntrySeconds, type ZipEntry } from './zip.ts';

const LOCAL_HEADER = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why an entry is not unpacked, or undefined for a regular file to write. */
function skipReason(e: ZipEntry): string | undefined {
  if (e.name.endsWith('/')) return 'folder';
  if (((e.externalAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'link (not followed)';
  if (e.flags & 1) return 'encrypted entry';
  if (e.method !== 0 && e.method !== 8) return `compression method ${e.method}`;
  if (!safeEntryPath(e.name)) return 'path outside the archive';
  return undefined;
}

/** Counts what comes out of the inflater, keeps its CRC-32, and stops past the declared size. */
function bounded(e: ZipEntry, where: string): Transform & { crc: number; bytes: number } {
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      t.bytes += chunk.length;
      if (t.bytes > e.size) return done(new ZipError(where, `${e.name} inflates past its declared ${e.size} bytes`));
      t.crc = zlib.crc32(chunk, t.crc);
      done(null, chunk);
    },
  }) as Transform & { crc: number; bytes: number };
  t.crc = 0;
  t.bytes = 0;
  return t;
}

async function writeEntry(fd: number, file: string, e: ZipEntry, out: string, where: string): Promise<void> {
  const header = readAt(fd, e.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipError(where, `bad local header for ${e.name}`);
  const start = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const check = bounded(e, where);
  const sink = fs.createWriteStream(out, { flags: 'wx', mode: 0o600 });
  // An empty stored entry has no bytes to stream (createReadStream's end is inclusive).
  const raw = e.compressedSize === 0 ? Readable.from([]) : fs.createReadStream(file, { start, end: start + e.compressedSize - 1 });
  if (e.method === 8) await pipeline(raw, zlib.createInflateRaw(), check, sink);
  else await pipeline(raw, check, sink);
  if (check.bytes !== e.size) throw new ZipError(where, `${e.name} holds ${check.bytes} bytes, not the declared ${e.size}`);
  if (check.crc !== e.crc32) throw new ZipError(where, `${e.name} fails its CRC-32 check: the archive is damaged`);
}

export async function extractZip(file: string, dest: string, limits: TarLimits = DEFAULT_LIMITS): Promise<TarReport> {
  const report: TarReport = { files: 0, skipped: [] };
  const fd = fs.openSync(file, 'r');
  try {
    const entries = readZipFileDirectory(fd, fs.fstatSync(fd).size, file, limits.maxEntries);
    // The declared sizes bound the whole before anything is written; each entry is held to its own.
    const total = entries.reduce((n, e) => n + (skipReason(e) ? 0 : e.size), 0);
    if (total > limits.maxBytes) throw new ZipError(file, `archive expands past ${limits.maxBytes} bytes`);
    for (const e of entries) {
      const reason = skipReason(e);
      if (reason) {
        if (reason !== 'folder') report.skipped.push({ name: e.name, reason });
        continue;
      }
      const out = path.join(dest, safeEntryPath(e.name)!);
      if (fs.existsSync(out)) {
        report.skipped.push({ name: e.name, reason: 'name given twice' });
        continue;
      }
      try {
        fs.mkdirSync(path.dirname(out), { recursive: true });
        await writeEntry(fd, file, e, out, file);
        const seconds = zipEntrySeconds(e);
        if (Number.isFinite(seconds)) fs.utimesSync(out, seconds, seconds);
      } catch (err) {
        if (err instanceof ZipError) throw err;
        throw new ZipError(file, `${e.name} cannot be unpacked: ${(err as Error).message}`);
      }
      report.files++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return report;
}

/**
 * Unpacks one entry of the archive's directory (as zipFileEntries read it) to `out` (a new file),
 * within the same bounds as a whole archive: a regular file with a safe name, at most
 * `limits.maxBytes`, its size and CRC-32 checked.
 */
export async function extractZipEntry(file: string, e: ZipEntry, out: string, limits: TarLimits = DEFAULT_LIMITS): Promise<void> {
  const reason = skipReason(e);
  if (reason) throw new ZipError(file, `${e.name} cannot be unpacked: ${reason}`);
  if (e.size > limits.maxBytes) throw new ZipError(file, `${e.name} expands past ${limits.maxBytes} bytes`);
  const fd = fs.openSync(file, 'r');
  try {
    await writeEntry(fd, file, e, out, file);
  } finally {
    fs.closeSync(fd);
  }
}
