// Indicator use cases over the case store: import a file in one transaction, build the match
// index with the active warninglists, summarise what is loaded.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import { parseIndicators, readIndicatorFile, type ImportOptions } from './import/index.ts';
import { MatchIndex } from './match-index.ts';
import * as queries from './queries.ts';
import type { Dropped, IndicatorRecord, IndicatorType } from './types.ts';
import { parseWarninglist, WarninglistSet, type Warninglist } from './warninglist.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILTIN_WARNINGLIST_DIR = path.join(REPO_ROOT, 'data/warninglists');
export const BUNDLED_IOCS_DIR = path.join(REPO_ROOT, 'data/iocs');

export interface FileImportReport {
  file: string;
  format: string;
  /** Items as the source counts them (STIX indicators, MISP attributes, list lines). */
  sourceItems: number;
  imported: number;
  byType: Partial<Record<IndicatorType, number>>;
  collections: string[];
  dropped: Dropped[];
  /** Imported values that a warninglist marks as known-benign (kept, but suppressed when matched). */
  suppressed: { type: IndicatorType; value: string; warninglist: string }[];
}

export function builtinWarninglists(): Warninglist[] {
  if (!fs.existsSync(BUILTIN_WARNINGLIST_DIR)) return [];
  return fs
    .readdirSync(BUILTIN_WARNINGLIST_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const p = path.join(BUILTIN_WARNINGLIST_DIR, f);
      return { ...parseWarninglist(fs.readFileSync(p, 'utf8'), p), builtin: true, path: p };
    });
}

export async function activeWarninglists(store: Store): Promise<Warninglist[]> {
  const stored = await queries.loadWarninglists(store);
  const names = new Set(stored.map((w) => w.name));
  return [...builtinWarninglists().filter((w) => !names.has(w.name)), ...stored];
}

export async function importIndicatorFile(store: Store, file: string, opts: ImportOptions = {}): Promise<FileImportReport> {
  const { text, bytes } = readIndicatorFile(file);
  // Parse fully before touching the store: a file that fails as a whole writes nothing.
  const result = parseIndicators(text, file, opts);
  // Importing a file replaces its earlier import: an empty or wholly unusable version (a truncated
  // download, a changed format) would silently erase indicators that were there.
  if (result.indicators.length === 0) {
    const first = result.dropped[0];
    throw new InputError('IOCS_NOTHING_USABLE', result.sourceItems === 0 ? 'the file holds no indicator' : `none of its ${result.sourceItems} items is a usable indicator (first: ${first ? `${first.location}: ${first.reason}` : 'unknown'})`, {
      where: file,
      hint: 'nothing was imported and an earlier import of this file is kept; to drop that one, vigil iocs remove FILE',
    });
  }
  const abs = path.resolve(file);
  await store.transaction(async (tx) => {
    const sourceId = await queries.replaceSource(tx, {
      path: abs,
      name: path.basename(file),
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      format: result.format,
      sourceItems: result.sourceItems,
    });
    const used = new Set(result.indicators.map((i) => i.collection));
    const collectionIds = await queries.insertCollections(tx, sourceId, result.collections.filter((c) => used.has(c.key)));
    await queries.insertIndicators(tx, sourceId, collectionIds, result.indicators);
    await queries.insertDropped(tx, sourceId, result.dropped);
  });
  const wl = new WarninglistSet(await activeWarninglists(store));
  const byType: FileImportReport['byType'] = {};
  const suppressed: FileImportReport['suppressed'] = [];
  for (const i of result.indicators) {
    byType[i.type] = (byType[i.type] ?? 0) + 1;
    const hit = wl.check(i.type, i.value);
    if (hit) suppressed.push({ type: i.type, value: i.value, warninglist: hit.warninglist });
  }
  const names = new Map(result.collections.map((c) => [c.key, c.name]));
  return {
    file,
    format: result.format,
    sourceItems: result.sourceItems,
    imported: result.indicators.length,
    byType,
    collections: [...new Set(result.indicators.map((i) => names.get(i.collection) ?? i.collection))],
    dropped: result.dropped,
    suppressed,
  };
}

export interface IndexOptions {
  /** Turn warninglist suppression off (every match reported as a plain match). */
  noWarninglists?: boolean;
  /** Indicator files to match against instead of the store. */
  files?: string[];
}

export async function loadMatchIndex(store: Store, opts: IndexOptions = {}): Promise<MatchIndex> {
  const wl = opts.noWarninglists ? undefined : new WarninglistSet(await activeWarninglists(store));
  const records = opts.files && opts.files.length > 0 ? recordsFromFiles(opts.files).records : await queries.loadIndicators(store);
  return new MatchIndex(records, wl);
}

/**
 * A match against no indicator finds nothing whatever the input: refused, so that it never reads as
 * clean. `count` is how many indicators were loaded; `files`, the indicator files they came from.
 */
export function requireIndicators(count: number, files?: string[]): void {
  if (count > 0) return;
  const fromFiles = files !== undefined && files.length > 0;
  throw new InputError('IOCS_NONE', fromFiles ? 'the indicator files hold no usable indicator' : 'the store holds no indicator to match against', {
    where: fromFiles ? files.join(' ') : undefined,
    hint: fromFiles ? 'check the indicator files (vigil iocs import shows what each holds and drops)' : 'import some with vigil iocs import FILE, or give --iocs FILE',
  });
}

export interface IndicatorStats {
  total: number;
  byType: Record<string, number>;
  byCollection: Record<string, Record<string, number>>;
  sources: queries.SourceRow[];
  warninglists: { name: string; type: string; entries: number; builtin: boolean }[];
}

export async function indicatorStats(store: Store): Promise<IndicatorStats> {
  const counts = await queries.countsByCollectionAndType(store);
  const byType: Record<string, number> = {};
  const byCollection: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const c of counts) {
    total += c.n;
    byType[c.type] = (byType[c.type] ?? 0) + c.n;
    (byCollection[c.collection] ??= {})[c.type] = c.n;
  }
  const wls = await activeWarninglists(store);
  return {
    total,
    byType,
    byCollection,
    sources: await queries.listSources(store),
    warninglists: wls.map((w) => ({ name: w.name, type: w.type, entries: w.list.length, builtin: Boolean(w.builtin) })),
  };
}

export async function importWarninglistFile(store: Store, file: string): Promise<Warninglist> {
  const { text } = readIndicatorFile(file);
  const wl = { ...parseWarninglist(text, file), path: path.resolve(file) };
  await store.transaction((tx) => queries.replaceWarninglist(tx, wl));
  return wl;
}

/** Indicator records straight from files, without the store (for `--iocs FILE`). */
export function recordsFromFiles(files: string[], opts: ImportOptions = {}): { records: IndicatorRecord[]; dropped: number } {
  const records: IndicatorRecord[] = [];
  let dropped = 0;
  for (const file of files) {
    const result = parseIndicators(readIndicatorFile(file).text, file, opts);
    dropped += result.dropped.length;
    const names = new Map(result.collections.map((c) => [c.key, c.name]));
    for (const d of result.indicators) {
      records.push({
        id: records.length + 1,
        type: d.type,
        value: d.value,
        match: d.match,
        original: d.original,
        collection: names.get(d.collection) ?? d.collection,
        source: path.basename(file),
        location: d.location,
        stixId: d.stixId ?? null,
        pattern: d.pattern ?? null,
        conditions: d.conditions ?? null,
        validFrom: d.validFrom ?? null,
      });
    }
  }
  return { records, dropped };
}
