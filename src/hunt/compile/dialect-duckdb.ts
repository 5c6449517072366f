// The DuckDB dialect: a table of templates, and the translation of one resolved field match into
// a boolean SQL expression. A match on an absent field is NULL; the rule compiler makes it false
// wherever that matters (under `not`, in `N of`), so `not` over absent fields is true, as Sigma
// means it, while positive matches stay plain predicates DuckDB can push into the scan.
import type { LocatedValue } from '../sigma/ast.ts';
import { canonicalCidr, type IndicatorType } from '../../indicators/index.ts';
import type { FieldDef, LogsourceDef } from './logsources.ts';
import { SetValuesParam, type Params } from './params.ts';
import type { ResolvedMatch } from './pipeline.ts';

export const TEMPLATES = {
  and: (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`),
  or: (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`),
  not: (a: string) => `(NOT COALESCE(${a}, false))`,
  atLeast: (parts: string[], n: number) => `((${parts.map((p) => `CAST(COALESCE(${p}, false) AS INTEGER)`).join(' + ')}) >= ${n})`,
  eq: (f: string, v: string) => `${f} = ${v}`,
  neq: (f: string, v: string) => `${f} <> ${v}`,
  lower: (f: string) => `lower(${f})`,
  like: (f: string, v: string) => `${f} LIKE ${v} ESCAPE '\\'`,
  ilike: (f: string, v: string) => `${f} ILIKE ${v} ESCAPE '\\'`,
  regex: (f: string, v: string) => `regexp_matches(${f}, ${v})`,
  isNull: (f: string) => `${f} IS NULL`,
  notNull: (f: string) => `${f} IS NOT NULL`,
  compare: (f: string, op: string, v: string) => `${f} ${op} ${v}`,
  ipv4Range: (f: string, lo: string, hi: string) => `vigil_ipv4_int(${f}) BETWEEN ${lo} AND ${hi}`,
  inSet: (f: string, type: string) => `${f} IN (SELECT value FROM vigil_ioc_${type})`,
  domainSet: (f: string) => `EXISTS (SELECT 1 FROM (SELECT unnest(vigil_domain_suffixes(${f})) AS s) AS x WHERE x.s IN (SELECT value FROM vigil_ioc_domain))`,
  // The first octet's text, checked first, turns most addresses away without converting them (3x
  // faster measured); it cannot turn away a match, since vigil_ipv4_int accepts canonical text only.
  ipv4Set: (f: string) => `(split_part(${f}, '.', 1) IN (SELECT octet FROM vigil_ioc_ipv4_octets) AND EXISTS (SELECT 1 FROM vigil_ioc_ipv4_ranges AS r WHERE vigil_ipv4_int(${f}) BETWEEN r.lo AND r.hi))`,
  keywords: (cols: string[]) => `concat_ws(' ', ${cols.join(', ')})`,
  inList: (f: string, list: string) => `list_contains(${list}, ${f})`,
} as const;

/** The set whose table (vigil_ioc_<set>) holds an indicator type's values: phone numbers are accounts. */
export function setTable(type: IndicatorType): Exclude<IndicatorType, 'phone'> {
  return type === 'phone' ? 'account' : type;
}

/** What a value set of `type` is matched against: emails and URLs are kept lowercase, so the field is lowered. */
function setOperand(type: IndicatorType, f: string): string {
  return type === 'email' || type === 'url' ? TEMPLATES.lower(f) : f;
}

/** Sigma wildcards to a LIKE pattern: `*` → `%`, `?` → `_`, `\*` `\?` `\\` literal; LIKE's own specials escaped. */
export function sigmaToLike(s: string): { pattern: string; wildcard: boolean } {
  let out = '';
  let wildcard = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && (s[i + 1] === '*' || s[i + 1] === '?' || s[i + 1] === '\\')) {
      out += s[i + 1] === '\\' ? '\\\\' : s[i + 1];
      i++;
    } else if (c === '*') {
      out += '%';
      wildcard = true;
    } else if (c === '?') {
      out += '_';
      wildcard = true;
    } else if (c === '%' || c === '_' || c === '\\') out += `\\${c}`;
    else out += c;
  }
  return { pattern: out, wildcard };
}

/** The literal text of a Sigma string (wildcards unescaped), for plain equality. */
function sigmaLiteral(s: string): string {
  return s.replace(/\\([*?\\])/g, '$1');
}

export interface MatchCompileError {
  message: string;
}

function asString(v: LocatedValue): string {
  return v.value === null ? '' : String(v.value);
}

function stringMatch(f: FieldDef, value: string, mods: string[], p: Params): string {
  const cased = mods.includes('cased');
  let s = value;
  if (mods.includes('contains')) s = `*${s}*`;
  else if (mods.includes('startswith')) s = `${s}*`;
  else if (mods.includes('endswith')) s = `*${s}`;
  const { pattern, wildcard } = sigmaToLike(s);
  if (!wildcard) {
    const lit = sigmaLiteral(s);
    if (cased) return TEMPLATES.eq(f.sql, p.add(lit));
    return f.lowercase ? TEMPLATES.eq(f.sql, p.add(lit.toLowerCase())) : TEMPLATES.eq(TEMPLATES.lower(f.sql), p.add(lit.toLowerCase()));
  }
  return cased ? TEMPLATES.like(f.sql, p.add(pattern)) : TEMPLATES.ilike(f.sql, p.add(pattern));
}

