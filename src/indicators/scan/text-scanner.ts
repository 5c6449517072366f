// The hot loop of `vigil iocs scan`: one pass over raw bytes finds hostname-like tokens, checks
// every dot-suffix of each against the domain table (so a.b.evil.com hits evil.com but
// xevil.com.example does not), spots dotted-quad IPv4 tokens and email local parts. It only
// proposes candidates; the match index confirms each with full semantics and provenance.
import { DomainTable, hashStep } from './domain-table.ts';

/**
 * Byte classes of hostname tokens (letters, digits, '-', '_', '.', UTF-8 bytes), as bits so one OR
 * per byte tells whether a token held a dot or a non-ASCII byte. 0: not part of a token.
 */
const PLAIN = 1;
const DOT = 2;
const HIGH = 4;
const TOKEN = new Uint8Array(256);
const LOWER = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;
  const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
  TOKEN[c] = c === 46 ? DOT : c >= 128 ? HIGH : word ? PLAIN : 0;
}
/** Characters allowed in the local part of an email address before '@'. */
const LOCAL = new Uint8Array(256);
for (let c = 0; c < 256; c++) LOCAL[c] = TOKEN[c] !== 0 || c === 43 || c === 37 ? 1 : 0;

export type CandidateKind = 'domain' | 'ipv4' | 'email' | 'idn';

export interface Candidate {
  kind: CandidateKind;
  /** 0-based line number within the scanned buffer. */
  line: number;
  /** Offset of that line's first byte in the buffer. */
  lineStart: number;
  /** The whole token (domain, IP) or address (email) as it appears, lowercased. */
  text: string;
}

export interface ScannerTables {
  domains: DomainTable;
  emails: Set<string> | undefined;
  /** Tests an IPv4 address (as unsigned int) for any indicator; undefined when there are no IPv4 indicators. */
  ipv4: ((n: number) => boolean) | undefined;
}

export interface ScanResult {
  candidates: Candidate[];
  lines: number;
}

/**
 * Scans `buf` (whole lines) and returns candidates with 0-based line numbers. Tokens are bounded
 * by non-token bytes, so a domain inside a longer label never matches.
 */
export function scanBuffer(buf: Uint8Array, t: ScannerTables): ScanResult {
  const candidates: Candidate[] = [];
  const table = t.domains;
  const emails = t.emails;
  const n = buf.length;
  let line = 0;
  let lineStart = 0;
  let i = 0;
  while (i < n) {
    const c = buf[i];
    if (TOKEN[c] === 0) {
      if (c === 10) {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    const start = i;
    // Most tokens (words, numbers, timestamps) have no dot and cannot be a domain or an IP.
    let seen = 0;
    for (; i < n; i++) {
      const cls = TOKEN[buf[i]];
      if (cls === 0) break;
      seen |= cls;
    }
    const dotted = (seen & DOT) !== 0;
    const high = (seen & HIGH) !== 0;
    if (!dotted) continue;
    let end = i;
    while (end > start && buf[end - 1] === 46) end--; // "evil.com." at the end of a sentence or FQDN
    let s = start;
    while (s < end && buf[s] === 46) s++;
    if (end - s < 4) continue;
    if (high) {
      candidates.push({ kind: 'idn', line, lineStart, text: Buffer.from(buf.subarray(s, end)).toString('utf8').toLowerCase() });
      continue;
    }
    const afterAt = emails !== undefined && s > 0 && buf[s - 1] === 64;
    const last = buf[end - 1];
    if (last >= 48 && last <= 57) {
      // No top-level domain ends in a digit: this is an IP address or a version number.
      if (t.ipv4) {
        const ip = parseIpv4(buf, s, end);
        if (ip >= 0 && t.ipv4(ip)) candidates.push({ kind: 'ipv4', line, lineStart, text: Buffer.from(buf.subarray(s, end)).toString('latin1') });
      }
      continue;
    }
    // Right to left: the hash of each suffix is complete where a dot (or the token start) precedes it.
    let h = 0;
    let hit = false;
    let k = end - 1;
    for (; k >= s; k--) {
      const b = buf[k];
      if (b === 46) break;
      h = hashStep(h, LOWER[b]);
    }
    if (k < s) continue;
    if (table.hasTld(h)) {
      for (; k >= s; k--) {
        const b = buf[k];
        if (b === 46 && table.find(h, buf, k + 1, end, LOWER) >= 0) {
          hit = true;
          break;
        }
        h = hashStep(h, LOWER[b]);
      }
      if (!hit && k < s && table.find(h, buf, s, end, LOWER) >= 0) hit = true;
    }
    if (!hit && !afterAt) continue;
    const text = Buffer.from(buf.subarray(s, end)).toString('latin1').toLowerCase();
    if (hit) candidates.push({ kind: 'domain', line, lineStart, text });
    if (afterAt) {
      let l = s - 1;
      while (l > 0 && LOCAL[buf[l - 1]] === 1) l--;
      if (l < s - 1) {
        const email = `${Buffer.from(buf.subarray(l, s - 1)).toString('latin1').toLowerCase()}@${text}`;
        if (emails.has(email)) candidates.push({ kind: 'email', line, lineStart, text: email });
      }
    }
  }
  return { candidates, lines: line };
}

/** Dotted-quad IPv4 in buf[s, e) as an unsigned integer, or -1. */
function parseIpv4(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let k = s; k <= e; k++) {
    const b = k === e ? 46 : buf[k];
    if (b === 46) {
      if (digits === 0 || digits > 3 || part > 255 || ++parts > 4) return -1;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else if (b >= 48 && b <= 57) {
      part = part * 10 + (b - 48);
      digits++;
    } else return -1;
  }
  return parts === 4 ? n : -1;
}
