// timeline.csv and alerts_timeline.csv byte for byte as MVT writes them: the reference is Python's
// own csv.writer, configured as MVT's save_timeline configures it, run on the same rows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mvtCsv } from '../../src/device/mvt-csv.ts';

const MVT_WRITER = `
import csv, io, json, sys
out = []
for rows in json.load(sys.stdin):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_ALL, escapechar="\\\\")
    for row in rows:
        writer.writerow(row)
    out.append(buf.getvalue())
json.dump(out, sys.stdout)
`;

function pythonCsv(tables: unknown[][][]): string[] {
  const r = spawnSync('python3', ['-c', MVT_WRITER], { input: JSON.stringify(tables), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '"', "'", '\\', ',', ';', '\n', '\r', '\t', 'é', 'ß', '中', '😀'), maxLength: 12 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
);

describe('MVT timeline CSV', () => {
  it('writes what Python\'s csv.writer writes with MVT\'s settings', () => {
    const tables = fc.sample(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), { numRuns: 400, seed: 2019 });
    tables.push([['UTC Timestamp', 'Plugin', 'Event', 'Description'], ['2021-05-01 18:03:00.000000', 'sms', 'sms_read', 'iMessage: g1 "See you at 8" C:\\path, and more'], [null, 'x', true, 42]]);
    const expected = pythonCsv(tables);
    tables.forEach((rows, i) => assert.equal(mvtCsv(rows), expected[i], JSON.stringify(rows)));
  });
});
