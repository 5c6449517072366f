// MISP warninglists (string, substring, hostname, cidr, regex): known-benign values that suppress a
// match at match time. A suppressed match is still reported, marked with the list that suppressed it.
import { ParseError } from '../core/index.ts';
import { IpSet } from './ipset.ts';
import { canonicalCidr, canonicalIp, urlHost } from './normalize.ts';
import type { IndicatorType } from './types.ts';

export const WARNINGLIST_TYPES = ['string', 'substring', 'hostname', 'cidr', 'regex'] as const;
export type WarninglistType = (typeof WARNINGLIST_TYPES)[number];

export interface Warninglist {
  name: string;
  version?: string;
  description?: string;
  type: WarninglistType;
  matchingAttributes: string[];
  list: string[];
  builtin?: boolean;
  path?: string;
}

export interface WarninglistHit {
  warninglist: string;
  entry: string;
}

/** The MISP attribute types each vigil type corresponds to, for `matching_attributes`. */
const MISP_ATTRIBUTES: Partial<Record<IndicatorType, string[]>> = {
  domain: ['domain', 'hostname', 'domain|ip'],
  url: ['url', 'uri', 'link'],
  ipv4: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  ipv6: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  email: ['email', 'email-src', 'email-dst', 'target-email', 'whois-registrant-email'],
  md5: ['md5', 'filename|md5'],
  sha1: ['sha1', 'filename|sha1', 'x509-fingerprint-sha1'],
  sha256: ['sha256', 'filename|sha256', 'x509-fingerprint-sha256'],
  sha512: ['sha512'],
  file_name: ['filename'],
  phone: ['phone-number'],
};

export function parseWarninglist(text: string, where: string): Warninglist {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError('WARNINGLIST_JSON', `not valid JSON: ${(e as Error).message}`, { where });
  }
  const o = doc as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || !Array.isArray(o.list)) {
    throw new ParseError('WARNINGLIST_FORMAT', 'a warninglist needs "name" and "list"', { where, hint: 'see MISP/misp-warninglists for the format' });
  }
  const type = (o.type ?? 'string') as WarninglistType;
  if (!WARNINGLIST_TYPES.includes(type)) {
    throw new ParseError('WARNINGLIST_FORMAT', `unknown warninglist type '${String(o.type)}'`, { where, hint: `one of ${WARNINGLIST_TYPES.join(', ')}` });
  }
  const list = o.list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  if (type === 'regex') {
    for (const r of list) {
      try {
        compileRegexEntry(r);
      } catch (e) {
        throw new ParseError('WARNINGLIST_REGEX', `bad regex ${JSON.stringify(r)}: ${(e as Error).message}`, { where });
      }
    }
  }
  return {
    name: o.name,
    version: o.version === undefined ? undefined : String(o.version),
    description: typeof o.description === 'string' ? o.description : undefined,
    type,
    matchingAttributes: Array.isArray(o.matching_attributes) ? o.matching_attributes.filter((a): a is string => typeof a === 'string') : [],
    list,
  };
}

/** MISP regex entries may be written with delimiters (`/…/i`). */
function compileRegexEntry(entry: string): RegExp {
  const delimited = /^\/(.*)\/([a-z]*)$/s.exec(entry);
  return delimited ? new RegExp(delimited[1], delimited[2].replace(/[^imsu]/g, '')) : new RegExp(entry, 'i');
}

interface CompiledList {
  list: Warninglist;
  applies: Set<string> | undefined;
  check(value: string, type: IndicatorType): string | undefined;
}

function compile(list: Warninglist): CompiledList {
  const applies = list.matchingAttributes.length > 0 ? new Set(list.matchingAttributes) : undefined;
  const base = { list, applies };
  switch (list.type) {
    case 'string': {
      const set = new Set(list.list.map((v) => v.toLowerCase()));
      return { ...base, check: (v) => (set.has(v.toLowerCase()) ? v.toLowerCase() : undefined) };
    }
    case 'substring': {
      const entries = list.list.map((v) => v.toLowerCase());
      return { ...base, check: (v) => entries.find((e) => v.toLowerCase().includes(e)) };
    }
    case 'hostname': {
      const set = new Set(list.list.map((v) => v.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '')));
      return {
        ...base,
        check: (v, type) => {
          let host = type === 'url' ? urlHost(v) : type === 'email' ? v.slice(v.lastIndexOf('@') + 1) : v.toLowerCase();
          while (host) {
            if (set.has(host)) return host;
            const dot = host.indexOf('.');
            host = dot < 0 ? undefined : host.slice(dot + 1);
          }
          return undefined;
        },
      };
    }
    case 'cidr': {
      const set = new IpSet<string>();
      for (const e of list.list) {
        const net = canonicalCidr(e);
        if (net) set.add(net.value, e);
      }
      return {
        ...base,
        check: (v, type) => {
          if (type !== 'ipv4' && type !== 'ipv6') return undefined;
          // A network indicator is benign only if its whole range lies in a listed one.
          const ip = v.includes('/') ? v.split('/')[0] : v;
          const net = canonicalCidr(v);
          const hit = set.lookup(canonicalIp(ip)?.value ?? ip)[0];
          if (!hit || !net) return hit;
          const listed = canonicalCidr(hit)!;
          const listedBits = listed.host ? (listed.family === 'ipv4' ? 32 : 128) : Number(listed.value.split('/')[1]);
          const ownBits = net.host ? (net.family === 'ipv4' ? 32 : 128) : Number(net.value.split('/')[1]);
          return ownBits >= listedBits ? hit : undefined;
        },
      };
    }
    case 'regex': {
      const res = list.list.map((e) => ({ e, re: compileRegexEntry(e) }));
      return { ...base, check: (v) => res.find(({ re }) => re.test(v))?.e };
    }
  }
}

export class WarninglistSet {
  private readonly lists: CompiledList[];
  constructor(readonly definitions: Warninglist[]) {
    this.lists = definitions.map(compile);
  }

  get names(): string[] {
    return this.lists.map((l) => l.list.name);
  }

  /** The first list that names `value` (of vigil type `type`) as known-benign. */
  check(type: IndicatorType, value: string): WarninglistHit | undefined {
    const attrs = MISP_ATTRIBUTES[type];
    for (const l of this.lists) {
      if (l.applies && !(attrs ?? []).some((a) => l.applies!.has(a))) continue;
      const entry = l.check(value, type);
      if (entry !== undefined) return { warninglist: l.list.name, entry };
    }
    return undefined;
  }
}
