// One compiled index over all indicators. Each query type has its own semantics: parent domains
// up to the registrable domain, CIDR containment, path prefixes at '/' boundaries, MVT's truncated
// process names. Every match carries the indicator's provenance and any warninglist suppression.
import { getDomain } from 'tldts';
import { IpSet } from './ipset.ts';
import { likeToRegExp } from './like.ts';
import { canonicalDomain, canonicalHost, canonicalIp, inferType, normalizeAs, urlParts } from './normalize.ts';
import type { IndicatorRecord, IndicatorType } from './types.ts';
import { WarninglistSet, type Warninglist, type WarninglistHit } from './warninglist.ts';

export type MatchHow =
  | 'exact' | 'parent-domain' | 'url-host' | 'cidr' | 'path-prefix' | 'file-name'
  | 'process-truncated' | 'like' | 'regex';

export interface Match {
  /** The observed value, normalized. */
  observed: string;
  observedType: IndicatorType;
  how: MatchHow;
  indicator: IndicatorRecord;
  /** The indicator's pattern has further terms (other properties, qualifiers) a single value cannot satisfy. */
  partial: boolean;
  suppressed?: WarninglistHit;
}

/** What a query may ask for: a vigil type, a hash or certificate of any algorithm, or a guess. */
export type QueryType = IndicatorType | 'hash' | 'cert' | 'auto';

/** An index as plain data, which a message to another thread carries; that thread builds it again. */
export interface PortableIndex {
  records: IndicatorRecord[];
  warninglists?: Warninglist[];
}

const HASH_TYPES = ['md5', 'sha1', 'sha256', 'sha512'] as const;
const CERT_TYPES = ['cert_md5', 'cert_sha1', 'cert_sha256'] as const;

export class MatchIndex {
  private exact = new Map<string, IndicatorRecord[]>();
  private ips = new IpSet<IndicatorRecord>();
  private processPrefix = new Map<string, IndicatorRecord[]>();
  private patterns = new Map<IndicatorType, { re: RegExp; how: MatchHow; rec: IndicatorRecord }[]>();
  readonly size: number;
  // Device checks and log scans see the same hosts and URLs over and over: remember the answers,
  // within a bound, as MVT caches check_url. One memo per kind of lookup, keyed by the raw value
  // itself: a key built as kind + value was a new string per lookup, hashed anew, where a string
  // seen before (a page's URL, shared by its visits) keeps its hash.
  private readonly memos = { d: new Map<string, readonly Match[]>(), u: new Map<string, readonly Match[]>() };
  private static readonly MEMO_MAX = 200_000;

  constructor(readonly records: IndicatorRecord[], private readonly warninglists?: WarninglistSet) {
    for (const r of records) {
      if (r.match === 'like' || r.match === 'regex') {
        const list = this.patterns.get(r.type) ?? [];
        try {
          list.push({ re: r.match === 'like' ? likeToRegExp(r.value) : new RegExp(r.value, 'u'), how: r.match, rec: r });
        } catch {
          continue; // validated at import; a hand-edited store row must not break every match
        }
        this.patterns.set(r.type, list);
      } else if (r.match === 'cidr' || r.type === 'ipv4' || r.type === 'ipv6') {
        this.ips.add(r.value, r);
      } else {
        push(this.exact, key(r.type, r.value), r);
        if (r.type === 'process' && r.value.length > 15) {
          // iOS truncates process names to 15 or 16 characters in several databases.
          push(this.processPrefix, r.value.slice(0, 15), r);
          push(this.processPrefix, r.value.slice(0, 16), r);
        }
      }
    }
    this.size = records.length;
  }

  portable(): PortableIndex {
    return { records: this.records, warninglists: this.warninglists?.definitions };
  }

  static fromPortable(p: PortableIndex): MatchIndex {
    return new MatchIndex(p.records, p.warninglists && new WarninglistSet(p.warninglists));
  }

  /** Records of the exact-match table for a type, e.g. all domains (the scanner compiles these). */
  valuesOf(type: IndicatorType): IndicatorRecord[] {
    return this.records.filter((r) => r.type === type && r.match === 'exact');
  }

  private finish(observed: string, observedType: IndicatorType, how: MatchHow, recs: readonly IndicatorRecord[] | undefined, out: Match[]): void {
    if (!recs) return;
    for (const indicator of recs) {
      const suppressed = this.warninglists?.check(indicator.type, indicator.value) ?? this.warninglists?.check(observedType, observed);
      out.push({ observed, observedType, how, indicator, partial: Boolean(indicator.conditions && indicator.conditions.length > 0), suppressed });
    }
  }

  private matchPatterns(type: IndicatorType, value: string, out: Match[]): void {
    for (const p of this.patterns.get(type) ?? []) if (p.re.test(value)) this.finish(value, type, p.how, [p.rec], out);
  }

  private remembered(kind: 'd' | 'u', raw: string, compute: (out: Match[]) => Match[], out: Match[]): Match[] {
    const memo = this.memos[kind];
    let hit = memo.get(raw);
    if (!hit) {
      hit = compute([]);
      if (memo.size >= MatchIndex.MEMO_MAX) memo.clear();
      memo.set(raw, hit);
    }
    for (const m of hit) out.push(m);
    return out;
  }

  domain(raw: string, out: Match[] = []): Match[] {
    return this.remembered('d', raw, (o) => this.domainUncached(raw, o), out);
  }

