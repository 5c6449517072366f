// The scan plan at run time. It must change no detection: over any records (fast-check), the
// shipped pack finds the same rows with it as over every record. And rows a correlation or a
// derived field needs may sit in another file than the rows that drive them, of another format:
// splitting the same records between Parquet and JSON Lines files, either way round, changes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openDuckDb, sqlString } from '../../src/core/index.ts';
import { compileRulePaths, compileScanPlan, runHunt, type HuntSummary } from '../../src/hunt/index.ts';
import { runQuery } from '../../src/hunt/run/execute.ts';
import { attackerAccounts, EXPLOIT_TAG, isExploitRule, pivot } from '../../src/hunt/run/pivot.ts';
import { classifyDataFile } from '../../src/hunt/run/data-files.ts';
import { installIndicatorSets, installPrelude } from '../../src/hunt/run/prelude.ts';
import { loadSources } from '../../src/hunt/run/sources.ts';
import { recordsFromFiles } from '../../src/indicators/index.ts';
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

describe('columns a hunt reads', () => {
  // The pack reads no relay address, so a hunt with it does not decode (Parquet) or parse (JSON
  // Lines) that column; a rule that reads it must still see it, in its condition and in a
  // correlation's fields.
  it('reads every column some rule reads, and only those', async () => {
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const dir = tempDir();
      const relay = (name: string, body: string) => `title: ${name}\nname: ${name}\nlogsource:\n  product: vigil\n  service: call_telemetry\n${body}\nlevel: high\n`;
      const rules = path.join(dir, 'relay.yml');
      fs.writeFileSync(rules, [
        relay('via_relay', 'detection:\n  x:\n    relay_ip|startswith: "157.240."\n  condition: x'),
        relay('relays', 'correlation:\n  type: value_count\n  rules: [via_relay]\n  group-by: [caller]\n  timespan: 1d\n  condition:\n    field: relay_ip\n    gte: 2\n  generate: true'),
      ].join('---\n'));
      const rows = [
        rec('10:00:00.000', 'relay_alloc', 'x', V, { relay_ip: '157.240.39.45' }),
        rec('10:05:00.000', 'relay_alloc', 'y', V, { relay_ip: '157.240.1.9' }),
        rec('10:06:00.000', 'relay_alloc', 'z', V, { relay_ip: '10.0.0.1' }),
      ];
      for (const format of ['parquet', 'jsonl'] as const) {
        const r = await runHunt(s, { caseName: `relay-${format}`, rules: [rules], data: [await write(dir, `calls-${format}`, rows, format)], vault });
        assert.deepEqual(matches(r), { via_relay: 2, relays: 1 }, format);
      }
    } finally {
      await s.close();
    }
  });
});

