// Reads one indicator file and hands it to the importer its format needs (given or detected).
import fs from 'node:fs';
import path from 'node:path';
import { decodeText, InputError, UsageError } from '../../core/index.ts';
import type { ImportResult, IndicatorType } from '../types.ts';
import { importMisp } from './misp.ts';
import { importPlain } from './plain.ts';
import { importStix } from './stix.ts';
import { importZeekIntel } from './zeek-intel.ts';

export const IMPORT_FORMATS = ['stix', 'misp', 'zeek', 'txt'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  format?: ImportFormat;
  type?: IndicatorType;
  collection?: string;
  includeNonIds?: boolean;
}

/** Indicator files are read whole; past this size something is wrong with the input. */
const MAX_FILE_BYTES = 1 << 30;

export function detectFormat(text: string): ImportFormat {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/"Event"\s*:|"response"\s*:|"Attribute"\s*:/.test(head)) return 'misp';
    return 'stix';
  }
  if (/^#fields\t/m.test(head) || /^#separator /m.test(head)) return 'zeek';
  return 'txt';
}

export function readIndicatorFile(file: string): { text: string; bytes: Buffer } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError('INPUT_MISSING', 'no such file', { where: file, hint: 'check the path' });
  }
  if (!stat.isFile()) throw new InputError('INPUT_NOT_FILE', 'not a regular file', { where: file });
  if (stat.size > MAX_FILE_BYTES) throw new InputError('INPUT_TOO_LARGE', `file is larger than ${MAX_FILE_BYTES} bytes`, { where: file });
  const bytes = fs.readFileSync(file);
  // Windows tools write a byte-order mark, which JSON.parse refuses (decodeText drops it), or UTF-16.
  return { text: decodeText(bytes), bytes };
}

export function parseIndicators(text: string, file: string, opts: ImportOptions = {}): ImportResult {
  const format = opts.format ?? detectFormat(text);
  const baseName = path.basename(file).replace(/\.[^.]+$/, '');
  if (opts.type && format !== 'txt') throw new UsageError(`--type applies to plain lists, not ${format} files`, { where: file });
  switch (format) {
    case 'stix':
      return importStix(text, file);
    case 'misp':
      return importMisp(text, file, { includeNonIds: opts.includeNonIds });
    case 'zeek':
      return importZeekIntel(text, file, opts.collection ?? baseName);
    case 'txt':
      return importPlain(text, { type: opts.type, collection: opts.collection ?? baseName });
  }
}
