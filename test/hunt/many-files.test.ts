// Telemetry split into many files (hourly exports) is read in one scan per shape, and every bad
// record still has its own file and line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runHunt } from '../../src/hunt/index.ts';
import { TELEMETRY_COLUMNS } from '../../src/telemetry/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { rejectedAt, ROOT, tempDir } from '../helpers/fixtures.ts';
import { writeFixtureJsonl } from './fixture-calls.ts';

const RULES = path.join(ROOT, 'rules/cve-2019-3568');

async function hunt(data: string[]) {
  const s = await drivers[0].open();
  try {
    return await runHunt(s, { caseName: 'many', rules: [RULES], data, vault: await testVault(s) });
  } finally {
    await s.close();
  }
}

describe('telemetry in many files', () => {
  const good = fs.readFileSync(writeFixtureJsonl(tempDir()), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const at = (i: number, change: Record<string, unknown> = {}) => ({ ...good[i % good.length], call_id: `k${i}`, ...change });

  it('JSON Lines: 40 files, bad records in three of them, each at its own line (strict and lenient reads)', async () => {
    const dir = tempDir();
    for (let h = 0; h < 40; h++) {
      const lines = [0, 1, 2].map((k) => JSON.stringify(at(h * 3 + k)));
      if (h === 7) lines.splice(1, 0, JSON.stringify(at(999, { ts: 'later' }))); // line 2
      if (h === 23) lines.push('', '{"cut": '); // line 5: not JSON, so the read turns lenient
      if (h === 39) lines.unshift(JSON.stringify(at(998, { event: 'teleport' }))); // line 1
      fs.writeFileSync(path.join(dir, `calls-${String(h).padStart(2, '0')}.jsonl`), lines.join('\n') + '\n');
    }
    const r = await hunt([dir]);
    assert.equal(r.rows.call_telemetry, 120);
    assert.deepEqual(rejectedAt(r), [
      ['calls-07.jsonl', 2, 'ts is not an RFC 3339 time'],
      ['calls-23.jsonl', 5, 'not valid JSON'],
      ['calls-39.jsonl', 1, 'unknown event'],
    ]);
  });

  it('a record broken over lines, which stops even DuckDB\'s lenient JSON reader, is counted line by line; the hunt goes on', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.jsonl'), [at(0), at(1)].map((r) => JSON.stringify(r)).join('\n') + '\n');
    // Lines 2-4 hold one object written over three lines (fast-check found it: the load failed as DATA_UNREADABLE).
    fs.writeFileSync(path.join(dir, 'b.jsonl'), [JSON.stringify(at(2)), '{"ts":', JSON.stringify(at(3, { ts: '-' })), '}', JSON.stringify(at(4))].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'c.jsonl'), [JSON.stringify(at(5)), '{oops'].join('\n') + '\n');
    const r = await hunt([dir]);
    assert.equal(r.rows.call_telemetry, 5);
    assert.deepEqual(rejectedAt(r), [
      ['b.jsonl', 2, 'not valid JSON'],
      ['b.jsonl', 3, 'ts is not an RFC 3339 time'],
      ['b.jsonl', 4, 'not valid JSON'],
      ['c.jsonl', 2, 'not valid JSON'],
    ]);
  });

  it('CSV: 30 files in two column orders, a short row and bad records, each at its own line', async () => {
    const dir = tempDir();
    const names = TELEMETRY_COLUMNS.map(([n]) => n);
    const csvOf = (cols: string[], rows: Record<string, unknown>[]) =>
      [cols.join(','), ...rows.map((r) => cols.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))).join(','))];
    for (let h = 0; h < 30; h++) {
      const cols = h % 2 ? names : [...names].reverse();
      const lines = csvOf(cols, [0, 1, 2, 3].map((k) => at(h * 4 + k)));
      if (h === 4) lines[3] = lines[3].replace(/2019-05-01T[^,]*/, 'soon'); // line 4
      if (h === 11) lines.splice(2, 0, 'only,three,fields'); // line 3: DuckDB cannot read it
      if (h === 11) lines[4] = lines[4].replace('call_offer', 'teleport').replace('call_end', 'teleport'); // line 5, after the short row
      fs.writeFileSync(path.join(dir, `calls-${String(h).padStart(2, '0')}.csv`), lines.join('\n') + '\n');
    }
    const r = await hunt([dir]);
    assert.equal(r.rows.call_telemetry, 30 * 4 - 2);
    assert.deepEqual(r.rejected.map((x) => [path.basename(x.file), x.line, x.reason.split(':')[0]]), [
      ['calls-04.csv', 4, 'ts is not an RFC 3339 time'],
      ['calls-11.csv', 3, 'CSV'],
      ['calls-11.csv', 5, 'unknown event'],
    ]);
  });
});
