// Canonical forms so the same indicator written two ways is one value: lowercase and punycode
// hosts, canonical IPs and networks, E.164 numbers, lowercase hex hashes typed by length.
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parse as parseTld } from 'tldts';
import { refang } from './defang.ts';
import type { IndicatorType, MatchKind } from './types.ts';

export type Normalized = { ok: true; type: IndicatorType; value: string; match: MatchKind } | { ok: false; reason: string };

const ok = (type: IndicatorType, value: string, match: MatchKind = 'exact'): Normalized => ({ ok: true, type, value, match });
const fail = (reason: string): Normalized => ({ ok: false, reason });

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A hostname in canonical form, or undefined if it is not one (IP literals are not hostnames). */
export function canonicalDomain(raw: string): string | undefined {
  let v = refang(raw).trim().toLowerCase().replace(/\.+$/, '');
  if (v.startsWith('*.')) v = v.slice(2);
  if (v === '' || v.length > 253 || /[\s/:@]/.test(v)) return undefined;
  if (/[^\x00-\x7f]/.test(v)) {
    const ascii = domainToASCII(v);
    if (!ascii) return undefined;
    v = ascii;
  }
  const labels = v.split('.');
  if (labels.length < 2) return undefined;
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return undefined;
  return v;
}

export function normalizeDomain(raw: string): Normalized {
  const v = canonicalDomain(raw);
  if (v) return ok('domain', v);
  if (canonicalIp(refang(raw))) return fail('an IP address, not a domain name');
  return fail('not a valid domain name');
}

/** Canonical IP: dotted-quad IPv4 (IPv4-mapped IPv6 included), RFC 5952 IPv6. */
export function canonicalIp(raw: string): { family: 'ipv4' | 'ipv6'; value: string } | undefined {
  let v = raw.trim();
  if (v.startsWith('[') && v.endsWith(']')) v = v.slice(1, -1);
  const zone = v.indexOf('%');
  if (zone >= 0) v = v.slice(0, zone);
  // ipaddr's validators are slow; most values seen in logs are hostnames, so rule those out first.
  const dotted = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v);
  if (!dotted && !v.includes(':')) return undefined;
  if (dotted && ipaddr.IPv4.isValidFourPartDecimal(v)) return { family: 'ipv4', value: ipaddr.IPv4.parse(v).toString() };
  if (v.includes(':') && ipaddr.IPv6.isValid(v)) {
    const a = ipaddr.IPv6.parse(v);
    if (a.isIPv4MappedAddress()) return { family: 'ipv4', value: a.toIPv4Address().toString() };
    return { family: 'ipv6', value: a.toRFC5952String() };
  }
  return undefined;
}

/** Canonical network: network address masked, /32 and /128 collapse to the address. */
export function canonicalCidr(raw: string): { family: 'ipv4' | 'ipv6'; value: string; host: boolean } | undefined {
  const v = raw.trim();
  const slash = v.indexOf('/');
  if (slash < 0) {
    const ip = canonicalIp(v);
    return ip && { ...ip, host: true };
  }
  const addr = canonicalIp(v.slice(0, slash));
  const bitsText = v.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const max = addr.family === 'ipv4' ? 32 : 128;
  if (bits > max) return undefined;
  if (bits === max) return { ...addr, host: true };
  const net =
    addr.family === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.value}/${bits}`).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.value}/${bits}`).toRFC5952String();
  return { family: addr.family, value: `${net}/${bits}`, host: false };
}

export function normalizeIp(raw: string, expected?: 'ipv4' | 'ipv6'): Normalized {
  const net = canonicalCidr(refang(raw));
  if (!net) return fail('not a valid IP address or CIDR network');
  if (expected && net.family !== expected) return fail(`an ${net.family} value where ${expected} was expected`);
  return ok(net.family, net.value, net.host ? 'exact' : 'cidr');
}

/** A URL's canonical form (WHATWG serialisation, fragment dropped) and its hostname, parsed once. */
export function urlParts(raw: string): { value: string; hostname: string } | { error: string } {
  let v = refang(raw).trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    // Bare "host/path" forms (Zeek intel writes URLs without a scheme).
    if (/^[^\s/]+\.[^\s/]+\//.test(v)) v = `http://${v}`;
    else return { error: 'not a URL (no scheme)' };
  }
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return { error: 'not a valid URL' };
  }
  if (!u.hostname) return { error: 'URL without a host' };
  u.hash = '';
  return { value: u.href, hostname: u.hostname };
}

export function normalizeUrl(raw: string): Normalized {
  const p = urlParts(raw);
  return 'error' in p ? fail(p.error) : ok('url', p.value);
}

/** A URL's hostname in canonical form (domain or IP), or undefined. */
export function canonicalHost(hostname: string): string | undefined {
  return canonicalDomain(hostname) ?? canonicalIp(hostname)?.value;
}

