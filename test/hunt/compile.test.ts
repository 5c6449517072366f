// Golden tests of the compiled SQL: every modifier, condition form and correlation type. The
// expected SQL and parameters live in test/hunt/golden/; UPDATE_GOLDEN=1 rewrites them after a
// deliberate change (review the diff).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileDocs, parseRuleSources } from '../../src/hunt/index.ts';
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
