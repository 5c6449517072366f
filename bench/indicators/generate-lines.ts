// Writes the benchmark corpus: DNS-query and HTTP log lines over made-up benign hosts, with
// indicator domains planted as subdomains and in URLs (true matches), and decoys that contain an
// indicator domain inside a longer label (substring search matches them, a correct matcher must not).
import fs from 'node:fs';

export interface Corpus {
  file: string;
  bytes: number;
  lines: number;
  trueLines: number;
  decoyLines: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tor', 'vin', 'qua', 'zel', 'pra', 'sun', 'bre', 'dol', 'fi', 'gra', 'hub', 'jet'];
const TLDS = ['com', 'net', 'org', 'io', 'de', 'fr', 'co.uk', 'com.mx', 'in', 'es'];
const SUBS = ['www', 'api', 'cdn', 'static', 'img', 'a1', 'login', 'm'];

export function generateCorpus(file: string, targetBytes: number, iocDomains: string[], seed = 42): Corpus {
  const rand = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const word = () => pick(SYLLABLES) + pick(SYLLABLES) + (rand() < 0.3 ? pick(SYLLABLES) : '');
  const benign = Array.from({ length: 5000 }, () => `${word()}.${pick(TLDS)}`);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let lines = 0;
  let trueLines = 0;
  let decoyLines = 0;
  let buf: string[] = [];
  let bufLen = 0;
  let ms = Date.UTC(2019, 4, 2);
  while (bytes < targetBytes) {
    ms += Math.floor(rand() * 50);
    const ts = new Date(ms).toISOString();
    const client = `10.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${1 + Math.floor(rand() * 250)}`;
    const r = rand();
    let host: string;
    let kind: 'benign' | 'true' | 'decoy' = 'benign';
    if (r < 0.002) {
      host = `${pick(SUBS)}.${pick(iocDomains)}`;
      kind = 'true';
    } else if (r < 0.004) {
      const d = pick(iocDomains);
      host = rand() < 0.5 ? `x${d}.example` : `${d}x.${pick(TLDS)}`;
      kind = 'decoy';
    } else host = rand() < 0.5 ? pick(benign) : `${pick(SUBS)}.${pick(benign)}`;
    const line =
      rand() < 0.6
        ? `${ts} dns client=${client} query=${host} qtype=A rcode=NOERROR answers=${Math.floor(rand() * 4)}\n`
        : `${ts} http client=${client} GET https://${host}/${word()}/${word()}?id=${Math.floor(rand() * 1e6)} status=200 bytes=${Math.floor(rand() * 1e5)}\n`;
    if (kind === 'true') trueLines++;
    if (kind === 'decoy') decoyLines++;
    buf.push(line);
    bufLen += line.length;
    lines++;
    if (bufLen > 4 << 20) {
      fs.writeSync(fd, buf.join(''));
      bytes += bufLen;
      buf = [];
      bufLen = 0;
    }
  }
  if (bufLen > 0) {
    fs.writeSync(fd, buf.join(''));
    bytes += bufLen;
  }
  fs.closeSync(fd);
  return { file, bytes, lines, trueLines, decoyLines };
}
