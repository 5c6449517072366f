// Modules that do their records' work as they read them (sms, safari_history) write what they would
// have written from all their records in time order: the same files, alerts and timeline, whatever
// the order of the table (ties between rows of equal times included), falling back to reading the
// records whole where a stream cannot give that.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { backupSource, MODULES, runDeviceCheck, type DeviceModule } from '../../src/device/index.ts';
import { RunBuilder } from '../../src/device/timeline-builder.ts';
import type { TimelineRun } from '../../src/device/timeline-runs.ts';
import { buildBackup, PLANTED } from '../../src/device/synthetic/index.ts';
import { safariWriter } from '../../src/device/synthetic/safari-schema.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
const moduleOf = (slug: string) => MODULES.find((m) => m.slug === slug)!;

/** The module as it runs outside a check's stream: its records read whole, then checked and written. */
const whole = (m: DeviceModule): DeviceModule => ({ ...m, extract: (ctx) => m.extract({ ...ctx, timelineRun: undefined }) });

/** Every output file of a check (info.json aside, which holds the date), by name. */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).filter((f) => f !== 'info.json').sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Checks the backup with the module streamed and read whole: the same outputs. Returns the streamed check's result. */
async function sameAsWhole(root: string, slug: string) {
  const [streamedOut, wholeOut] = [tempDir(), tempDir()];
  const streamed = await runDeviceCheck(backupSource(root), [moduleOf(slug)], index, streamedOut);
  const read = await runDeviceCheck(backupSource(root), [whole(moduleOf(slug))], index, wholeOut);
  assert.equal(streamed.modules[0].error, undefined);
  assert.deepEqual(streamed.modules.map((m) => [m.records, m.alerts]), read.modules.map((m) => [m.records, m.alerts]));
  assert.deepEqual(streamed.alerts, read.alerts);
  assert.deepEqual(streamed.timeline, read.timeline);
  assert.deepEqual(outputs(streamedOut), outputs(wholeOut));
  return streamed;
}

/** The synthetic backup with `change` made to one of its databases first. */
function backupWith(file: string, domain: string, change: (db: Database.Database) => void): string {
  const root = buildBackup(tempDir());
  const db = new Database(backupSource(root).file(file, domain)!);
  change(db);
  db.close();
  return root;
}

/** A run's lines in its order. */
const linesOf = (run: TimelineRun) => Array.from({ length: run.count }, (_, i) => run.pieces[run.piece[i]].toString('utf8', run.start[i], run.end[i]));

describe('device modules streamed as they read', () => {
  it('orders rows of equal times by their record\'s key, as rows made from records in key order are (fast-check)', () => {
    const time = fc.constantFrom('2021-05-01 10:00:00.000000', '2021-05-01 10:00:00.500000', '2021-05-02 00:00:00.000000', 'not a time', null);
    const record = fc.record({ key: fc.oneof(fc.constantFrom(null, 'text'), fc.integer({ min: 0, max: 3 })), times: fc.array(time, { minLength: 1, maxLength: 3 }), text: fc.constantFrom('a', 'b') });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        const rowsOf = (r: (typeof records)[number], n: number) => r.times.map((t, k) => ({ timestamp: t, module: 'm', event: 'e', data: `${n}.${k}:${r.text}` }));
        const order = (v: unknown) => (v == null ? -Infinity : typeof v === 'number' ? v : Infinity);
        // As made from the records in key order (a stable sort), and as added in the table's order with ties.
        const sorted = records.map((r, n) => ({ r, n })).sort((a, b) => order(a.r.key) - order(b.r.key) || 0);
        const fromSorted = new RunBuilder('m', 'M');
        for (const { r, n } of sorted) for (const row of rowsOf(r, n)) fromSorted.add(row);
        const withTies = new RunBuilder('m', 'M');
        records.forEach((r, n) => rowsOf(r, n).forEach((row) => withTies.add(row, order(r.key))));
        assert.deepEqual(linesOf(withTies.finish()), linesOf(fromSorted.finish()));
      }),
      { numRuns: 300 },
    );
  });

  it('sms: the same outputs from a table whose messages are out of time order, rows of equal times among them', async () => {
    const root = backupWith('Library/SMS/sms.db', 'HomeDomain', (db) => {
      const add = db.prepare("INSERT INTO message (guid, text, date, date_read, handle_id, is_from_me, service) VALUES (?, ?, ?, ?, 1, 0, 'SMS')");
      db.transaction(() => {
        // Later in the table, earlier in time; read at the same moment, so their read rows tie.
        add.run('late-in-table', `see https://${PLANTED.safariDomain}/x`, 6.3e17, 6.4e17);
        add.run('early-in-time', 'hello', 6.1e17, 6.4e17);
        add.run('same-date', 'hello again', 6.1e17, 6.1e17);
        for (let i = 0; i < 500; i++) add.run(`bulk${i}`, `note ${i}`, 6.2e17 - i * 1e9, null);
      })();
    });
    const r = await sameAsWhole(root, 'sms');
    const reads = r.timeline.filter((t) => t.event === 'sms_read' && t.data.includes('-in-')).map((t) => t.data.split(' ')[1]);
    assert.deepEqual(reads, ['early-in-time', 'late-in-table']);
  });

  it('safari_history: the same outputs when streamed (visits in time order)', async () => {
    const r = await sameAsWhole(buildBackup(tempDir()), 'safari_history');
    assert.ok(r.alerts.some((a) => a.level === 'MEDIUM' && /Redirect took less than a second/.test(a.message)));
  });

  it('safari_history: the same outputs when a visit out of time order makes it read the visits whole', async () => {
    const root = backupWith('Library/Safari/History.db', 'AppDomain-com.apple.mobilesafari', (db) => {
      safariWriter(db).visit(`https://${PLANTED.safariDomain}/synced`, 1000, 'synced from another device');
    });
    const r = await sameAsWhole(root, 'safari_history');
    assert.equal(r.timeline[0].data.includes('/synced'), true);
  });

  it('safari_history: the same outputs when a redirect names a visit that does not name it back', async () => {
    const root = backupWith('Library/Safari/History.db', 'AppDomain-com.apple.mobilesafari', (db) => {
      const last = db.prepare('SELECT max(visit_time) FROM history_visits').pluck().get() as number;
      const visits = safariWriter(db);
      // The destination comes first in the table and has no redirect_source.
      const dest = visits.visit('https://elsewhere.example/', last + 10.2);
      const from = visits.visit('http://plain.example/', last + 10.2);
      db.prepare('UPDATE history_visits SET redirect_destination = ? WHERE id = ?').run(dest, from);
    });
    const r = await sameAsWhole(root, 'safari_history');
    assert.ok(r.alerts.some((a) => /plain\.example redirected to elsewhere\.example/.test(a.message)));
  });
});
