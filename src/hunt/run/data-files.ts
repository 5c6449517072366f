// Which files a hunt reads: files, folders (recursively) and globs, each classified as call
// telemetry (Parquet, JSON Lines, CSV, gzip allowed) or a Zeek log (by its #path header or name).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { InputError } from '../../core/index.ts';

export type DataFile =
  | { kind: 'telemetry'; file: string; format: 'parquet' | 'jsonl' | 'csv' }
  | { kind: 'zeek'; file: string; service: string; encoding: 'tsv' | 'json' };

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

export interface DataPath {
  file: string;
  /** Named on the command line (not found in a folder or by a glob): it must be readable data. */
  explicit: boolean;
}

/** Expands the --data arguments to files; a glob or folder that finds nothing is an error. */
export function expandDataPaths(args: string[]): DataPath[] {
  const files: DataPath[] = [];
  for (const arg of args) {
    if (/[*?]/.test(arg)) {
      const abs = path.resolve(arg);
      const root = abs.slice(0, abs.search(/[*?]/)).replace(/[^/]*$/, '') || '/';
      const re = globToRegExp(abs);
      const all: string[] = [];
      if (fs.existsSync(root)) walk(root, all);
      const hits = all.filter((f) => re.test(f));
      if (hits.length === 0) throw new InputError('DATA_NONE', 'the pattern matches no file', { where: arg });
      files.push(...hits.map((file) => ({ file, explicit: false })));
    } else if (fs.existsSync(arg) && fs.statSync(arg).isDirectory()) {
      const all: string[] = [];
      walk(arg, all);
      const found = all.filter((f) => classifyByName(f) !== 'skip');
      if (found.length === 0) throw new InputError('DATA_NONE', 'the folder holds no .parquet, .jsonl, .csv, .log or .json file', { where: arg });
      files.push(...found.map((file) => ({ file, explicit: false })));
    } else if (fs.existsSync(arg)) files.push({ file: arg, explicit: true });
    else throw new InputError('DATA_MISSING', 'no such file or folder', { where: arg, hint: 'check the --data path' });
  }
  const seen = new Map<string, DataPath>();
  for (const f of files) {
    const abs = path.resolve(f.file);
    seen.set(abs, { file: abs, explicit: f.explicit || Boolean(seen.get(abs)?.explicit) });
  }
  return [...seen.values()];
}

function classifyByName(file: string): 'parquet' | 'jsonl' | 'csv' | 'log' | 'skip' {
  const name = path.basename(file).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.log') || name.endsWith('.json')) return 'log';
  return 'skip';
}

/** The first bytes of a file, decompressed if it is gzip. */
export function head(file: string, bytes = 4096): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    const raw = buf.subarray(0, n);
    if (raw[0] === 0x1f && raw[1] === 0x8b) {
      try {
        return zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
      } catch {
        return '';
      }
    }
    return raw.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

const ZEEK_SERVICES = ['dns', 'conn', 'ssl', 'http'];

/** What a file holds; undefined for a file found in a folder that is neither (truth.json, notes). */
export function classifyDataFile({ file, explicit }: DataPath): DataFile | undefined {
  const byName = classifyByName(file);
  if (byName === 'parquet') return { kind: 'telemetry', file, format: 'parquet' };
  if (byName === 'csv') return { kind: 'telemetry', file, format: 'csv' };
  const text = head(file);
  const pathHeader = /^#path\t(\S+)/m.exec(text);
  if (pathHeader || text.startsWith('#separator')) {
    const service = pathHeader?.[1] ?? path.basename(file).split('.')[0];
    return { kind: 'zeek', file, service, encoding: 'tsv' };
  }
  const firstLine = text.split('\n')[0] ?? '';
  if (byName === 'jsonl' || /"call_id"\s*:/.test(firstLine)) return { kind: 'telemetry', file, format: 'jsonl' };
  if (/"uid"\s*:/.test(firstLine) && /"id\.orig_h"\s*:/.test(firstLine)) {
    const service = path.basename(file).split('.')[0];
    if (ZEEK_SERVICES.includes(service)) return { kind: 'zeek', file, service, encoding: 'json' };
  }
  if (!explicit) return undefined;
  throw new InputError('DATA_FORMAT', 'cannot tell what this file holds (call telemetry .parquet/.jsonl/.csv, or a Zeek dns/conn/ssl/http log)', { where: file });
}
