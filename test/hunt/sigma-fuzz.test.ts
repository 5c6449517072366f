// fast-check over the rule compiler: the shipped rules, cut and spliced with Sigma's own tokens
// (modifiers, placeholders, conditions, correlation keys, YAML punctuation), always give queries
// or located problems, never an exception; every problem points into the file it names.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileDocs, parseRuleSources } from '../../src/hunt/index.ts';
import { ROOT } from '../helpers/fixtures.ts';

const PACKS = ['rules/cve-2019-3568', 'rules/spyware-infrastructure'].map((p) => path.join(ROOT, p));
const SHIPPED = PACKS.flatMap((d) => fs.readdirSync(d).map((f) => fs.readFileSync(path.join(d, f), 'utf8')));

const token = fc.constantFrom(
  '|', '|contains', '|re', '|cidr', '|all', '|expand', '|fieldref', '|gt', '|windash', ':', ' ', '\n', '  ', '- ', '*', '?', '\\', "'", '"',
  '%ioc.domain%', '%nope%', 'null', '[]', '{}', '1 of', 'all of them', 'not', '(', ')', 'and', 'or', 'condition: ', 'selection', 'timespan: 5x',
  'group-by:', 'type: temporal', 'rules:', '---\n', '\t', '&a', '*a', '!!binary', '#',
);

/** A shipped rule with up to six edits: something inserted, something cut. */
const edited = fc.tuple(fc.nat(SHIPPED.length - 1), fc.array(fc.tuple(fc.nat(4000), fc.oneof(token, fc.string({ maxLength: 6 })), fc.nat(8)), { maxLength: 6 })).map(([i, edits]) => {
  let text = SHIPPED[i];
  for (const [at, insert, cut] of edits) {
    const p = at % (text.length + 1);
    text = text.slice(0, p) + insert + text.slice(p + cut);
  }
  return text;
});

describe('rule compiler (fast-check)', () => {
  it('gives queries or located problems for any edit of the shipped rules, never an exception', () => {
    fc.assert(
      fc.property(fc.array(edited, { minLength: 1, maxLength: 3 }), (texts) => {
        const sources = texts.map((text, k) => ({ file: `r${k}.yml`, text }));
        const { docs, problems } = parseRuleSources(sources);
        const result = compileDocs(docs, problems);
        for (const p of result.problems) {
          const source = sources.find((s) => s.file === p.file);
          assert.ok(source, `problem names a given file: ${p.file}`);
          assert.ok(p.line >= 1 && p.line <= source.text.split('\n').length + 1, `line ${p.line} is in ${p.file}`);
          assert.ok(p.message.length > 0);
        }
      }),
      { numRuns: 600 },
    );
  });
});
