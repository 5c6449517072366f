// Turns one comparison term of a STIX pattern into an indexable indicator value, or says why not.
import { canonicalDomain, normalizeAs, normalizeIp } from '../normalize.ts';
import type { IndicatorType, MatchKind } from '../types.ts';
import { literalToString, termText, type Term } from './pattern-clauses.ts';
import { typeForPath } from './object-paths.ts';

export type TermIndicator = { ok: true; type: IndicatorType; value: string; match: MatchKind; original: string } | { ok: false; reason: string };

const CASE_INSENSITIVE: ReadonlySet<IndicatorType> = new Set(['domain', 'email', 'url']);

/** LIKE and MATCHES patterns are validated here so a bad one is dropped at import, not at match time. */
function patternIndicator(type: IndicatorType, op: 'LIKE' | 'MATCHES', raw: string): TermIndicator {
  if (raw === '' || raw === '%' || raw === '.*') return { ok: false, reason: `${op} '${raw}' would match everything` };
  if (op === 'MATCHES') {
    try {
      new RegExp(raw, 'u');
    } catch (e) {
      return { ok: false, reason: `MATCHES regex not usable: ${(e as Error).message}` };
    }
    return { ok: true, type, value: raw, match: 'regex', original: raw };
  }
  const value = CASE_INSENSITIVE.has(type) ? raw.toLowerCase() : raw;
  return { ok: true, type, value, match: 'like', original: raw };
}

export function termIndicator(term: Term): TermIndicator {
  const leaf = term.leaf;
  const text = termText(term);
  if (leaf.kind === 'exists') return { ok: false, reason: `EXISTS alone cannot be matched (${text})` };
  let type = typeForPath(leaf.path.text);
  if (!type) return { ok: false, reason: `object path ${leaf.path.text} is not supported` };
  if (leaf.negated || leaf.op === '!=') return { ok: false, reason: `negative comparison cannot anchor a match (${text})` };
  if (Array.isArray(leaf.value)) return { ok: false, reason: `unexpected set in ${text}` };
  if (leaf.value.type !== 'string') return { ok: false, reason: `${leaf.op} with a ${leaf.value.type} is not an indicator value (${text})` };
  const raw = literalToString(leaf.value);
  if (type === 'address') {
    if (leaf.op === 'LIKE' || leaf.op === 'MATCHES') return { ok: false, reason: `${leaf.op} on ${leaf.path.text} is ambiguous (IP or domain)` };
    const ip = normalizeIp(raw);
    type = ip.ok ? ip.type : canonicalDomain(raw) ? 'domain' : undefined;
    if (!type) return { ok: false, reason: `neither an IP nor a domain: '${raw}'` };
  }
  switch (leaf.op) {
    case '=': {
      const n = normalizeAs(type, raw);
      return n.ok ? { ok: true, type: n.type, value: n.value, match: n.match, original: raw } : { ok: false, reason: `${n.reason}: '${raw}'` };
    }
    case 'ISSUBSET': {
      if (type !== 'ipv4' && type !== 'ipv6') return { ok: false, reason: `ISSUBSET applies to IP addresses, not ${leaf.path.text}` };
      const n = normalizeIp(raw, type);
      return n.ok ? { ok: true, type: n.type, value: n.value, match: n.match, original: raw } : { ok: false, reason: `${n.reason}: '${raw}'` };
    }
    case 'LIKE':
    case 'MATCHES':
      return patternIndicator(type, leaf.op, raw);
    default:
      return { ok: false, reason: `operator ${leaf.op} cannot anchor a match (${text})` };
  }
}
