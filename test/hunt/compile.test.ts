// Golden tests of the compiled SQL: every modifier, condition form and correlation type. The
// expected SQL and parameters live in test/hunt/golden/; UPDATE_GOLDEN=1 rewrites them after a
// deliberate change (review the diff).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileDocs, compileScanPlan, parseRuleSources } from '../../src/hunt/index.ts';
import { CORRELATION_CASES, RULE_CASES, ruleYaml } from './cases.ts';
import { SetValuesParam } from '../../src/hunt/compile/index.ts';
import { ROOT } from '../helpers/fixtures.ts';

const GOLDEN = path.join(ROOT, 'test/hunt/golden');

export function compileCase(name: string, yaml: string) {
  const { docs, problems } = parseRuleSources([{ file: `${name}.yml`, text: yaml }]);
  const r = compileDocs(docs, problems);
  assert.deepEqual(r.problems, [], `${name} must compile`);
  const q = r.queries.find((x) => x.name === name);
  assert.ok(q, `${name} compiled`);
  return q;
}

function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, `${name}.sql`);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, text);
  assert.ok(fs.existsSync(file), `golden file ${file} is missing (UPDATE_GOLDEN=1 creates it)`);
  assert.equal(text, fs.readFileSync(file, 'utf8'));
}

describe('golden SQL', () => {
  for (const c of [...RULE_CASES, ...CORRELATION_CASES]) {
    it(c.name, () => {
      const q = compileCase(c.name, ruleYaml(c));
      golden(c.name, `${q.sql};\n-- params: ${JSON.stringify(q.params)}\n`);
    });
  }

  it('binds every value: no rule value appears in the SQL text', () => {
    for (const c of RULE_CASES) {
      const q = compileCase(c.name, ruleYaml(c));
      for (const p of q.params) if (typeof p === 'string' && p.length > 3) assert.ok(!q.sql.includes(p), `${c.name}: ${p} inlined`);
    }
  });
});

