// Rule values and field names built to break out of SQL are refused at compile time or bound as
// inert parameters; the data and the database are untouched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDuckDb, type DuckDBConnection } from '../../src/core/index.ts';
import { compileDocs, parseRuleSources } from '../../src/hunt/index.ts';
import { classifyDataFile } from '../../src/hunt/run/data-files.ts';
import { runQuery } from '../../src/hunt/run/execute.ts';
import { installPrelude } from '../../src/hunt/run/prelude.ts';
import { loadSources } from '../../src/hunt/run/sources.ts';
import { writeFixtureJsonl } from './fixture-calls.ts';
import { tempDir } from '../helpers/fixtures.ts';

const rule = (detection: string) => `title: inj\nname: inj\nlogsource: {product: vigil, service: call_telemetry}\ndetection:\n${detection}`;
const compile = (yaml: string) => {
  const { docs, problems } = parseRuleSources([{ file: 'inj.yml', text: yaml }]);
  return compileDocs(docs, problems);
};

const HOSTILE_VALUES = [
  "x'; DROP TABLE calls_loaded; --",
  "') OR 1=1 --",
  '" OR "1"="1',
  "\\'; SELECT 1; --",
  '%; DELETE FROM calls_loaded',
  '$1',
  'x\u0000y',
];

describe('SQL injection', () => {
  let db: { connection: DuckDBConnection; close(): void };
  before(async () => {
    db = await openDuckDb(1);
    await installPrelude(db.connection);
    await loadSources(db.connection, [classifyDataFile({ file: writeFixtureJsonl(tempDir()), explicit: true })!]);
  });
  after(() => db.close());

  const rowsLeft = async () => Number((await db.connection.runAndReadAll('SELECT count(*) AS n FROM calls_loaded')).getRowObjectsJson()[0].n);

  for (const [i, v] of HOSTILE_VALUES.entries()) {
    for (const mod of ['', '|contains', '|re', '|startswith', '|cased']) {
      it(`value #${i} with modifier '${mod}' is a bound, inert parameter`, async () => {
        const r = compile(rule(`  s:\n    client${mod}: ${JSON.stringify(v)}\n  condition: s\n`));
        assert.deepEqual(r.problems, []);
        const q = r.queries[0];
        assert.ok(!q.sql.includes('DROP') && !q.sql.includes('DELETE') && !q.sql.includes('1=1'));
        const out = await runQuery(db.connection, q, 100).catch((e: Error) => e);
        // A hostile regex may be refused by RE2; it never runs as SQL.
        if (!(out instanceof Error)) assert.equal(out.rows.length, 0);
        assert.equal(await rowsLeft(), 8);
      });
    }
  }

  for (const field of ['client" OR 1=1 --', 'e."client"', 'client) --', "client'; DROP TABLE x; --", '__proto__', 'constructor']) {
    it(`field name ${JSON.stringify(field)} is refused against the schema`, () => {
      const r = compile(rule(`  s:\n    ${JSON.stringify(field)}: x\n  condition: s\n`));
      assert.equal(r.queries.length, 0);
      assert.match(r.problems[0].message, /unknown field/);
    });
  }

  it('a placeholder built to break out is an unknown placeholder', () => {
    const r = compile(rule(`  s:\n    client|expand: "%ioc.domain); DROP TABLE x; --%"\n  condition: s\n`));
    assert.match(r.problems[0].message, /unknown placeholder/);
  });

  it('correlation group-by and value fields are checked, never spliced', () => {
    const base = rule('  s:\n    event: call_offer\n  condition: s\n');
    const corr = (groupBy: string, field: string) =>
      `${base}---\ntitle: c\nname: c\ncorrelation:\n  type: value_count\n  rules: [inj]\n  group-by: [${JSON.stringify(groupBy)}]\n  timespan: 1h\n  condition: {field: ${JSON.stringify(field)}, gte: 1}\n`;
    for (const [g, f] of [['caller" OR 1=1 --', 'callee'], ['caller', 'callee"); DROP TABLE x; --'], ['no_such_field', 'callee']]) {
      const r = compile(corr(g, f));
      assert.ok(r.problems.length > 0, `${g} / ${f}`);
      assert.ok(!r.queries.some((q) => q.name === 'c'));
    }
  });

  it('a timespan built to break out is refused', () => {
    const r = compile(`${rule('  s:\n    event: call_offer\n  condition: s\n')}---\ntitle: c\nname: c\ncorrelation:\n  type: event_count\n  rules: [inj]\n  timespan: "1h) PRECEDING; DROP TABLE x; --"\n  condition: {gte: 1}\n`);
    assert.match(r.problems[0].message, /timespan/);
  });
});
