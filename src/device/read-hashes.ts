// SHA-256 of evidence files taken as a module reads them whole (a database read into memory), for
// info.json: hashing them again at the end of a check re-read a big phone's hundred megabytes while
// the check waited. Each thread keeps its own; a worker's go to the check's thread with its runs.
// A hash is used only while the file's size and modification time are still those it was taken at.
import crypto from 'node:crypto';
import type fs from 'node:fs';

export interface ReadHash {
  size: number;
  mtimeMs: number;
  sha256: string;
}

const known = new Map<string, ReadHash>();

/** Notes the hash of `bytes`, the whole of `file` as read when it had `stat`. */
export function noteReadHash(file: string, stat: fs.Stats, bytes: Buffer): void {
  known.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, sha256: crypto.createHash('sha256').update(bytes).digest('hex') });
}

/** This thread's hashes, to send to another. */
export function readHashes(): [string, ReadHash][] {
  return [...known];
}

/** Hashes another thread took. */
export function addReadHashes(entries: readonly [string, ReadHash][]): void {
  for (const [file, h] of entries) known.set(file, h);
}

/**
 * The hash taken when `file` was read, if it has not changed since (`stat` is its state now). Given
 * once: a long-running process (the console) does not keep every check's hashes.
 */
export function takeReadHash(file: string, stat: fs.Stats): string | undefined {
  const h = known.get(file);
  known.delete(file);
  return h && h.size === stat.size && h.mtimeMs === stat.mtimeMs ? h.sha256 : undefined;
}

/** Drops the hashes of `files` (a check that writes no info.json takes none of them). */
export function forgetReadHashes(files: Iterable<string>): void {
  for (const f of files) known.delete(f);
}
