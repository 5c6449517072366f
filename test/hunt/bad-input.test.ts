// Bad input never stops a hunt: malformed records are counted and skipped with file and line;
// a dataset whose columns do not fit is refused naming the missing ones; gzip and CSV read too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { InputError, openDuckDb, sqlString } from '../../src/core/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { generateTelemetry } from '../../src/telemetry/index.ts';
import type { Store } from '../../src/store/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { rejectedAt, ROOT, tempDir } from '../helpers/fixtures.ts';
import { FIXTURE_ROWS, writeFixtureJsonl } from './fixture-calls.ts';

const RULES = path.join(ROOT, 'rules/cve-2019-3568');

describe('hunt input handling', () => {
  it('counts and skips malformed JSONL records with their file and line; blank lines are not records', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(writeFixtureJsonl(dir), 'utf8').trimEnd().split('\n');
    const lines = [good[0], '{not json', good[1], JSON.stringify({ ...JSON.parse(good[2]), ts: 'yesterday' }), good[3], JSON.stringify({ ...JSON.parse(good[4]), event: 'teleport' }), JSON.stringify({ ...JSON.parse(good[5]), payload_len: 'big' }), '', '   ', '\t \r', good[6]];
    const file = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'bad', rules: [RULES], data: [file], vault: await testVault(s) });
      assert.equal(r.rows.call_telemetry, 4);
      assert.equal(r.rejectedTotal, 4);
      assert.deepEqual(r.rejected.map((x) => [path.basename(x.file), x.line]), [['mixed.jsonl', 2], ['mixed.jsonl', 4], ['mixed.jsonl', 6], ['mixed.jsonl', 7]]);
      assert.match(r.rejected[0].reason, /not valid JSON/);
      assert.match(r.rejected[1].reason, /ts/);
      assert.match(r.rejected[2].reason, /event/);
      assert.match(r.rejected[3].reason, /payload_len/);
      const stored = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM hunt_rejects');
      assert.equal(stored[0].n, 4);
    } finally {
      await s.close();
    }
  });

  it('gives exact lines for bad records in a file whose every line is JSON (the strict, single-read path)', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(writeFixtureJsonl(dir), 'utf8').trimEnd().split('\n');
    const lines = [good[0], good[1], '', JSON.stringify({ ...JSON.parse(good[2]), ts: 'yesterday' }), good[3], JSON.stringify({ ...JSON.parse(good[4]), caller: '' })];
    const file = path.join(dir, 'fields.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'bad', rules: [RULES], data: [file], vault: await testVault(s) });
      assert.equal(r.rows.call_telemetry, 3);
      assert.deepEqual(r.rejected.map((x) => [x.line, x.reason]), [[4, 'ts is not an RFC 3339 time'], [6, 'no caller or callee']]);
    } finally {
      await s.close();
    }
  });

  it('reads records holding the text \\x1f (once the line reader\'s delimiter: a client string could fail the hunt)', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(writeFixtureJsonl(dir), 'utf8').trimEnd().split('\n');
    const odd = (i: number) => JSON.stringify({ ...JSON.parse(good[i]), client: 'android/2.19.51\\x1f\\x1f\\x1e' });
    // First line: the key sample reads it; a bad record after a blank line sends the file to the line reader.
    const lines = [odd(0), good[1], '', JSON.stringify({ ...JSON.parse(good[2]), ts: 'never' }), odd(3), good[4]];
    const file = path.join(dir, 'escaped.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'x1f', rules: [RULES], data: [file], vault: await testVault(s) });
      assert.equal(r.rows.call_telemetry, 4);
      assert.deepEqual(r.rejected.map((x) => [x.line, x.reason]), [[4, 'ts is not an RFC 3339 time']]);
    } finally {
      await s.close();
    }
  });

  it('skips times RFC 3339 cannot write (past year 9999) as bad records, in telemetry and in Zeek logs, instead of failing the hunt', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(writeFixtureJsonl(dir), 'utf8').trimEnd().split('\n');
    const at = (i: number, ts: string) => JSON.stringify({ ...JSON.parse(good[i]), ts });
    const lines = [good[0], at(1, '20000-01-01T00:00:00Z'), at(2, '9999-12-31T23:59:59.999Z'), good[3], at(4, '0000-06-01T00:00:00Z'), at(5, '0001-01-01T00:00:00Z')];
    const file = path.join(dir, 'far.jsonl');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    // A Zeek DNS log whose epoch seconds are out of every range, beside a good line.
    const fields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'qtype_name', 'rcode_name', 'answers'];
    const row = (ts: string, host: string) => [ts, 'C1', host, '5353', '10.0.0.1', '53', 'udp', 'example.org', 'A', 'NOERROR', '-'].join('\t');
    const zeek = path.join(dir, 'dns.log');
    fs.writeFileSync(zeek, ['#separator \\x09', '#path\tdns', `#fields\t${fields.join('\t')}`, row('1e30', '10.0.0.7'), row('9.2e12', '10.0.0.8'), row('1556766847.123', '10.0.0.9')].join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'far', rules: [RULES, path.join(ROOT, 'rules/spyware-infrastructure')], data: [file, zeek], vault: await testVault(s) });
      assert.equal(r.rows.call_telemetry, 4);
      assert.deepEqual(rejectedAt(r), [
        ['dns.log', 4, 'ts is not a time'], ['dns.log', 5, 'ts is not a time'],
        ['far.jsonl', 2, 'ts is not an RFC 3339 time'], ['far.jsonl', 5, 'ts is not an RFC 3339 time'],
      ]);
      assert.equal(r.rows.zeek_dns, 1);
    } finally {
      await s.close();
    }
  });

  it('reads a record with a field of megabytes; refuses one past 64 MiB with one clear error and keeps the earlier hunt', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(writeFixtureJsonl(dir), 'utf8').trimEnd().split('\n');
    const long = (i: number, bytes: number) => JSON.stringify({ ...JSON.parse(good[i]), client: 'x'.repeat(bytes) });
    const file = path.join(dir, 'long.jsonl');
    fs.writeFileSync(file, [good[0], long(1, 3_000_000), ...good.slice(2)].join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const r = await runHunt(s, { caseName: 'long', rules: [RULES], data: [file], vault });
      assert.equal(r.rows.call_telemetry, good.length);
      assert.equal(r.rejectedTotal, 0);
      const huge = path.join(dir, 'huge.jsonl');
      fs.writeFileSync(huge, [good[0], long(1, 65 * 1024 * 1024), good[2]].join('\n') + '\n');
      await assert.rejects(runHunt(s, { caseName: 'long', rules: [RULES], data: [huge], vault }), (e: unknown) =>
        e instanceof InputError && e.code === 'DATA_RECORD_TOO_LONG' && e.where === huge && !e.oneLine().includes('xxxx'));
      fs.rmSync(huge);
      assert.equal((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM hunts'))[0].n, 1);
    } finally {
      await s.close();
    }
  });

  it('gives the line of each bad record of a CSV file read in parallel chunks, counting rows it could not read', async () => {
    const dir = tempDir();
    const gen = await generateTelemetry({ out: dir, events: 200_000, seed: 9, format: 'csv', targets: 40, attackers: 3 });
    const lines = fs.readFileSync(gen.dataFile, 'utf8').trimEnd().split('\n');
    const badTs = (n: number) => (lines[n - 1] = lines[n - 1].replace(/^[^,]+/, 'yesterday'));
    badTs(10);
    badTs(150_000);
    lines.splice(3, 0, 'only,three,fields'); // now line 4: the bad records move to lines 11 and 150001
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'csv', rules: [RULES], data: [file], vault: await testVault(s) });
      assert.equal(r.rejectedTotal, 3);
      assert.deepEqual(r.rejected.map((x) => [x.line, x.reason.slice(0, 9)]), [[4, 'CSV: Expe'], [11, 'ts is not'], [150_001, 'ts is not']]);
      for (const x of r.rejected.slice(1)) assert.match(lines[x.line - 1], /^yesterday,/);
    } finally {
      await s.close();
    }
  });

  it('names a file it cannot read (not Parquet, truncated, corrupt pages, not gzip) as the data\'s fault, and keeps the earlier hunt', async () => {
    const dir = tempDir();
    const gen = await generateTelemetry({ out: dir, events: 30_000, seed: 3, format: 'parquet', targets: 20, attackers: 2 });
    const bytes = fs.readFileSync(gen.dataFile);
    const bad = (name: string, data: Buffer | string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, data);
      return f;
    };
    // Pages of src_ip only: with no pre-filter the load never reads that column, a rule does.
    const db = await openDuckDb(1);
    const chunk = (await db.connection.runAndReadAll(`SELECT data_page_offset AS o, total_compressed_size AS n FROM parquet_metadata(${sqlString(gen.dataFile)}) WHERE path_in_schema = 'src_ip' AND row_group_id = 0`)).getRowObjectsJson()[0];
    db.close();
    const corrupt = Buffer.from(bytes);
    for (let i = Number(chunk.o) + 8; i < Number(chunk.o) + Number(chunk.n); i += 3) corrupt[i] ^= 0x5a;
    const broad = tempDir();
    fs.writeFileSync(path.join(broad, 'not-office.yml'), ['title: Events from outside the office', 'name: not_office', 'logsource:', '  product: vigil', '  service: call_telemetry',
      'detection:', '  quiet:', '    src_ip|startswith: "10."', '  condition: not quiet', 'level: low', ''].join('\n'));
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      await runHunt(s, { caseName: 'files', rules: [RULES], data: [gen.dataFile], vault });
      const cases: [string[], string][] = [
        [[RULES], bad('text.parquet', 'not parquet at all')],
        [[RULES], bad('cut.parquet', bytes.subarray(0, bytes.length >> 1))],
        [[RULES], bad('pages.parquet', corrupt)],
        [[broad], bad('pages-rule.parquet', corrupt)],
        [[RULES], bad('calls.jsonl.gz', 'not gzip')],
      ];
      for (const [rules, file] of cases) {
        await assert.rejects(runHunt(s, { caseName: 'files', rules, data: [file], vault }), (e: unknown) =>
          e instanceof InputError && e.code === 'DATA_UNREADABLE' && e.where === file && /cannot read the (file|data)/.test(e.message), `${path.basename(file)} with ${path.basename(rules[0])}`);
      }
      assert.equal((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM hunts'))[0].n, 1);
    } finally {
      await s.close();
    }
  });

  it('gives the row of each bad Parquet record, found in the scan that keeps the plan\'s rows', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(writeFixtureJsonl(dir), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    // Every column as text, as a careless export would write it: the record check must still run.
    const rows = [good[0], { ...good[1], ts: 'yesterday' }, good[2], good[3], { ...good[4], event: 'teleport' }, good[5], { ...good[6], callee: '' }, good[7]];
    const jsonl = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(jsonl, rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? null : String(v)])))).join('\n') + '\n');
    const file = path.join(dir, 'calls.parquet');
    const db = await openDuckDb(1);
    await db.connection.run(`COPY (SELECT * FROM read_json(${sqlString(jsonl)}, format = 'newline_delimited', columns = {${Object.keys(good[0]).map((k) => `${sqlString(k)}: 'VARCHAR'`).join(', ')}})) TO ${sqlString(file)} (FORMAT parquet)`);
    db.close();
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'bad', rules: [RULES], data: [file], vault: await testVault(s) });
      assert.equal(r.rows.call_telemetry, 5);
      assert.equal(r.rejectedTotal, 3);
      assert.deepEqual(rejectedAt(r), [['calls.parquet', 2, 'ts is not an RFC 3339 time'], ['calls.parquet', 5, 'unknown event'], ['calls.parquet', 7, 'no caller or callee']]);
      assert.ok(r.ruleRows !== undefined && r.ruleRows <= 5, `rules read ${r.ruleRows} rows`);
      // With a text file beside it, its records are counted with the Parquet ones, and the rules
      // read the text's rows the plan keeps too.
      const both = await runHunt(s, { caseName: 'both', rules: [RULES], data: [file, writeFixtureJsonl(tempDir())], vault: await testVault(s) });
      assert.equal(both.rows.call_telemetry, 13);
      assert.equal(both.rejectedTotal, 3);
      assert.ok(both.ruleRows! > r.ruleRows! && both.ruleRows! <= r.ruleRows! + 8, `rules read ${both.ruleRows} rows`);
    } finally {
      await s.close();
    }
  });

  it('refuses a dataset whose columns do not fit, naming the missing columns', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'calls.jsonl');
    fs.writeFileSync(file, JSON.stringify({ ts: '2019-05-01T00:00:00.000Z', event: 'call_offer', call_id: 'x', caller: '+1', callee: '+2' }) + '\n');
    const s = await drivers[0].open();
    try {
      await assert.rejects(runHunt(s, { caseName: 'cols', rules: [RULES], data: [file], vault: await testVault(s) }), (e: unknown) =>
        // Keys of empty values (relay_ip, duration_ms, end_reason) may be left out of JSON; the others may not.
        e instanceof InputError && e.code === 'DATA_COLUMNS' && /: sender, src_ip, client, payload_len, malformed$/.test(e.message));
      const csv = path.join(dir, 'calls.csv');
      fs.writeFileSync(csv, 'ts,event,call_id\n2019-05-01T00:00:00.000Z,call_offer,x\n');
      await assert.rejects(runHunt(s, { caseName: 'cols', rules: [RULES], data: [csv], vault: await testVault(s) }), /columns missing for call_telemetry: caller, callee/);
      // Nothing of the refused hunts was stored.
      assert.equal((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM hunts'))[0].n, 0);
    } finally {
      await s.close();
    }
  });

  it('reads gzip JSONL and CSV, including broken CSV rows, in one hunt', async () => {
    const dir = tempDir();
    const jsonl = fs.readFileSync(writeFixtureJsonl(dir), 'utf8');
    fs.writeFileSync(path.join(dir, 'a.jsonl.gz'), zlib.gzipSync(jsonl));
    fs.rmSync(path.join(dir, 'calls.jsonl'));
    const header = 'ts,event,call_id,caller,callee,sender,src_ip,relay_ip,client,payload_len,malformed,duration_ms,end_reason';
    const rows = FIXTURE_ROWS.map((r) => [`2019-05-02T${r[1]}:00.000Z`, r[2], `csv-${r[0]}`, r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11] ?? '', r[12]].join(','));
    rows.splice(2, 0, 'only,three,fields');
    fs.writeFileSync(path.join(dir, 'b.csv.gz'), zlib.gzipSync([header, ...rows].join('\n') + '\n'));
    fs.writeFileSync(path.join(dir, 'truth.json'), '{}');
    const s = await drivers[0].open();
    try {
      const r = await runHunt(s, { caseName: 'gz', rules: [RULES], data: [dir], vault: await testVault(s) });
      assert.equal(r.rows.call_telemetry, 16);
      assert.equal(r.rejectedTotal, 1);
      assert.equal(path.basename(r.rejected[0].file), 'b.csv.gz');
      assert.equal(r.rejected[0].line, 4);
      assert.deepEqual(r.ignored.map((f) => path.basename(f)), ['truth.json']);
      // c3 and c7 are oversized malformed offers in both copies.
      assert.equal(r.queries.find((q) => q.name === 'cve_2019_3568_t1_offer')!.matches, 4);
    } finally {
      await s.close();
    }
  });

  it('stores nothing of a hunt that fails while storing detections, and keeps the earlier hunt whole', async () => {
    const data = writeFixtureJsonl(tempDir());
    const s = await drivers[0].open();
    // The store, counting the statements that insert detections; the failAt-th one fails.
    let inserts = 0;
    let failAt = 0;
    const counting: Store = {
      ...s,
      transaction: (fn) => s.transaction((tx) => fn({ query: (sql, params) => (/INSERT INTO detections/.test(sql) && ++inserts === failAt ? Promise.reject(new Error('disk full')) : tx.query(sql, params)) })),
    };
    try {
      const vault = await testVault(s);
      const first = await runHunt(counting, { caseName: 'kept', rules: [RULES], data: [data], vault });
      const total = inserts;
      assert.ok(total >= 3, `${total} insert statements`);
      const count = async (table: string) => (await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
      const before = { hunts: await count('hunts'), detections: await count('detections'), victims: await count('victims') };
      assert.ok(before.detections > 0 && before.victims > 0);
      // Failing early (later queries still to run) and last (the pivot running in DuckDB meanwhile).
      for (const at of [2, total]) {
        inserts = 0;
        failAt = at;
        await assert.rejects(runHunt(counting, { caseName: 'kept', rules: [RULES], data: [data], vault }), /disk full/);
        assert.equal(inserts, at);
        assert.deepEqual({ hunts: await count('hunts'), detections: await count('detections'), victims: await count('victims') }, before);
      }
      failAt = 0;
      const again = await runHunt(counting, { caseName: 'kept', rules: [RULES], data: [data], vault });
      assert.equal(again.targets, first.targets);
    } finally {
      await s.close();
    }
  });

  it('refuses data with no good record, no rule for the data, or empty indicator files, and keeps the case\'s last hunt', async () => {
    const dir = tempDir();
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const first = await runHunt(s, { caseName: 'kept', rules: [RULES], data: [writeFixtureJsonl(dir)], vault });
      const victims = async () => (await s.query<{ n: number }>('SELECT count(*)::int AS n FROM victims'))[0].n;
      const before = await victims();
      assert.ok(first.targets > 0 && before > 0);
      const empty = path.join(dir, 'empty.jsonl');
      fs.writeFileSync(empty, '');
      const bad = path.join(dir, 'bad.jsonl');
      fs.writeFileSync(bad, '{not json\n' + JSON.stringify({ ts: 'yesterday', event: 'call_offer', call_id: 'x', caller: '+1', callee: '+2', sender: 'caller', src_ip: null, relay_ip: null, client: null, payload_len: null, malformed: false, duration_ms: null, end_reason: null }) + '\n');
      await assert.rejects(runHunt(s, { caseName: 'kept', rules: [RULES], data: [empty], vault }), (e: unknown) => e instanceof InputError && e.code === 'DATA_EMPTY' && /holds no record/.test(e.message));
      await assert.rejects(runHunt(s, { caseName: 'kept', rules: [RULES], data: [bad], vault }), (e: unknown) => e instanceof InputError && e.code === 'DATA_EMPTY' && /all 2 are malformed \(first at .*bad\.jsonl:1: not valid JSON\)/.test(e.message));
      // Rules for other data (Zeek) over call telemetry: nothing could be hunted either.
      await assert.rejects(runHunt(s, { caseName: 'kept', rules: [path.join(ROOT, 'rules/spyware-infrastructure')], data: [writeFixtureJsonl(tempDir())], vault }), (e: unknown) =>
        e instanceof InputError && e.code === 'RULES_NO_DATA' && /the data holds call_telemetry/.test(e.message));
      // Indicator files given on purpose that hold nothing usable.
      const junk = path.join(dir, 'junk.txt');
      fs.writeFileSync(junk, 'not an indicator\n');
      await assert.rejects(runHunt(s, { caseName: 'kept', rules: [RULES], data: [writeFixtureJsonl(tempDir())], iocs: [junk], vault }), (e: unknown) => e instanceof InputError && e.code === 'IOCS_NONE');
      assert.equal(await victims(), before);
      assert.equal((await s.query<{ id: number }>('SELECT id::int AS id FROM hunts'))[0].id, first.huntId);
    } finally {
      await s.close();
    }
  });

  it('says clearly when a path or glob finds nothing', async () => {
    const s = await drivers[0].open();
    try {
      // A rule folder without rules is a wrong path: refused, not a hunt that finds nothing.
      await assert.rejects(runHunt(s, { caseName: 'x', rules: [tempDir()], data: [writeFixtureJsonl(tempDir())], vault: await testVault(s) }), (e: unknown) => e instanceof InputError && e.code === 'RULES_NONE');
      await assert.rejects(runHunt(s, { caseName: 'x', rules: ['/nonexistent/rules'], data: [writeFixtureJsonl(tempDir())], vault: await testVault(s) }), (e: unknown) => e instanceof InputError && e.code === 'RULES_MISSING');
      assert.equal((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM hunts'))[0].n, 0);
      await assert.rejects(runHunt(s, { caseName: 'x', rules: [RULES], data: ['/nonexistent/data'], vault: await testVault(s) }), /DATA_MISSING|no such file/);
      await assert.rejects(runHunt(s, { caseName: 'x', rules: [RULES], data: [`${tempDir()}/*.parquet`] }), /matches no file/);
    } finally {
      await s.close();
    }
  });
});
