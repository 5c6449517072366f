// The header of a Zeek TSV log: separator, field names and types, and how many lines it takes.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { ParseError } from '../../core/index.ts';

export interface ZeekHeader {
  separator: string;
  fields: string[];
  types: string[];
  headerLines: number;
  path?: string;
  /** The text of a field that is not set, and of an empty set or vector. */
  unset: string;
  empty: string;
}

export function readZeekHeader(file: string): ZeekHeader {
  let raw = Buffer.alloc(0);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    raw = buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8') : raw.toString('utf8');
  const lines = text.split('\n');
  let separator = '\t';
  let fields: string[] | undefined;
  let types: string[] = [];
  let headerLines = 0;
  let path: string | undefined;
  let unset = '-';
  let empty = '(empty)';
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    headerLines++;
    if (line.startsWith('#separator ')) separator = line.slice(11).replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    else if (line.startsWith('#fields')) fields = line.split(separator).slice(1);
    else if (line.startsWith('#types')) types = line.split(separator).slice(1);
    else if (line.startsWith('#path')) path = line.split(separator)[1];
    else if (line.startsWith('#unset_field')) unset = line.split(separator)[1] ?? unset;
    else if (line.startsWith('#empty_field')) empty = line.split(separator)[1] ?? empty;
  }
  if (!fields) throw new ParseError('ZEEK_HEADER', 'Zeek log without a #fields header', { where: file });
  return { separator, fields, types, headerLines, path, unset, empty };
}
