// `iocs scan` over text: subdomains and URLs found with line numbers, longer labels never matched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MatchIndex, scanFile, WarninglistSet } from '../../src/indicators/index.ts';
import { builtinWarninglists, recordsFromFiles } from '../../src/indicators/service.ts';
import { rec } from '../helpers/records.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir, writeTemp } from '../helpers/fixtures.ts';

describe('iocs scan', () => {
  const { records } = recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]);
  const index = new MatchIndex(records);
  const domain = 'weather4free.com';

  it('finds a Pegasus domain as a subdomain and in a URL, never inside a longer label', () => {
    const dir = tempDir();
    const lines = [
      `2019-05-02T03:14:07Z client 10.0.0.5 query a.b.${domain} A`,
      `GET https://${domain.toUpperCase()}/track?id=1 HTTP/1.1`,
      `no match: x${domain}.example`,
      `no match either: ${domain}x.org and x-${domain}`,
      `fqdn with dot: ${domain}.`,
      'mail from bogaardlisa803@gmail.com',
      `cytrox: shortenurls.me and hxxp://example.org`,
    ];
    const file = writeTemp(dir, 'log.txt', lines.join('\n'));
    const s = scanFile(file, index);
    assert.deepEqual(s.hits.map((h) => h.line), [1, 2, 5, 6, 7]);
    assert.equal(s.hits[0].matches[0].how, 'parent-domain');
    assert.equal(s.hits[0].matches[0].indicator.collection, 'Pegasus');
    assert.equal(s.hits[0].text, lines[0]);
    assert.equal(s.hits[1].matches[0].indicator.value, domain);
    assert.equal(s.hits[3].matches[0].indicator.type, 'email');
    assert.equal(s.hits[4].matches[0].indicator.collection, 'Predator');
    assert.equal(s.lines, 7);
    assert.equal(s.matchedLines, 5);
  });

  it('finds IPv4 in networks, IPv6, full URLs and internationalized names', () => {
    const idx = new MatchIndex([
      rec('ipv4', '203.0.113.0/24'),
      rec('ipv6', '2001:db8:77::/48'),
      rec('url', 'https://drop.example.org/x.apk'),
      rec('domain', 'bücher.example'),
    ]);
    const dir = tempDir();
    const file = writeTemp(
      dir,
      'net.log',
      ['conn 10.0.0.1:5000 -> 203.0.113.77:443', 'conn [2001:db8:77::9]:443', 'fetch https://drop.example.org/x.apk now', 'visit bücher.example', 'conn 203.0.114.1 1203.0.113.5'].join('\n') + '\n',
    );
    const s = scanFile(file, idx);
    assert.deepEqual(s.hits.map((h) => [h.line, h.matches[0].how]), [[1, 'cidr'], [2, 'cidr'], [3, 'exact'], [4, 'exact']]);
  });

  it('reports warninglisted matches as suppressed and does not count them', () => {
    const idx = new MatchIndex([rec('domain', 'whatsapp.net'), rec('domain', 'evil.com')], new WarninglistSet(builtinWarninglists()));
    const file = writeTemp(tempDir(), 'x.log', 'e1.whatsapp.net\nevil.com\n');
    const s = scanFile(file, idx);
    assert.equal(s.hits.length, 2);
    assert.ok(s.hits[0].matches[0].suppressed);
    assert.equal(s.matchedLines, 1);
  });

  it('handles lines longer than a read chunk and files without a final newline', () => {
    const long = `${'x'.repeat(5000)} q.${domain} ${'y'.repeat(3000)}`;
    const file = writeTemp(tempDir(), 'long.log', `first\n${long}\nmiddle\nlast ${domain}`);
    const s = scanFile(file, index, { chunkBytes: 1024 });
    assert.deepEqual(s.hits.map((h) => h.line), [2, 4]);
    assert.equal(s.hits[1].text, `last ${domain}`);
    assert.equal(s.lines, 4);
  });

  it('finds matches across chunk boundaries in a large file with exact line numbers', () => {
    const filler = 'benign line with example.org and 192.0.2.1 nothing else here\n';
    const count = Math.ceil(20_000_000 / filler.length);
    const parts: string[] = [];
    const planted = new Set<number>();
    for (let i = 0; i < count; i++) {
      if (i % 50_000 === 7) {
        parts.push(`hit ${i} q.${domain}\n`);
        planted.add(i + 1);
      } else parts.push(filler);
    }
    const file = writeTemp(tempDir(), 'big.log', parts.join(''));
    const s = scanFile(file, index);
    assert.deepEqual(new Set(s.hits.map((h) => h.line)), planted);
    for (const h of s.hits) assert.equal(h.text, `hit ${h.line - 1} q.${domain}`);
  });
});
