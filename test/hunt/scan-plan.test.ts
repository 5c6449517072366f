// The scan plan at run time: rows a correlation or a derived field needs may sit in another file
// than the rows that drive them, of another format. Splitting the same records between Parquet and
// JSON Lines files, either way round, must change no detection.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDuckDb, sqlString } from '../../src/core/index.ts';
import { runHunt, type HuntSummary } from '../../src/hunt/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { ROOT, tempDir } from '../helpers/fixtures.ts';

const PACK = path.join(ROOT, 'rules/cve-2019-3568');
const A = '+5215500000001';
const V = '+4915100000002';
const W = '+97333000003';

const rec = (ts: string, event: string, callId: string, callee: string, extra: Record<string, unknown> = {}) => ({
  ts: `2019-05-01T${ts}Z`, event, call_id: callId, caller: A, callee, sender: 'caller', src_ip: '198.51.100.7', relay_ip: '', client: 'android/2.19.1',
  payload_len: 300, malformed: false, duration_ms: null, end_reason: '', ...extra,
});

// Driving rows: an exploit offer (T1) on call x to V, and malformed RTCP before any answer on
// calls y and z. Rows they need: a probe offer to V hours before (T6), x's quick cancel (T3),
// and y's accept, which came before its RTCP (so T2 holds for z only).
const DRIVERS = [
  rec('10:00:00.000', 'call_offer', 'x', V, { malformed: true, payload_len: 5000 }),
  rec('11:00:05.000', 'rtcp', 'y', W, { malformed: true, payload_len: 60 }),
  rec('12:00:05.000', 'rtcp', 'z', W, { malformed: true, payload_len: 60 }),
];
const NEEDED = [
  rec('08:00:00.000', 'call_offer', 'p', V),
  rec('10:00:20.000', 'call_end', 'x', V, { end_reason: 'cancelled', duration_ms: 15000 }),
  rec('11:00:01.000', 'call_accept', 'y', W, { sender: 'callee' }),
];

async function write(dir: string, name: string, rows: object[], format: 'jsonl' | 'parquet'): Promise<string> {
  const jsonl = path.join(dir, `${name}.jsonl`);
  fs.writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  if (format === 'jsonl') return jsonl;
  const parquet = path.join(dir, `${name}.parquet`);
  const db = await openDuckDb(1);
  try {
    await db.connection.run(`COPY (SELECT * FROM read_json(${sqlString(jsonl)}, format = 'newline_delimited')) TO ${sqlString(parquet)} (FORMAT parquet)`);
  } finally {
    db.close();
  }
  fs.rmSync(jsonl);
  return parquet;
}

const matches = (r: HuntSummary) => Object.fromEntries(r.queries.map((q) => [q.name.replace('cve_2019_3568_', ''), q.matches]));

describe('scan plan over files of two formats', () => {
  it('finds what one file gives, whichever format holds the driving rows', async () => {
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const hunt = async (name: string, data: string[]) => matches(await runHunt(s, { caseName: name, rules: [PACK], data, vault }));
      const whole = await hunt('one-file', [await write(tempDir(), 'all', [...DRIVERS, ...NEEDED], 'jsonl')]);
      assert.equal(whole.t1_offer, 1);
      assert.equal(whole.t2_rtcp, 1, 'RTCP after an accept is not T2');
      assert.equal(whole.t3_cancelled, 1);
      assert.equal(whole.t6_probe, 1);
      for (const [drive, need] of [['parquet', 'jsonl'], ['jsonl', 'parquet']] as const) {
        const dir = tempDir();
        const split = await hunt(`${drive}-drives`, [await write(dir, 'drivers', DRIVERS, drive), await write(dir, 'needed', NEEDED, need)]);
        assert.deepEqual(split, whole, `driving rows in ${drive}, needed rows in ${need}`);
      }
    } finally {
      await s.close();
    }
  });
});
