// timeline.csv and alerts_timeline.csv byte for byte as MVT writes them: the reference is Python's
// own csv.writer, configured as MVT's save_timeline configures it, run on the same rows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { byTime, mvtCsv } from '../../src/device/mvt-csv.ts';
import { OutputFiles } from '../../src/device/output-files.ts';
import { encodeRun } from '../../src/device/timeline-builder.ts';
import { TimelineRuns } from '../../src/device/timeline-runs.ts';
import { compareTimes, runTimes, setTime, timeAt } from '../../src/device/timeline-times.ts';
import type { TimelineRow } from '../../src/device/types.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

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
  return JSON.parse(python(MVT_WRITER, [], JSON.stringify(tables)));
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

// Few distinct times, so that rows of equal times, within a module and across modules, are common.
const row = fc.record({
  timestamp: fc.option(fc.constantFrom('2021-05-01 10:00:00.000000', '2021-05-01 10:00:00.000001', '2021-05-02 00:00:00', '1970-01-01 00:00:00.000000', ''), { nil: null }),
  // Some rows repeated within a module, which MVT writes once.
  event: fc.oneof(fc.constant('e'), fc.string({ unit: fc.constantFrom('a', '_', '"', '\\', ','), maxLength: 6 })),
  data: fc.oneof(fc.constantFrom('', 'same'), fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', ',', '\n', '\r', 'é', '中', '😀'), maxLength: 20 })),
});
const modules = fc.array(fc.tuple(fc.constantFrom('sms', 'safari_history', 'calls', 'x"y'), fc.array(row, { maxLength: 30 })), { maxLength: 6 });

// Written as a check writes it: through the output files' buffers, to a file.
const csvText = async (runs: TimelineRuns, header: string[]) => {
  const file = path.join(tempDir(), 'timeline.csv');
  const files = new OutputFiles();
  const csv = files.open(file);
  await runs.csv(header, csv);
  csv.end();
  await files.done();
  return fs.readFileSync(file, 'utf8');
};

describe('timeline built module by module', () => {
  it('writes the bytes of one stable sort of every module\'s rows in turn, each module\'s repeated rows once, as MVT does, and reads them back', async () => {
    await fc.assert(fc.asyncProperty(modules, async (mods) => {
      const runs = new TimelineRuns();
      const all: (TimelineRow & { plugin: string })[] = [];
      for (const [slug, rows] of mods) {
        runs.add(encodeRun(slug, `P${slug}`, rows.map((r) => ({ ...r, module: slug }))));
        // MVT's _deduplicate_timeline: a module's rows as a set of their JSON.
        const seen = new Set<string>();
        for (const r of rows) {
          const key = JSON.stringify([r.timestamp, r.event, r.data]);
          if (!seen.has(key)) all.push({ ...r, module: slug, plugin: `P${slug}` });
          seen.add(key);
        }
      }
      const sorted = all.slice().sort((a, b) => byTime(a.timestamp, b.timestamp));
      const header = ['UTC Timestamp', 'Plugin', 'Event', 'Description'];
      const expected = mvtCsv([header, ...sorted.map((r) => [r.timestamp, r.plugin, r.event, r.data])]);
      assert.equal(await csvText(runs, header), expected);
      assert.deepEqual(runs.rows(), sorted.map(({ plugin: _, ...r }) => r));
    }), { numRuns: 300, seed: 2019 });
  });

  it('writes a run bigger than one piece whole, in order', async () => {
    const big = 'x'.repeat(5 << 20);
    const runs = new TimelineRuns();
    runs.add(encodeRun('a', 'A', [{ timestamp: '2', module: 'a', event: 'e', data: 'small' }, { timestamp: '1', module: 'a', event: 'e', data: big }]));
    runs.add(encodeRun('b', 'B', Array.from({ length: 50_000 }, (_, i) => ({ timestamp: String(i % 3), module: 'b', event: 'e', data: `${'y'.repeat(100)}${i}` }))));
    const text = await csvText(runs, ['h']);
    const lines = text.split('\r\n');
    assert.equal(lines.length, 1 + 50_002 + 1);
    assert.equal(lines[1], '"0","B","e","' + 'y'.repeat(100) + '0"');
    // After the header and b's 16,667 rows at time 0; at time 1, a's row comes before b's (a was added first).
    assert.equal(lines.findIndex((l) => l.length > 5 << 20), 1 + 16_667);
    assert.equal(runs.rows().length, 50_002);
  });
});

// MVT's times with any digits (years before 1000, a 99th second), times of other forms, and none.
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const mvtTime = fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(6)).map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d} ${h}:${mi}:${s}.${f}`);
const anyTime = fc.oneof(mvtTime, mvtTime.map((t) => t.slice(0, 19)), mvtTime.map((t) => t.replace(' ', 'T')), fc.string({ maxLength: 27 }), fc.constant(null));

describe('timeline times as numbers', () => {
  it('gives back every time as it was, and orders any two as MVT\'s sort orders their strings', () => {
    fc.assert(fc.property(fc.array(anyTime, { minLength: 2, maxLength: 20 }), (times) => {
      const t = runTimes(times.length);
      times.forEach((time, i) => setTime(t, i, time));
      times.forEach((time, i) => assert.equal(timeAt(t, i), time));
      for (let i = 0; i < times.length; i++) {
        for (let j = 0; j < times.length; j++) assert.equal(Math.sign(compareTimes(t, i, t, j)), byTime(times[i], times[j]), `${times[i]} ${times[j]}`);
      }
    }), { numRuns: 500, seed: 3568 });
  });

  it('keeps a time of MVT\'s form as numbers, and any other as its string', () => {
    const t = runTimes(3);
    setTime(t, 0, '2019-05-10 23:59:59.999999');
    setTime(t, 1, '2019-05-10 23:59:59');
    setTime(t, 2, null);
    assert.deepEqual([t.seconds[0], t.micros[0]], [20190510235959, 999999]);
    assert.deepEqual([...t.other], [[1, '2019-05-10 23:59:59'], [2, null]]);
  });
});
