// A module's JSON written in pieces is the same bytes as one JSON.stringify; a saved list is read
// back item by item, whatever the blocks cut through, and anything else is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseExactJson } from '../../src/core/index.ts';
import { jsonChunks, jsonLines } from '../../src/device/json-chunks.ts';
import { readJsonArray } from '../../src/device/json-array-reader.ts';
import { tempDir } from '../helpers/fixtures.ts';

const saved = (text: string) => {
  const file = path.join(tempDir(), 'x.json');
  fs.writeFileSync(file, text);
  return file;
};

describe('device JSON pieces', () => {
  it('joins to exactly JSON.stringify(records, null, 4) for any batch size', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.integer({ min: 1, max: 7 }), (records, per) => {
        const pieces = [...jsonChunks(records, per)];
        assert.equal(pieces.join(''), JSON.stringify(records, null, 4));
        assert.equal(pieces.length, records.length <= per ? 1 : Math.ceil(records.length / per) + 1);
      }),
    );
  });
});

describe('device JSON, a record to a line', () => {
  it('is the same list, each record alone on its line, for any batch size, and reads back', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.integer({ min: 1, max: 7 }), (records, per) => {
        const text = [...jsonLines(records, per)].join('');
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(records)));
        if (records.length > 0) assert.deepEqual(text.split('\n'), ['[', ...records.map((r, i) => JSON.stringify(r) + (i < records.length - 1 ? ',' : '')), ']']);
        // Read as Python reads it: an integer past 2^53 keeps its digits (a BigInt), a number with a point or an exponent is a float.
        assert.deepEqual(readJsonArray(saved(text), 5), parseExactJson(text, { floats: true }));
      }),
      { numRuns: 200 },
    );
  });
});

describe('device JSON list reader', () => {
  it('reads any list, in any layout, with blocks cutting through items, strings and escapes', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.constantFrom(undefined, 0, 1, 4), fc.integer({ min: 1, max: 9 }), (items, indent, block) => {
        const text = JSON.stringify(items, null, indent);
        assert.deepEqual(readJsonArray(saved(`${text}\n`), block), parseExactJson(text, { floats: true }));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps brackets, commas and quotes inside strings as text', () => {
    const items = [{ text: 'a ] } , " \\ [{', n: 1 }, '],[', { nested: { list: [1, [2, { k: '}' }]] } }, 'ünïcødé ✓'];
    assert.deepEqual(readJsonArray(saved(JSON.stringify(items, null, 4)), 3), items);
  });

  it('refuses what is not one whole JSON list', () => {
    const bad = ['', '   ', '{"a": 1}', '[1, 2', '[1,, 2]', '[1, 2,]', '[1 2]', '[1] [2]', '[{"a": }]', '[,]', '"text"'];
    for (const text of bad) assert.throws(() => readJsonArray(saved(text), 4), SyntaxError, JSON.stringify(text));
    assert.deepEqual(readJsonArray(saved('[]'), 4), []);
    assert.deepEqual(readJsonArray(saved(' [ 1 , "2" ] \n'), 2), [1, '2']);
  });
});
