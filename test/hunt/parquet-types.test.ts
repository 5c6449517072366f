// Parquet written by other tools: pandas stores integers that may be null as doubles and times as
// timestamps, Arrow may use 32-bit integers and millisecond times, an export may write booleans as
// text, order the columns otherwise or add its own. Each must hunt as the generator's file does.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDuckDb, sqlString } from '../../src/core/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { generateTelemetry } from '../../src/telemetry/index.ts';
import { drivers, testVault } from '../helpers/stores.ts';
import { ROOT, tempDir } from '../helpers/fixtures.ts';

const RULES = path.join(ROOT, 'rules/cve-2019-3568');

const VARIANTS: Record<string, string> = {
  pandas: 'CAST(ts AS TIMESTAMP) AS ts, event, call_id, caller, callee, sender, src_ip, relay_ip, client, CAST(payload_len AS DOUBLE) AS payload_len, malformed, CAST(duration_ms AS DOUBLE) AS duration_ms, end_reason',
  arrow: 'CAST(CAST(ts AS TIMESTAMP) AS TIMESTAMP_MS) AS ts, event, call_id, caller, callee, sender, src_ip, relay_ip, client, CAST(payload_len AS INTEGER) AS payload_len, CAST(malformed AS VARCHAR) AS malformed, CAST(duration_ms AS INTEGER) AS duration_ms, end_reason',
  reordered: "end_reason, duration_ms, malformed, payload_len, client, relay_ip, src_ip, sender, callee, caller, call_id, event, ts, 'export-7' AS exporter",
};

describe('Parquet of other writers', () => {
  it('finds the same targets, attackers and detections whatever the column types and order, file by file and all together', async () => {
    const dir = tempDir();
    const gen = await generateTelemetry({ out: dir, events: 30_000, seed: 11, format: 'parquet', targets: 20, attackers: 2 });
    const db = await openDuckDb(1);
    const files: Record<string, string> = {};
    for (const [name, columns] of Object.entries(VARIANTS)) {
      files[name] = path.join(dir, `${name}.parquet`);
      await db.connection.run(`COPY (SELECT ${columns} FROM read_parquet(${sqlString(gen.dataFile)})) TO ${sqlString(files[name])} (FORMAT parquet)`);
    }
    const types = (await db.connection.runAndReadAll(`DESCRIBE SELECT ts, payload_len, malformed FROM read_parquet(${sqlString(files.arrow)})`)).getRowObjectsJson().map((r) => r.column_type);
    db.close();
    assert.deepEqual(types, ['TIMESTAMP', 'INTEGER', 'VARCHAR'], 'the variant really has other types');
    const s = await drivers[0].open();
    try {
      const vault = await testVault(s);
      const hunt = async (caseName: string, data: string[]) => {
        const r = await runHunt(s, { caseName, rules: [RULES], data, iocs: [gen.iocFile], vault });
        const rows = await s.query<{ account_enc: string }>('SELECT account_enc FROM victims WHERE case_id = (SELECT id FROM cases WHERE name = $1)', [caseName]);
        return { r, targets: rows.map((x) => vault.decrypt(x.account_enc)).sort() };
      };
      const base = await hunt('generator', [gen.dataFile]);
      assert.deepEqual(base.targets, [...gen.truth.targets].sort());
      for (const [name, file] of Object.entries(files)) {
        const v = await hunt(name, [file]);
        assert.deepEqual(v.targets, base.targets, name);
        assert.equal(v.r.attackers, base.r.attackers, name);
        assert.equal(v.r.rejectedTotal, 0, name);
        assert.deepEqual(v.r.queries.map((q) => [q.name, q.matches]), base.r.queries.map((q) => [q.name, q.matches]), name);
      }
      const all = await hunt('all', [gen.dataFile, ...Object.values(files)]);
      assert.equal(all.r.rows.call_telemetry, 4 * base.r.rows.call_telemetry);
      assert.deepEqual(all.targets, base.targets);
    } finally {
      await s.close();
    }
  });
});