  private domainUncached(raw: string, out: Match[]): Match[] {
    const d = canonicalDomain(raw);
    if (!d) return out;
    // Walk from the full name up to the registrable domain; never to a public suffix like co.uk.
    const registrable = getDomain(d, { allowPrivateDomains: false }) ?? d.split('.').slice(-2).join('.');
    let cur: string | undefined = d;
    while (cur) {
      this.finish(d, 'domain', cur === d ? 'exact' : 'parent-domain', this.exact.get(key('domain', cur)), out);
      if (cur === registrable || cur.length <= registrable.length) break;
      cur = cur.slice(cur.indexOf('.') + 1);
    }
    this.matchPatterns('domain', d, out);
    return out;
  }

  ip(raw: string, out: Match[] = []): Match[] {
    const ip = canonicalIp(raw);
    if (!ip) return out;
    for (const rec of this.ips.lookup(ip.value)) this.finish(ip.value, ip.family, rec.match === 'cidr' ? 'cidr' : 'exact', [rec], out);
    this.matchPatterns(ip.family, ip.value, out);
    return out;
  }

  url(raw: string, out: Match[] = []): Match[] {
    return this.remembered('u', raw, (o) => this.urlUncached(raw, o), out);
  }

  private urlUncached(raw: string, out: Match[]): Match[] {
    // Parsed once: the canonical URL and its host come from the same parse.
    const n = urlParts(raw);
    if ('error' in n) return out;
    this.finish(n.value, 'url', 'exact', this.exact.get(key('url', n.value)), out);
    this.matchPatterns('url', n.value, out);
    const host = canonicalHost(n.hostname);
    if (host) {
      const hostMatches = canonicalIp(host) ? this.ip(host) : this.domain(host);
      for (const m of hostMatches) out.push({ ...m, observed: n.value, observedType: 'url', how: 'url-host' });
    }
    return out;
  }

  process(raw: string, out: Match[] = []): Match[] {
    const name = raw.slice(raw.lastIndexOf('/') + 1);
    if (!name) return out;
    this.finish(name, 'process', 'exact', this.exact.get(key('process', name)), out);
    if (name.length === 15 || name.length === 16) this.finish(name, 'process', 'process-truncated', this.processPrefix.get(name), out);
    this.matchPatterns('process', name, out);
    return out;
  }

  filePath(raw: string, out: Match[] = []): Match[] {
    const p = raw.trim();
    if (!p) return out;
    // The path itself and every ancestor directory, with and without its trailing slash.
    for (let i = p.indexOf('/', 1); i >= 0; i = p.indexOf('/', i + 1)) {
      this.finish(p, 'file_path', 'path-prefix', this.exact.get(key('file_path', p.slice(0, i))), out);
      this.finish(p, 'file_path', 'path-prefix', this.exact.get(key('file_path', p.slice(0, i + 1))), out);
    }
    this.finish(p, 'file_path', 'exact', this.exact.get(key('file_path', p)), out);
    this.matchPatterns('file_path', p, out);
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (base) this.finish(p, 'file_path', 'file-name', this.exact.get(key('file_name', base)), out);
    return out;
  }

  /** Exact lookup of a type whose values have no structure to walk. */
  exactOf(type: IndicatorType, raw: string, out: Match[] = []): Match[] {
    const n = normalizeAs(type, raw);
    if (!n.ok) return out;
    this.finish(n.value, type, 'exact', this.exact.get(key(n.type, n.value)), out);
    this.matchPatterns(type, n.value, out);
    return out;
  }

  /** Matches a value of the given type; 'auto' guesses the type and tries every plain type. */
  match(value: string, type: QueryType = 'auto'): Match[] {
    const out: Match[] = [];
    switch (type) {
      case 'domain':
        return this.domain(value, out);
      case 'ipv4':
      case 'ipv6':
        return this.ip(value, out);
      case 'url':
        return this.url(value, out);
      case 'process':
        return this.process(value, out);
      case 'file_path':
        return this.filePath(value, out);
      case 'hash':
        for (const t of HASH_TYPES) this.exactOf(t, value, out);
        return out;
      case 'cert':
        for (const t of CERT_TYPES) this.exactOf(t, value, out);
        return out;
      case 'account':
      case 'phone':
        // Accounts of the messaging service are phone numbers: either kind of indicator counts.
        this.exactOf('account', value, out);
        return this.exactOf('phone', value, out);
      case 'auto':
        return this.auto(value, out);
      default:
        return this.exactOf(type, value, out);
    }
  }

  private auto(value: string, out: Match[]): Match[] {
    const t = inferType(value);
    if (t === 'url' || t === 'ipv4' || t === 'ipv6' || t === 'email' || t === 'phone') return this.match(value, t);
    if (t && (HASH_TYPES as readonly string[]).includes(t)) {
      for (const h of [...HASH_TYPES, ...CERT_TYPES]) this.exactOf(h, value, out);
      return out;
    }
    if (value.startsWith('/')) return this.filePath(value, out);
    // Dotted names are ambiguous: app ids and properties look like reversed domains.
    if (canonicalDomain(value)) this.domain(value, out);
    this.process(value, out);
    for (const other of ['file_name', 'app_id', 'profile_id', 'property', 'account'] as const) this.exactOf(other, value, out);
    return out;
  }
}

function key(type: IndicatorType, value: string): string {
  return `${type}\u0000${value}`;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
