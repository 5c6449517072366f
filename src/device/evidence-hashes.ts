// info.json's hashes: the indicator files, and the evidence as read (the archive itself for a
// bugreport or sysdiagnose, else each file a module opened). A database is hashed as a module reads
// it (read-hashes.ts); any other file here, off the JavaScript thread (WebCrypto's digest runs in
// libuv's pool), while the check's thread merges timeline.csv.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { isFile } from '../core/index.ts';
import { takeReadHash } from './read-hashes.ts';

export interface FileHash {
  file_path: string;
  sha256: string;
}

// Past this size a file is hashed as a stream, on the JavaScript thread, rather than held whole.
const WHOLE_MAX_BYTES = 512 * 2 ** 20;

async function sha256(file: string): Promise<string> {
  const stat = await fs.promises.stat(file);
  const taken = takeReadHash(file, stat);
  if (taken) return taken;
  if (stat.size > WHOLE_MAX_BYTES) {
    const hash = crypto.createHash('sha256');
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
  const digest = await crypto.webcrypto.subtle.digest('SHA-256', await fs.promises.readFile(file));
  return Buffer.from(digest).toString('hex');
}

// Files hashed at once: a dump whose modules opened thousands of files is not held in memory whole.
const AT_ONCE = 4;

async function hashed(entries: [string, string][]): Promise<FileHash[]> {
  const out: FileHash[] = new Array(entries.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < entries.length; i = next++) out[i] = { file_path: entries[i][0], sha256: await sha256(entries[i][1]) };
  };
  await Promise.all(Array.from({ length: AT_ONCE }, lane));
  return out;
}

/** The hashes info.json gives: `read` maps each file's logical path to where it was read. */
export async function evidenceHashes(root: string, read: ReadonlyMap<string, string>, iocFiles: string[]): Promise<{ ioc_hashes: FileHash[]; hashes: FileHash[] }> {
  const archive = isFile(root) ? [[root, root] as [string, string]] : [];
  const [ioc_hashes, hashes] = await Promise.all([hashed(iocFiles.map((f) => [f, f])), hashed([...archive, ...[...read].sort(([a], [b]) => a.localeCompare(b))])]);
  return { ioc_hashes, hashes };
}
