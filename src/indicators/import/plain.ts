// Plain lists: one value per line, `#` comments, defanged values accepted. The type comes from
// --type, from a `# type: …` line in the file, or is inferred from the value's shape.
import { inferType, normalizeAs } from '../normalize.ts';
import { refang } from '../defang.ts';
import { isIndicatorType, type CollectionDraft, type Dropped, type ImportResult, type IndicatorDraft, type IndicatorType } from '../types.ts';

export interface PlainOptions {
  type?: IndicatorType;
  collection: string;
}

const DIRECTIVE = /^#\s*(type|collection)\s*:\s*(.+?)\s*$/i;

export function importPlain(text: string, opts: PlainOptions): ImportResult {
  let type = opts.type;
  let collection = opts.collection;
  const collections = new Map<string, CollectionDraft>();
  const indicators: IndicatorDraft[] = [];
  const dropped: Dropped[] = [];
  let sourceItems = 0;
  text.split(/\r?\n/).forEach((rawLine, n) => {
    const location = `line ${n + 1}`;
    const line = rawLine.replace(/^\uFEFF/, '').trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const d = DIRECTIVE.exec(line);
      if (d && d[1].toLowerCase() === 'type') {
        // --type on the command line wins over the file's own directive.
        if (!opts.type) {
          if (isIndicatorType(d[2])) type = d[2];
          else dropped.push({ location, original: line, reason: `unknown type '${d[2]}' in directive` });
        }
      } else if (d) collection = d[2];
      return;
    }
    sourceItems++;
    const value = line.replace(/\s+#.*$/, '');
    const t = type ?? inferType(value);
    if (!t) return void dropped.push({ location, original: value, reason: 'cannot infer the type; give --type (e.g. process, file_name)' });
    const norm = normalizeAs(t, t === 'process' || t === 'file_name' || t === 'file_path' ? value : refang(value));
    if (!norm.ok) return void dropped.push({ location, original: value, reason: norm.reason });
    if (!collections.has(collection)) collections.set(collection, { key: collection, name: collection, kind: 'list' });
    indicators.push({ type: norm.type, value: norm.value, match: norm.match, original: value, collection, location });
  });
  return { format: 'txt', collections: [...collections.values()], indicators, dropped, sourceItems };
}
