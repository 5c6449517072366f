// Android intrusion logs as an investigator receives them: a folder of exported .txt files (and zips
// of them), or one zip. As MVT walks them: every .txt at any depth, and the .txt inside every zip,
// zips inside zips included. Zips are read in memory within bounds: each entry to its declared size
// (1 GiB at most), everything inflated together to 2 GiB, and zips nested 4 deep at most, so a
// decompression bomb is a clear error, not an exhausted machine. Symbolic links are not followed.
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactNotFound } from '../errors.ts';
import { fsSource } from './fs.ts';
import { safeEntryPath } from './tar.ts';
import type { ArtifactSource } from './types.ts';
import { readZipDirectory, readZipEntry, ZipError } from './zip.ts';

const MAX_TOTAL_BYTES = 2 * 1024 ** 3;
const MAX_DEPTH = 4;

export function intrusionLogsSource(target: string): ArtifactSource {
  if (!fs.existsSync(target)) throw new ArtifactNotFound('intrusion logs (a folder of exported .txt files, or a zip)', target);
  if (fs.statSync(target).isDirectory()) return { ...fsSource(target), kind: 'intrusion-logs', spec: undefined };
  return { kind: 'intrusion-logs', root: path.resolve(target), file: () => undefined, find: () => [] };
}

/** Each log file's text, named by its path (a zip's entries as `zip::entry`, as MVT names them). */
export function intrusionLogTexts(source: ArtifactSource): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  let total = 0;
  const take = (bytes: number, where: string) => {
    total += bytes;
    if (total > MAX_TOTAL_BYTES) throw new ZipError(where, `the intrusion logs inflate past ${MAX_TOTAL_BYTES} bytes`);
  };
  const walkZip = (buf: Buffer, name: string, depth: number) => {
    if (depth > MAX_DEPTH) throw new ZipError(name, `zips nested more than ${MAX_DEPTH} deep`);
    for (const e of readZipDirectory(buf, name)) {
      if (e.name.endsWith('/') || !safeEntryPath(e.name)) continue;
      const lower = e.name.toLowerCase();
      if (!lower.endsWith('.txt') && !lower.endsWith('.zip')) continue;
      take(e.size, name);
      const data = readZipEntry(buf, e, name);
      if (lower.endsWith('.txt')) out.push({ name: `${name}::${e.name}`, text: data.toString('utf8') });
      else walkZip(data, `${name}::${e.name}`, depth + 1);
    }
  };
  if (fs.statSync(source.root).isDirectory()) {
    for (const f of source.find(/\.(txt|zip)$/i).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const size = fs.statSync(f.file).size;
      take(size, f.path);
      if (/\.txt$/i.test(f.path)) out.push({ name: f.path, text: fs.readFileSync(f.file, 'utf8') });
      else walkZip(fs.readFileSync(f.file), f.path, 1);
    }
  } else {
    take(fs.statSync(source.root).size, source.root);
    walkZip(fs.readFileSync(source.root), path.basename(source.root), 1);
  }
  return out;
}
