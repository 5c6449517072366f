// Zeek intel framework files: tab-separated, a `#fields` header naming the columns, `-` for unset.
import { own, ParseError } from '../../core/index.ts';
import { normalizeAs, normalizeHash } from '../normalize.ts';
import type { CollectionDraft, Dropped, ImportResult, IndicatorDraft, IndicatorType } from '../types.ts';

const ZEEK_TYPES: Record<string, IndicatorType | 'hash' | 'cert' | 'addr'> = {
  'Intel::ADDR': 'addr',
  'Intel::SUBNET': 'addr',
  'Intel::URL': 'url',
  'Intel::EMAIL': 'email',
  'Intel::DOMAIN': 'domain',
  'Intel::USER_NAME': 'account',
  'Intel::FILE_HASH': 'hash',
  'Intel::CERT_HASH': 'cert',
  'Intel::FILE_NAME': 'file_name',
};

export function importZeekIntel(text: string, where: string, defaultCollection: string): ImportResult {
  const lines = text.split(/\r?\n/);
  let fields: string[] | undefined;
  let sep = '\t';
  const collections = new Map<string, CollectionDraft>();
  const indicators: IndicatorDraft[] = [];
  const dropped: Dropped[] = [];
  let sourceItems = 0;
  lines.forEach((line, n) => {
    const location = `line ${n + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#separator')) {
      const spec = line.slice('#separator'.length).trim();
      sep = spec.replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      return;
    }
    if (line.startsWith('#fields')) {
      fields = line.split(sep).slice(1);
      if (!fields.includes('indicator') || !fields.includes('indicator_type')) {
        throw new ParseError('ZEEK_INTEL', '#fields must name indicator and indicator_type', { where: `${where}:${n + 1}` });
      }
      return;
    }
    if (line.startsWith('#')) return;
    if (!fields) throw new ParseError('ZEEK_INTEL', 'data before the #fields header', { where: `${where}:${n + 1}`, hint: 'is this a Zeek intel file?' });
    sourceItems++;
    const cols = line.split(sep);
    const get = (name: string) => {
      const v = cols[fields!.indexOf(name)];
      return v === undefined || v === '-' || v === '(empty)' ? undefined : v;
    };
    const raw = get('indicator') ?? '';
    const zeekType = get('indicator_type') ?? '';
    const kind = own(ZEEK_TYPES, zeekType);
    if (!kind) return void dropped.push({ location, original: raw, reason: `Zeek type '${zeekType}' is not supported` });
    const source = get('meta.source') ?? defaultCollection;
    if (!collections.has(source)) collections.set(source, { key: source, name: source, kind: 'zeek-source' });
    // Zeek's URL type has no scheme; vigil's own exports keep the full URL in meta.url.
    const metaUrl = get('meta.url');
    const value = kind === 'url' && metaUrl && metaUrl.endsWith(raw) ? metaUrl : raw;
    const norm = kind === 'addr' ? normalizeAs(raw.includes(':') ? 'ipv6' : 'ipv4', raw)
      : kind === 'hash' ? normalizeHash(raw)
      : kind === 'cert' ? (() => { const h = normalizeHash(raw); return h.ok ? normalizeHash(raw, `cert_${h.type}` as IndicatorType) : h; })()
      : normalizeAs(kind, value);
    if (!norm.ok) return void dropped.push({ location, original: raw, reason: `${norm.reason} (${zeekType})` });
    const desc = get('meta.desc');
    indicators.push({ type: norm.type, value: norm.value, match: norm.match, original: raw, collection: source, location, labels: desc ? [desc] : undefined });
  });
  if (!fields) throw new ParseError('ZEEK_INTEL', 'no #fields header', { where, hint: 'a Zeek intel file starts with #fields indicator\tindicator_type …' });
  return { format: 'zeek', collections: [...collections.values()], indicators, dropped, sourceItems };
}