function valueExpr(m: ResolvedMatch, f: FieldDef, v: LocatedValue, p: Params): string | MatchCompileError {
  const mods = m.modifiers;
  if (v.value === null) return TEMPLATES.isNull(f.sql);
  if (mods.includes('re')) {
    const flags = ['i', 'm', 's'].filter((x) => mods.includes(x)).join('');
    return TEMPLATES.regex(f.sql, p.add(`${flags ? `(?${flags})` : ''}${asString(v)}`));
  }
  if (mods.includes('cidr')) {
    const net = canonicalCidr(asString(v));
    if (!net) return { message: `not a CIDR network: ${JSON.stringify(v.value)}` };
    if (net.family !== 'ipv4') return { message: 'cidr on IPv6 networks is not supported yet' };
    const [addr, bits] = net.host ? [net.value, 32] : [net.value.split('/')[0], Number(net.value.split('/')[1])];
    const base = addr.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const size = 2 ** (32 - bits);
    return TEMPLATES.ipv4Range(f.sql, p.add(base), p.add(base + size - 1));
  }
  const cmp = ['gt', 'gte', 'lt', 'lte'].find((x) => mods.includes(x));
  if (cmp) {
    const n = typeof v.value === 'number' ? v.value : Number(v.value);
    if (!Number.isFinite(n)) return { message: `${cmp} needs a number, found ${JSON.stringify(v.value)}` };
    return TEMPLATES.compare(f.sql, { gt: '>', gte: '>=', lt: '<', lte: '<=' }[cmp]!, p.add(n));
  }
  if (f.type === 'number') {
    const n = typeof v.value === 'number' ? v.value : Number(v.value);
    if (typeof v.value === 'boolean' || !Number.isFinite(n)) return { message: `'${m.field}' is a number; ${JSON.stringify(v.value)} is not` };
    return mods.includes('neq') ? TEMPLATES.neq(f.sql, p.add(n)) : TEMPLATES.eq(f.sql, p.add(n));
  }
  if (f.type === 'boolean') {
    const b = v.value === true || v.value === 'true' ? true : v.value === false || v.value === 'false' ? false : undefined;
    if (b === undefined) return { message: `'${m.field}' is a boolean; ${JSON.stringify(v.value)} is not` };
    return mods.includes('neq') ? TEMPLATES.neq(f.sql, p.add(b)) : TEMPLATES.eq(f.sql, p.add(b));
  }
  if (f.type === 'timestamp') return { message: `compare '${m.field}' with gt/gte/lt/lte` };
  if (mods.includes('neq')) {
    const lit = sigmaLiteral(asString(v));
    return mods.includes('cased') ? TEMPLATES.neq(f.sql, p.add(lit)) : TEMPLATES.neq(f.lowercase ? f.sql : TEMPLATES.lower(f.sql), p.add(lit.toLowerCase()));
  }
  return stringMatch(f, asString(v), mods, p);
}

/**
 * A cheap predicate every value in the match's indicator set satisfies, for the scan plan: the
 * set's values as one list parameter. Undefined where no such test exists (domain suffixes).
 */
export function relaxedSetMatch(m: ResolvedMatch, p: Params): string | undefined {
  const f = m.def?.sql;
  if (!m.set || !f) return undefined;
  switch (m.set.type) {
    case 'domain':
      return undefined;
    case 'ipv4':
      // The first octets the ranges cover: a superset of the addresses in them.
      return TEMPLATES.inList(`split_part(${f}, '.', 1)`, p.add(new SetValuesParam('vigil_ioc_ipv4_octets', 'octet')));
    default:
      return TEMPLATES.inList(setOperand(m.set.type, f), p.add(new SetValuesParam(`vigil_ioc_${setTable(m.set.type)}`, 'value')));
  }
}

/** Compiles one field match to a boolean SQL expression (NULL when the field is absent). */
export function compileMatch(m: ResolvedMatch, ls: LogsourceDef, p: Params): string | MatchCompileError {
  const mods = m.modifiers;
  if (m.field === null) {
    const cols = Object.entries(ls.fields).filter(([, d]) => d.type === 'string' && d.sql.startsWith('e."')).map(([, d]) => d.sql);
    const haystack: FieldDef = { sql: TEMPLATES.keywords(cols), type: 'string' };
    const kwMods = mods.some((x) => ['contains', 'startswith', 'endswith'].includes(x)) ? mods : [...mods, 'contains'];
    const parts = m.values.map((v) => stringMatch(haystack, asString(v), kwMods, p));
    return mods.includes('all') ? TEMPLATES.and(parts) : TEMPLATES.or(parts);
  }
  const f = m.def!;
  if (mods.includes('exists')) return m.values[0].value === true ? TEMPLATES.notNull(f.sql) : TEMPLATES.isNull(f.sql);
  if (m.set) {
    if (m.set.type === 'domain') return TEMPLATES.domainSet(f.sql);
    if (m.set.type === 'ipv4') return TEMPLATES.ipv4Set(f.sql);
    return TEMPLATES.inSet(setOperand(m.set.type, f.sql), setTable(m.set.type));
  }
  if (m.refDef) {
    const cmp = ['gt', 'gte', 'lt', 'lte', 'neq'].find((x) => mods.includes(x));
    const op = cmp ? { gt: '>', gte: '>=', lt: '<', lte: '<=', neq: '<>' }[cmp]! : '=';
    const ci = f.type === 'string' && !mods.includes('cased');
    return TEMPLATES.compare(ci ? TEMPLATES.lower(f.sql) : f.sql, op, ci ? TEMPLATES.lower(m.refDef.sql) : m.refDef.sql);
  }
  const parts: string[] = [];
  for (const v of m.values) {
    const e = valueExpr(m, f, v, p);
    if (typeof e !== 'string') return e;
    parts.push(e);
  }
  return mods.includes('all') ? TEMPLATES.and(parts) : TEMPLATES.or(parts);
}