describe('scan plan of a rule pack', () => {
  const pack = (...docs: string[]) => parseRuleSources([{ file: 'pack.yml', text: docs.join('---\n') }]).docs;
  const rule = (name: string, detection: string) => `title: ${name}\nname: ${name}\nlogsource:\n  product: vigil\n  service: call_telemetry\ndetection:\n${detection}\nlevel: high\n`;
  const correlation = (name: string, type: string, rules: string[], groupBy: string[], extra = '') =>
    `title: ${name}\nname: ${name}\ncorrelation:\n  type: ${type}\n  rules: [${rules.join(', ')}]\n  group-by: [${groupBy.join(', ')}]\n  timespan: 1h\n${extra}level: high\n`;
  const exploit = rule('exploit', '  x:\n    event: call_offer\n    malformed: true\n  condition: x');
  const plain = rule('plain', '  x:\n    event: call_offer\n    malformed: false\n  condition: x');

  it('keeps plain predicates, tests an indicator set against its values, drops negations; a derived field reads rows of the same key, kept by the keys of the rule that reads it', () => {
    const plan = compileScanPlan(pack(
      rule('a', '  rtcp:\n    event: rtcp\n    malformed: true\n  answered:\n    accepted_before: true\n  condition: rtcp and not answered'),
      rule('b', '  offer:\n    event: call_offer\n    caller|expand: "%ioc.account%"\n  condition: offer'),
    ), 'call_telemetry')!;
    assert.equal(plan.first.sql, '((e."event" = $1 AND e."malformed" = $2) OR (e."event" = $3 AND list_contains($4, e."caller")))');
    assert.deepEqual(plan.first.params, ['rtcp', true, 'call_offer', new SetValuesParam('vigil_ioc_account', 'value')]);
    assert.equal(plan.second!.sql, `(e."event" = 'call_accept' AND e."call_id" IN (SELECT "call_id" FROM vigil_keys_0))`);
    // Its keys are those of the rows the rule reading accepted_before can match; the key rows keep
    // only what that condition and the key read.
    assert.deepEqual(plan.second!.keyTables, [{ name: 'vigil_keys_0', columns: ['call_id'], from: { sql: '(e."event" = $1 AND e."malformed" = $2)', params: ['rtcp', true] } }]);
    assert.deepEqual(plan.keyRows!.columns.sort(), ['call_id', 'event', 'malformed']);
    assert.equal(plan.keep.sql, `(((e."event" = $1 AND e."malformed" = $2) OR (e."event" = $3 AND list_contains($4, e."caller"))) OR (e."event" = 'call_accept' AND e."call_id" IN (SELECT "call_id" FROM vigil_keys_0)))`);
    assert.equal(plan.actors, undefined, 'no actors asked for');
    // Kept rows carry the first's flag, computed with the keep's values: the first's come first.
    assert.deepEqual(plan.keep.params.slice(0, plan.first.params.length), plan.first.params);
  });

  it('is absent when one rule could match any row', () => {
    assert.equal(compileScanPlan(pack(rule('a', '  x:\n    event: rtcp\n  condition: x'), rule('b', '  x:\n    event: rtcp\n  condition: not x')), 'call_telemetry'), undefined);
  });

  it('turns "N of" into an OR of its searches, and ignores rules of other logsources', () => {
    const zeek = 'title: z\nname: z\nlogsource:\n  product: zeek\n  service: dns\ndetection:\n  q:\n    query: x\n  condition: q\nlevel: low\n';
    const plan = compileScanPlan(pack(rule('a', '  s1:\n    event: rtcp\n  s2:\n    event: call_end\n  s3:\n    malformed: true\n  condition: 2 of s*'), zeek), 'call_telemetry')!;
    assert.equal(plan.first.sql, '(e."event" = $1 OR e."event" = $2 OR e."malformed" = $3)');
    assert.equal(plan.second, undefined);
  });

  it('defers a base rule of a temporal correlation to the groups its other base rule, run on its own, found', () => {
    const reach = correlation('reach', 'value_count', ['exploit'], ['caller'], '  generate: true\n  condition:\n    field: callee\n    gte: 5\n');
    const plan = compileScanPlan(pack(exploit, plain, reach, correlation('probe', 'temporal_ordered', ['plain', 'exploit'], ['caller', 'callee'])), 'call_telemetry')!;
    assert.equal(plan.first.sql, '(e."event" = $1 AND e."malformed" = $2)');
    assert.deepEqual(plan.first.params, ['call_offer', true]);
    assert.equal(plan.second!.sql, '((e."event" = $1 AND e."malformed" = $2) AND (e."caller", e."callee") IN (SELECT "caller", "callee" FROM vigil_keys_0))');
    assert.deepEqual(plan.second!.params, ['call_offer', false]);
    // The pairs are those of the exploit offers, its driver, not of every row some rule can match.
    assert.deepEqual(plan.second!.keyTables[0].from, { sql: '(e."event" = $1 AND e."malformed" = $2)', params: ['call_offer', true] });
  });

  it('takes for actors the rows the named rules can match, with the actor column among the key rows', () => {
    const known = rule('known', '  x:\n    event: call_offer\n    caller|expand: "%ioc.account%"\n  condition: x');
    const plan = compileScanPlan(pack(exploit, known), 'call_telemetry', { actorRules: (r) => r.name === 'exploit' })!;
    assert.deepEqual(plan.actors, { sql: '(e."event" = $1 AND e."malformed" = $2)', params: ['call_offer', true] });
    assert.equal(plan.second, undefined);
    assert.deepEqual(plan.keyRows!.columns.sort(), ['caller', 'event', 'malformed']);
    const none = compileScanPlan(pack(known), 'call_telemetry', { actorRules: (r) => r.name === 'exploit' })!;
    assert.equal(none.keyRows, undefined, 'no key table and no actor rule: no key rows');
    assert.deepEqual(none.actors, { sql: 'false', params: [] }, 'asked for, but no rule names actors');
  });

  it('defers no base rule that runs on its own, feeds a count, or groups by a column a record may lack', () => {
    const planOf = (...docs: string[]) => compileScanPlan(pack(...docs), 'call_telemetry')!;
    const both = '((e."event" = $1 AND e."malformed" = $2) OR (e."event" = $1 AND e."malformed" = $3))';
    for (const plan of [
      planOf(exploit, plain, correlation('probe', 'temporal', ['plain', 'exploit'], ['caller'], '  generate: true\n')),
      planOf(exploit, plain, correlation('probe', 'temporal', ['plain', 'exploit'], ['src_ip'])),
    ]) {
      assert.equal(plan.first.sql, both);
      assert.equal(plan.second, undefined);
    }
    // Counted, `plain` is read whole; `exploit` then waits for the groups `plain` found.
    const counted = planOf(exploit, plain, correlation('probe', 'temporal', ['plain', 'exploit'], ['caller']), correlation('many', 'event_count', ['plain'], ['caller'], '  condition:\n    gte: 5\n'));
    assert.deepEqual(counted.first.params, ['call_offer', false]);
    assert.deepEqual(counted.second!.params, ['call_offer', true]);
  });

  it('keeps the first base rule among the rows a rule can match when every base could wait', () => {
    const plan = compileScanPlan(pack(exploit, plain, correlation('pair', 'temporal', ['exploit', 'plain'], ['call_id'])), 'call_telemetry')!;
    assert.equal(plan.first.sql, '(e."event" = $1 AND e."malformed" = $2)');
    assert.deepEqual(plan.first.params, ['call_offer', true]);
    assert.match(plan.second!.sql, /e\."call_id" IN \(SELECT "call_id" FROM vigil_keys_0\)/);
  });
});