/** Host part of a URL in canonical form (domain or IP), or undefined. */
export function urlHost(raw: string): string | undefined {
  try {
    return canonicalHost(new URL(raw).hostname);
  } catch {
    return undefined;
  }
}

export function normalizeEmail(raw: string): Normalized {
  const v = refang(raw).trim().replace(/^mailto:/i, '');
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return fail('not an email address');
  const local = v.slice(0, at).toLowerCase();
  if (/[\s<>()\[\],;:"]/.test(local)) return fail('not an email address');
  const domain = canonicalDomain(v.slice(at + 1));
  if (!domain) return fail('email address with an invalid domain');
  return ok('email', `${local}@${domain}`);
}

const HASH_BY_LENGTH: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/** A hex digest; its type follows from its length, and must agree with `expected` if given. */
export function normalizeHash(raw: string, expected?: IndicatorType): Normalized {
  const v = raw.trim().toLowerCase().replace(/:/g, '');
  if (!/^[0-9a-f]+$/.test(v)) return fail('hash is not hexadecimal');
  const byLength = HASH_BY_LENGTH[v.length];
  if (!byLength) return fail(`hash of ${v.length} hex digits matches no known algorithm`);
  if (!expected) return ok(byLength, v);
  const family = expected.replace(/^cert_/, '');
  if (family !== byLength) return fail(`${v.length} hex digits is a ${byLength}, not a ${family}`);
  return ok(expected, v);
}

export function normalizePhone(raw: string): Normalized {
  let v = raw.trim().replace(/^tel:/i, '');
  if (v.startsWith('00')) v = `+${v.slice(2)}`;
  if (!v.startsWith('+')) return fail('phone number without a country code (E.164 needs a leading +)');
  const p = parsePhoneNumberFromString(v);
  if (p && p.isPossible()) return ok('phone', p.number);
  // Numbering plans change (Mexico dropped its mobile "1" in 2019); telemetry of the time still
  // carries such numbers, so any 8–15 digit E.164 string is kept as written, digits only.
  const digits = v.slice(1).replace(/[\s().-]/g, '');
  if (/^[1-9]\d{7,14}$/.test(digits)) return ok('phone', `+${digits}`);
  return fail('not a possible phone number');
}

/** Accounts of the messaging service are phone numbers; other logins stay as written. */
export function normalizeAccount(raw: string): Normalized {
  const v = raw.trim();
  if (v === '') return fail('empty value');
  if (/^(\+|00)[\d\s().-]{6,}$/.test(v)) {
    const phone = normalizePhone(v);
    if (phone.ok) return ok('account', phone.value);
  }
  return ok('account', v);
}

function normalizePlain(type: IndicatorType, raw: string): Normalized {
  const v = raw.trim();
  if (v === '') return fail('empty value');
  if (/[\r\n\0]/.test(v)) return fail('value contains a line break or NUL');
  return ok(type, v);
}

/** Normalizes `raw` as `type`; the result may refine the type (ipv4 → ipv6) or the match kind (cidr). */
export function normalizeAs(type: IndicatorType, raw: string): Normalized {
  switch (type) {
    case 'domain':
      return normalizeDomain(raw);
    case 'url':
      return normalizeUrl(raw);
    case 'ipv4':
    case 'ipv6':
      return normalizeIp(raw, type);
    case 'email':
      return normalizeEmail(raw);
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
    case 'cert_md5':
    case 'cert_sha1':
    case 'cert_sha256':
      return normalizeHash(raw, type);
    case 'phone':
      return normalizePhone(raw);
    case 'account':
      return normalizeAccount(raw);
    case 'profile_id':
      return normalizePlain(type, raw.toUpperCase());
    case 'process': {
      const n = normalizePlain(type, raw);
      // Some lists give full paths; processes are matched by name.
      return n.ok ? ok('process', n.value.slice(n.value.lastIndexOf('/') + 1) || n.value) : n;
    }
    default:
      return normalizePlain(type, raw);
  }
}

/**
 * Guesses the type of a bare value from a plain list. Only unambiguous shapes are guessed: a word
 * without a dot could be a process, a file or an account, so it needs --type.
 */
export function inferType(raw: string): IndicatorType | undefined {
  const v = refang(raw).trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'url';
  if (/^[^\s@]+@[^\s@]+$/.test(v)) return 'email';
  const net = canonicalCidr(v);
  if (net) return net.family;
  if (/^[0-9a-f]+$/i.test(v) && HASH_BY_LENGTH[v.length]) return HASH_BY_LENGTH[v.length];
  if (/^\+[\d\s().-]{6,}$/.test(v)) return 'phone';
  if (canonicalDomain(v) && hasKnownSuffix(v)) return 'domain';
  return undefined;
}

function hasKnownSuffix(v: string): boolean {
  const info = parseTld(v.toLowerCase(), { allowPrivateDomains: false });
  return Boolean(info.isIcann && info.domain);
}