describe('scan plan soundness (fast-check)', () => {
  const compiled = compileRulePaths([PACK]);
  // As a hunt compiles it: the pivot follows the actors of the exploit rules.
  const plan = compileScanPlan(compiled.docs, 'call_telemetry', { actorRules: isExploitRule })!;
  const queries = compiled.queries.filter((q) => q.generate);
  const dir = tempDir();
  const iocs = path.join(dir, 'iocs.json');
  const patterns = [`[user-account:account_login = '${A}']`, "[ipv4-addr:value ISSUBSET '185.141.24.0/29']"];
  fs.writeFileSync(iocs, JSON.stringify({ type: 'bundle', id: 'bundle--s', objects: patterns.map((pattern, i) => ({ type: 'indicator', id: `indicator--s${i}`, pattern, pattern_type: 'stix' })) }));
  const { records: indicators } = recordsFromFiles([iocs]);
  // Few values of each field, so that calls, pairs and windows meet often.
  const record = fc.record({
    second: fc.integer({ min: 0, max: 900 }),
    event: fc.constantFrom('call_offer', 'call_accept', 'call_end', 'rtcp', 'call_ringing'),
    call: fc.constantFrom('k1', 'k2', 'k3', 'k4'),
    caller: fc.constantFrom(A, V, W),
    callee: fc.constantFrom(A, V, W),
    sender: fc.constantFrom('caller', 'callee'),
    src: fc.constantFrom('185.141.24.3', '198.51.100.7'),
    client: fc.constantFrom('android/2.19.1', 'android/9.9.9'),
    len: fc.constantFrom(300, 1200, 1201, 5000),
    malformed: fc.boolean(),
    duration: fc.constantFrom(null, 15000, 30000, 30001),
    end: fc.constantFrom('', 'cancelled', 'missed', 'hangup'),
  });
  type Rec = typeof record extends fc.Arbitrary<infer T> ? T : never;
  const rowsOf = (records: Rec[]) =>
    records.map((r) => ({
      ts: new Date(Date.UTC(2019, 4, 1, 10) + r.second * 1000).toISOString(), event: r.event, call_id: r.call, caller: r.caller, callee: r.callee, sender: r.sender,
      src_ip: r.src, relay_ip: '', client: r.client, payload_len: r.len, malformed: r.malformed, duration_ms: r.duration, end_reason: r.end,
    }));
  const detections = async (file: string, withPlan: boolean) => {
    const db = await openDuckDb(1);
    try {
      await installPrelude(db.connection);
      await installIndicatorSets(db.connection, compiled.queries.flatMap((q) => q.sets), indicators);
      await loadSources(db.connection, [classifyDataFile({ file, explicit: true })!], withPlan ? { plan, pivotAccounts: attackerAccounts(indicators) } : {});
      const out: Record<string, string[]> = {};
      const runs = [];
      for (const q of queries) {
        const x = await runQuery(db.connection, q, 1000);
        runs.push(x);
        out[q.name] = x.rows.map((d) => JSON.stringify(d.evidence)).sort();
      }
      // The pivot reads, narrowed, only the rows of accounts it may name: it must name the same.
      const exploit = runs.filter((x) => x.query.tags.includes(EXPLOIT_TAG)).flatMap((x) => x.rows);
      const campaign = await pivot(db.connection, exploit, indicators);
      out.pivot = [JSON.stringify(campaign)];
      return out;
    } finally {
      db.close();
    }
  };

  // A plain offer from an account in the indicators is one a rule can match (T4) and one wanted by
  // key (T6's probe): kept twice, T6 would count two probes where there is one.
  it('keeps once a row a rule can match and a key wants', async () => {
    const offer = (second: number, call: Rec['call'], malformed: boolean, len: Rec['len']): Rec => ({ second, event: 'call_offer', call, caller: A, callee: V, sender: 'caller', src: '198.51.100.7', client: 'android/2.19.1', len, malformed, duration: null, end: '' });
    for (const format of ['parquet', 'jsonl'] as const) {
      const file = await write(tempDir(), 'calls', rowsOf([offer(1, 'k1', false, 300), offer(5, 'k2', true, 5000)]), format);
      const planned = await detections(file, true);
      assert.deepEqual(planned, await detections(file, false), format);
      assert.equal(JSON.parse(planned.cve_2019_3568_t6_probe[0]).value, 1, `${format}: one probe`);
    }
  });

  it('gives the shipped pack the same detections and pivot as every record does', async () => {
    let found = 0;
    let targeted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 40 }), fc.constantFrom('jsonl' as const, 'parquet' as const), async (records, format) => {
        const file = await write(tempDir(), 'calls', rowsOf(records), format);
        const planned = await detections(file, true);
        assert.deepEqual(planned, await detections(file, false));
        found += Object.values(planned).flat().length;
        targeted += (JSON.parse(planned.pivot[0]) as { targets: unknown[] }).targets.length;
      }),
      { numRuns: 40 },
    );
    assert.ok(found > 0, 'the records made some detection');
    assert.ok(targeted > 0, 'the pivot named some target');
  });
});
