// Every rule case executed in DuckDB over eight hand-made records: each must return exactly the
// calls it names (null fields, `not` over absent fields, case rules, regex, CIDR, wildcards).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { openDuckDb, sqlString, type DuckDBConnection } from '../../src/core/index.ts';
import { recordsFromFiles } from '../../src/indicators/index.ts';
import { compileDocs, compileScanPlan, parseRuleSources, type ScanPlan } from '../../src/hunt/index.ts';
import { classifyDataFile } from '../../src/hunt/run/data-files.ts';
import { runQuery } from '../../src/hunt/run/execute.ts';
import { installIndicatorSets, installPrelude } from '../../src/hunt/run/prelude.ts';
import { loadSources } from '../../src/hunt/run/sources.ts';
import { CORRELATION_CASES, RULE_CASES, ruleYaml } from './cases.ts';
import { writeFixtureIocs, writeFixtureJsonl } from './fixture-calls.ts';
import { tempDir } from '../helpers/fixtures.ts';

/**
 * DuckDB with the fixture indicator sets installed and the eight fixture records loaded: from
 * JSON Lines, or with a scan plan from the same records as Parquet (where hunts apply it).
 */
async function fixtureDb(plan?: ScanPlan): Promise<{ connection: DuckDBConnection; ruleRows?: number; close(): void }> {
  const dir = tempDir();
  const db = await openDuckDb(1);
  await installPrelude(db.connection);
  const { records } = recordsFromFiles([writeFixtureIocs(dir)]);
  await installIndicatorSets(db.connection, [{ placeholder: '', type: 'account' }, { placeholder: '', type: 'domain' }, { placeholder: '', type: 'ipv4' }], records);
  let file = writeFixtureJsonl(dir);
  if (plan) {
    const parquet = path.join(dir, 'calls.parquet');
    await db.connection.run(`COPY (SELECT * FROM read_json(${sqlString(file)}, format = 'newline_delimited')) TO ${sqlString(parquet)} (FORMAT parquet)`);
    file = parquet;
  }
  const loaded = await loadSources(db.connection, [classifyDataFile({ file, explicit: true })!], { plan });
  assert.equal(loaded.rows.call_telemetry, 8);
  return Object.assign(db, { ruleRows: loaded.ruleRows });
}

describe('rule execution on DuckDB', () => {
  let db: { connection: DuckDBConnection; close(): void };
  before(async () => {
    db = await fixtureDb();
  });
  after(() => db.close());

  for (const c of RULE_CASES) {
    it(c.name, async () => {
      const { docs, problems } = parseRuleSources([{ file: `${c.name}.yml`, text: ruleYaml(c) }]);
      const [q] = compileDocs(docs, problems).queries;
      const out = await runQuery(db.connection, q, 1000);
      assert.deepEqual(out.rows.map((r) => r.callId).sort(), c.expect);
    });
  }

  it('stores at most the row limit of a rule but counts every match', async () => {
    const c = RULE_CASES.find((x) => x.name === 'contains')!;
    const { docs, problems } = parseRuleSources([{ file: 'limit.yml', text: ruleYaml(c) }]);
    const [q] = compileDocs(docs, problems).queries;
    const all = c.expect.length;
    for (const limit of [1, all - 1, all, all + 1]) {
      const out = await runQuery(db.connection, q, limit);
      assert.deepEqual([out.total, out.stored, out.rows.length], [all, Math.min(limit, all), Math.min(limit, all)], `limit ${limit}`);
      for (const r of out.rows) assert.ok(c.expect.includes(String(r.callId)));
    }
  });

  for (const c of CORRELATION_CASES) {
    it(`correlation ${c.name}`, async () => {
      const { docs, problems } = parseRuleSources([{ file: `${c.name}.yml`, text: ruleYaml(c) }]);
      const q = compileDocs(docs, problems).queries.find((x) => x.name === c.name)!;
      const out = await runQuery(db.connection, q, 1000);
      assert.deepEqual(out.rows.map((r) => r.actor).sort(), c.expect);
    });
  }
});

// Addresses are first tested on their first octet's text: a range wider than /8 must still match
// in every first octet it covers, and a host in none of them must not.
describe('expand|cidr over ranges wider than one first octet', () => {
  it('matches every address the ranges hold', async () => {
    const db = await fixtureDb();
    try {
      const dir = tempDir();
      const file = path.join(dir, 'wide.json');
      const patterns = ["[ipv4-addr:value ISSUBSET '199.0.0.0/6']", "[ipv4-addr:value = '194.36.188.77']"];
      fs.writeFileSync(file, JSON.stringify({ type: 'bundle', id: 'bundle--w', objects: patterns.map((pattern, i) => ({ type: 'indicator', id: `indicator--w${i}`, pattern, pattern_type: 'stix' })) }));
      await installIndicatorSets(db.connection, [{ placeholder: '', type: 'ipv4' }], recordsFromFiles([file]).records);
      const c = RULE_CASES.find((x) => x.name === 'expand_ipv4_cidr')!;
      const { docs, problems } = parseRuleSources([{ file: 'wide.yml', text: ruleYaml(c) }]);
      const out = await runQuery(db.connection, compileDocs(docs, problems).queries[0], 1000);
      // 196.0.0.0/6 holds 198.51.100.1-4 (c1, c2, c6, c8); 185.141.24.x and 10.0.0.1% are outside.
      assert.deepEqual(out.rows.map((r) => r.callId).sort(), ['c1', 'c2', 'c6', 'c7', 'c8']);
    } finally {
      db.close();
    }
  });
});

// Hunts run every rule over the rows the pack's scan plan keeps (here from Parquet): each case
// must give the same calls over that narrowed relation as over all eight records.
describe('rule execution after the scan plan', () => {
  const narrowedSizes: number[] = [];
  const narrowedRun = async (c: (typeof RULE_CASES)[number] | (typeof CORRELATION_CASES)[number]) => {
    const { docs, problems } = parseRuleSources([{ file: `${c.name}.yml`, text: ruleYaml(c) }]);
    const q = compileDocs(docs, problems).queries.find((x) => x.name === c.name)!;
    const plan = compileScanPlan(docs, 'call_telemetry');
    const db = await fixtureDb(plan);
    try {
      if (plan) narrowedSizes.push(db.ruleRows!);
      return await runQuery(db.connection, q, 1000);
    } finally {
      db.close();
    }
  };
  for (const c of RULE_CASES) {
    it(c.name, async () => assert.deepEqual((await narrowedRun(c)).rows.map((r) => r.callId).sort(), c.expect));
  }
  for (const c of CORRELATION_CASES) {
    it(`correlation ${c.name}`, async () => assert.deepEqual((await narrowedRun(c)).rows.map((r) => r.actor).sort(), c.expect));
  }
  it('narrowed the records for most cases', () => {
    assert.ok(narrowedSizes.length > RULE_CASES.length / 2, `scan plan used for ${narrowedSizes.length} cases`);
    assert.ok(narrowedSizes.some((n) => n < 8), 'some scan plan kept fewer than all eight records');
  });
});
