// `vigil iocs scan`: every line of a text or log file checked for domains, URLs, IPs and emails.
// The byte scanner proposes candidates; the match index confirms them with provenance. Slower
// regex passes run only for indicator kinds the fast path does not cover (IPv6, URLs, patterns).
import fs from 'node:fs';
import { InputError } from '../../core/index.ts';
import type { Match, MatchIndex } from '../match-index.ts';
import { DomainTable } from './domain-table.ts';
import { scanBuffer, type ScannerTables } from './text-scanner.ts';

export interface ScanHit {
  /** 1-based line number. */
  line: number;
  text: string;
  matches: Match[];
}

export interface ScanSummary {
  file: string;
  bytes: number;
  lines: number;
  hits: ScanHit[];
  /** Lines with at least one match that no warninglist suppressed. */
  matchedLines: number;
}

const DEFAULT_CHUNK = 8 << 20;
const MAX_LINE_TEXT = 400;
const URL_RE = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>`]+/gi;
const IPV6_RE = /(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![0-9a-f:])/gi;
const HOST_RE = /(?<![a-z0-9_.-])[a-z0-9_-]+(?:\.[a-z0-9_-]+)+/gi;

export function scannerTables(index: MatchIndex): ScannerTables {
  const emails = new Set(index.valuesOf('email').map((r) => r.value));
  const ipsPresent = index.records.some((r) => r.type === 'ipv4');
  return {
    domains: new DomainTable(index.valuesOf('domain').map((r) => r.value)),
    emails: emails.size > 0 ? emails : undefined,
    // Candidates go through the index anyway; with IPv4 indicators loaded every dotted quad is one.
    ipv4: ipsPresent ? () => true : undefined,
  };
}

interface SlowPasses {
  urls: boolean;
  ipv6: boolean;
  domainPatterns: boolean;
}

function slowPasses(index: MatchIndex): SlowPasses {
  return {
    urls: index.records.some((r) => r.type === 'url'),
    ipv6: index.records.some((r) => r.type === 'ipv6'),
    domainPatterns: index.records.some((r) => r.type === 'domain' && (r.match === 'like' || r.match === 'regex')),
  };
}

interface LineHits {
  text: string;
  matches: Match[];
}

function lineText(chunk: Buffer, start: number): string {
  const nl = chunk.indexOf(10, start);
  const end = nl < 0 ? chunk.length : nl;
  return chunk.toString('utf8', start, Math.min(end, start + MAX_LINE_TEXT * 4)).replace(/\r$/, '').slice(0, MAX_LINE_TEXT);
}

/** Confirms the candidates of one chunk and adds the hits, keyed by absolute line number. */
function confirmChunk(chunk: Buffer, index: MatchIndex, tables: ScannerTables, slow: SlowPasses, firstLine: number, hits: Map<number, LineHits>): number {
  const { candidates, lines } = scanBuffer(chunk, tables);
  const add = (line: number, lineStart: number, ms: Match[]) => {
    if (ms.length === 0) return;
    const entry = hits.get(firstLine + line);
    if (entry) entry.matches.push(...ms);
    else hits.set(firstLine + line, { text: lineText(chunk, lineStart), matches: ms });
  };
  for (const c of candidates) {
    if (c.kind === 'domain' || c.kind === 'idn') add(c.line, c.lineStart, index.domain(c.text));
    else if (c.kind === 'ipv4') add(c.line, c.lineStart, index.ip(c.text));
    else add(c.line, c.lineStart, index.match(c.text, 'email'));
  }
  if (slow.urls || slow.ipv6 || slow.domainPatterns) {
    const text = chunk.toString('utf8');
    const lineOf = lineLocator(text);
    const at = (offset: number, ms: Match[]) => {
      const { line, start } = lineOf(offset);
      add(line, Buffer.byteLength(text.slice(0, start)), ms);
    };
    if (slow.urls) for (const m of text.matchAll(URL_RE)) at(m.index!, index.url(m[0]).filter((x) => x.how !== 'url-host'));
    if (slow.ipv6) for (const m of text.matchAll(IPV6_RE)) if (m[0].includes('::') || m[0].split(':').length === 8) at(m.index!, index.ip(m[0]));
    if (slow.domainPatterns) {
      for (const m of text.matchAll(HOST_RE)) at(m.index!, index.domain(m[0]).filter((x) => x.how === 'like' || x.how === 'regex'));
    }
  }
  return lines;
}

function lineLocator(text: string): (offset: number) => { line: number; start: number } {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, start: starts[lo] };
  };
}

/** Distinct matches only: the same indicator found twice on a line (e.g. in a URL and as a domain) counts once. */
function dedupe(ms: Match[]): Match[] {
  const seen = new Set<string>();
  return ms.filter((m) => {
    const k = `${m.indicator.id}|${m.observed}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface ScanOptions {
  onProgress?: (bytes: number, total: number) => void;
  /** Bytes read at a time (tests use small chunks to cross boundaries often). */
  chunkBytes?: number;
}

export function scanFile(file: string, index: MatchIndex, opts: ScanOptions = {}): ScanSummary {
  const CHUNK = opts.chunkBytes ?? DEFAULT_CHUNK;
  const onProgress = opts.onProgress;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new InputError('INPUT_MISSING', 'cannot open file', { where: file, hint: 'check the path' });
  }
  const total = fs.fstatSync(fd).size;
  const tables = scannerTables(index);
  const slow = slowPasses(index);
  const hits = new Map<number, LineHits>();
  // One buffer: the unfinished last line of a read moves to the front and the next read lands after it.
  let buf = Buffer.allocUnsafe(CHUNK * 2);
  let carry = 0;
  let firstLine = 0;
  let read = 0;
  try {
    for (;;) {
      if (buf.length - carry < CHUNK) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // a line longer than a chunk
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, carry, CHUNK, null);
      read += n;
      const len = carry + n;
      const cut = n === 0 ? len : buf.lastIndexOf(10, len - 1) + 1;
      if (cut > 0) {
        const chunk = buf.subarray(0, cut);
        const lines = confirmChunk(chunk, index, tables, slow, firstLine, hits);
        firstLine += lines + (n === 0 && chunk[chunk.length - 1] !== 10 ? 1 : 0);
      }
      buf.copy(buf, 0, cut, len);
      carry = len - cut;
      onProgress?.(read, total);
      if (n === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  const out: ScanHit[] = [...hits.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([line, h]) => ({ line: line + 1, text: h.text, matches: dedupe(h.matches) }));
  return {
    file,
    bytes: total,
    lines: firstLine,
    hits: out,
    matchedLines: out.filter((h) => h.matches.some((m) => !m.suppressed)).length,
  };
}
