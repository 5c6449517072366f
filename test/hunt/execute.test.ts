// Every rule case executed in DuckDB over eight hand-made records: each must return exactly the
// calls it names (null fields, `not` over absent fields, case rules, regex, CIDR, wildcards).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDuckDb, type DuckDBConnection } from '../../src/core/index.ts';
import { recordsFromFiles } from '../../src/indicators/index.ts';
import { compileDocs, compilePrefilter, parseRuleSources, type SigmaRule } from '../../src/hunt/index.ts';
import { classifyDataFile } from '../../src/hunt/run/data-files.ts';
import { runQuery } from '../../src/hunt/run/execute.ts';
import { installIndicatorSets, installPrelude } from '../../src/hunt/run/prelude.ts';
import { ALL_CALLS, loadSources, narrowTelemetry } from '../../src/hunt/run/sources.ts';
import { CORRELATION_CASES, RULE_CASES, ruleYaml } from './cases.ts';
import { writeFixtureIocs, writeFixtureJsonl } from './fixture-calls.ts';
import { tempDir } from '../helpers/fixtures.ts';

/** DuckDB with the eight fixture records loaded and the fixture indicator sets installed. */
async function fixtureDb(): Promise<{ connection: DuckDBConnection; close(): void }> {
  const dir = tempDir();
  const db = await openDuckDb(1);
  await installPrelude(db.connection);
  const loaded = await loadSources(db.connection, [classifyDataFile({ file: writeFixtureJsonl(dir), explicit: true })!]);
  assert.equal(loaded.rows.call_telemetry, 8);
  const { records } = recordsFromFiles([writeFixtureIocs(dir)]);
  await installIndicatorSets(db.connection, [{ placeholder: '', type: 'account' }, { placeholder: '', type: 'domain' }, { placeholder: '', type: 'ipv4' }], records);
  return db;
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

  for (const c of CORRELATION_CASES) {
    it(`correlation ${c.name}`, async () => {
      const { docs, problems } = parseRuleSources([{ file: `${c.name}.yml`, text: ruleYaml(c) }]);
      const q = compileDocs(docs, problems).queries.find((x) => x.name === c.name)!;
      const out = await runQuery(db.connection, q, 1000);
      assert.deepEqual(out.rows.map((r) => r.actor).sort(), c.expect);
    });
  }
});

// Parquet hunts run every rule over the rows the rules' joint pre-filter lets through: each case
// must give the same calls over that narrowed relation as over all eight records.
describe('rule execution after the pre-filter', () => {
  let db: { connection: DuckDBConnection; close(): void };
  const narrowedSizes: number[] = [];
  before(async () => {
    db = await fixtureDb();
  });
  after(() => db.close());

  const narrowedRun = async (c: (typeof RULE_CASES)[number] | (typeof CORRELATION_CASES)[number]) => {
    const { docs, problems } = parseRuleSources([{ file: `${c.name}.yml`, text: ruleYaml(c) }]);
    const q = compileDocs(docs, problems).queries.find((x) => x.name === c.name)!;
    const pre = compilePrefilter(docs.filter((d): d is SigmaRule => d.kind === 'rule'), 'call_telemetry');
    if (pre) narrowedSizes.push(await narrowTelemetry(db.connection, pre));
    else await db.connection.run(`CREATE OR REPLACE TEMP VIEW src_call_telemetry AS SELECT * FROM ${ALL_CALLS}`);
    return runQuery(db.connection, q, 1000);
  };
  for (const c of RULE_CASES) {
    it(c.name, async () => assert.deepEqual((await narrowedRun(c)).rows.map((r) => r.callId).sort(), c.expect));
  }
  for (const c of CORRELATION_CASES) {
    it(`correlation ${c.name}`, async () => assert.deepEqual((await narrowedRun(c)).rows.map((r) => r.actor).sort(), c.expect));
  }
  it('narrowed the records for most cases', () => {
    assert.ok(narrowedSizes.length > RULE_CASES.length / 2, `pre-filter used for ${narrowedSizes.length} cases`);
    assert.ok(narrowedSizes.some((n) => n < 8), 'some pre-filter let fewer than all eight records through');
  });
});
