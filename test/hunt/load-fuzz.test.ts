// fast-check over the line-read inputs (Zeek logs, JSON Lines telemetry): whatever the lines hold
// (tabs, quotes, backslashes, `\x1f`, control bytes, comments, blanks, JSON fragments), the load
// never fails, and every line that may be a record is either read or counted as bad at its line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openDuckDb } from '../../src/core/index.ts';
import { classifyDataFile } from '../../src/hunt/run/data-files.ts';
import { loadSources } from '../../src/hunt/run/sources.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { writeFixtureJsonl } from './fixture-calls.ts';

const FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'qtype_name', 'rcode_name', 'answers'];
const HEADER = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns', `#fields\t${FIELDS.join('\t')}`];

const piece = fc.oneof(
  fc.constantFrom('-', '(empty)', '', '"', '\\', '\\x1f', '\\x09', '\x1f\x1e\x1d\x1c', '#', '{', '}', '[', ',', 'NaN', '1e30', '2019-05-02T05:14:07Z'),
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: true }).map(String),
);
const goodRow = fc.tuple(fc.integer({ min: 1_500_000_000, max: 1_600_000_000 }), fc.string({ maxLength: 20 }).map((s) => s.replace(/[\t\n\r]/g, ' '))).map(([ts, q]) => [`${ts}.25`, 'C1', '10.0.0.2', '5353', '10.0.0.1', '53', 'udp', q || 'x.org', 'A', 'NOERROR', '-'].join('\t'));
const oddRow = fc.array(piece, { minLength: 0, maxLength: 14 }).map((p) => p.join('\t').replace(/[\n\r]/g, ' '));
const line = fc.oneof({ weight: 3, arbitrary: goodRow }, { weight: 2, arbitrary: oddRow }, { weight: 1, arbitrary: fc.constantFrom('', '#close\tx', '   ') });

describe('loading line by line (fast-check): no line fails the load; each is read or counted at its line', () => {
  const dir = tempDir();
  let n = 0;

  // A fresh database each run: the load creates its relations by fixed names.
  async function load(file: string) {
    const db = await openDuckDb();
    try {
      return await loadSources(db.connection, [classifyDataFile({ file, explicit: true })!]);
    } finally {
      db.close();
    }
  }

  // A line holding the line reader's delimiter bytes (no valid record can) is read up to them.
  const asRead = (l: string) => l.split('\x1f\x1e\x1d\x1c')[0];

  /** Every line counted once, good or bad; each bad one named at a line that may be a record. */
  function check(r: Awaited<ReturnType<typeof load>>, all: string[], isRecord: (l: string) => boolean) {
    assert.equal(Object.values(r.rows).reduce((a, b) => a + b, 0) + r.rejectedTotal, all.filter(isRecord).length);
    for (const x of r.rejected) assert.ok(isRecord(all[x.line - 1] ?? ''), `line ${x.line} is a record`);
  }

  it('Zeek TSV', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 30 }), async (lines) => {
        const file = path.join(dir, `dns-${n++}.log`);
        const all = [...HEADER, ...lines];
        fs.writeFileSync(file, all.join('\n') + '\n');
        const r = await load(file);
        check(r, all, (l) => asRead(l) !== '' && !l.startsWith('#'));
        const wellFormed = lines.filter((l) => l.split('\t').length === FIELDS.length && /^\d+\.25\t/.test(l)).length;
        assert.ok((r.rows.zeek_dns ?? 0) >= wellFormed, 'every well-formed row is read');
      }),
      { numRuns: 80 },
    );
  });

  it('Zeek JSON', async () => {
    const record = fc.record({ ts: fc.oneof(fc.integer({ min: 1_500_000_000, max: 1_600_000_000 }), piece), uid: piece, 'id.orig_h': piece, 'id.resp_h': piece, query: piece, qtype_name: piece, answers: fc.array(piece, { maxLength: 3 }) }, { requiredKeys: ['uid'] });
    const jsonLine = fc.oneof({ weight: 3, arbitrary: record.map((o) => JSON.stringify(o)) }, { weight: 2, arbitrary: oddRow }, { weight: 1, arbitrary: fc.constantFrom('', '[1]', 'null', '{"ts":') });
    // The first line names every key the logsource needs, so the file is not refused as missing columns.
    const first = JSON.stringify({ ts: 1556766847, uid: 'C0', 'id.orig_h': '10.0.0.2', 'id.resp_h': '10.0.0.1', query: 'a.org', qtype_name: 'A' });
    await fc.assert(
      fc.asyncProperty(fc.array(jsonLine, { minLength: 0, maxLength: 30 }), async (lines) => {
        // Zeek JSON logs are known by their name (dns.json, dns.00:00:00-01:00:00.log).
        const file = path.join(dir, String(n++), 'dns.json');
        fs.mkdirSync(path.dirname(file));
        const all = [first, ...lines];
        fs.writeFileSync(file, all.join('\n') + '\n');
        const r = await load(file);
        check(r, all, (l) => !/^[ \t\r\n]*$/.test(asRead(l)));
      }),
      { numRuns: 80 },
    );
  });

  it('JSON Lines telemetry', async () => {
    const good = fs.readFileSync(writeFixtureJsonl(tempDir()), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const key = fc.constantFrom(...Object.keys(good[0]));
    // A good record with one field replaced by anything, or a line that is not a record at all.
    const edited = fc.tuple(fc.nat(good.length - 1), key, fc.oneof(piece, fc.constant(null), fc.integer())).map(([i, k, v]) => JSON.stringify({ ...good[i], [k]: v }));
    const jsonLine = fc.oneof({ weight: 3, arbitrary: edited }, { weight: 2, arbitrary: oddRow }, { weight: 1, arbitrary: fc.constantFrom('', '[1]', 'null', '{"ts":') });
    await fc.assert(
      fc.asyncProperty(fc.array(jsonLine, { minLength: 0, maxLength: 30 }), async (lines) => {
        const file = path.join(dir, `calls-${n++}.jsonl`);
        // The first line is a good record, so the file has every column.
        const all = [JSON.stringify(good[0]), ...lines];
        fs.writeFileSync(file, all.join('\n') + '\n');
        const r = await load(file);
        check(r, all, (l) => !/^[ \t\r\n]*$/.test(asRead(l)));
      }),
      { numRuns: 80 },
    );
  });
});
