// Golden tests of the compiled SQL: every modifier, condition form and correlation type. The
// expected SQL and parameters live in test/hunt/golden/; UPDATE_GOLDEN=1 rewrites them after a
// deliberate change (review the diff).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileDocs, compilePrefilter, parseRuleSources, type SigmaRule } from '../../src/hunt/index.ts';
import { CORRELATION_CASES, RULE_CASES, ruleYaml } from './cases.ts';
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

describe('pre-filter of a rule pack', () => {
  const pack = (yaml: string) => parseRuleSources([{ file: 'pack.yml', text: yaml }]).docs.filter((d): d is SigmaRule => d.kind === 'rule');
  const rule = (name: string, detection: string) => `title: ${name}\nname: ${name}\nlogsource:\n  product: vigil\n  service: call_telemetry\ndetection:\n${detection}\nlevel: high\n`;

  it('keeps plain predicates, drops subqueries and negations, and adds the rows a derived field reads', () => {
    const docs = pack([
      rule('a', '  rtcp:\n    event: rtcp\n    malformed: true\n  answered:\n    accepted_before: true\n  condition: rtcp and not answered'),
      rule('b', '  offer:\n    event: call_offer\n    caller|expand: "%ioc.account%"\n  condition: offer'),
    ].join('---\n'));
    const pre = compilePrefilter(docs, 'call_telemetry')!;
    assert.equal(pre.sql, `((e."event" = $1 AND e."malformed" = $2) OR e."event" = 'call_accept' OR e."event" = $3)`);
    assert.deepEqual(pre.params, ['rtcp', true, 'call_offer']);
  });

  it('is absent when one rule could match any row', () => {
    const docs = pack([rule('a', '  x:\n    event: rtcp\n  condition: x'), rule('b', '  x:\n    event: rtcp\n  condition: not x')].join('---\n'));
    assert.equal(compilePrefilter(docs, 'call_telemetry'), undefined);
  });

  it('turns "N of" into an OR of its searches, and ignores rules of other logsources', () => {
    const zeek = 'title: z\nname: z\nlogsource:\n  product: zeek\n  service: dns\ndetection:\n  q:\n    query: x\n  condition: q\nlevel: low\n';
    const docs = pack([rule('a', '  s1:\n    event: rtcp\n  s2:\n    event: call_end\n  s3:\n    malformed: true\n  condition: 2 of s*'), zeek].join('---\n'));
    const pre = compilePrefilter(docs, 'call_telemetry')!;
    assert.equal(pre.sql, '(e."event" = $1 OR e."event" = $2 OR e."malformed" = $3)');
  });
});
