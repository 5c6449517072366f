// sms.json as MVT writes it: every column of sms.db's message table, binary values in base64 (also
// a blob in a column declared as text), MVT's own keys after them, one message to a line in the
// table's order; alerts carry the same full message, across the file's pieces too; check-iocs
// reads the file back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { parseExactJson } from '../../src/core/index.ts';
import { backupSource, MODULES, recheckResults, runDeviceCheck, type DeviceModule } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, PLANTED } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
const SMS = MODULES.filter((m) => m.slug === 'sms');
const MVT_KEYS = ['phone_number', 'isodate', 'isodate_read', 'direction', 'links'];

/** A synthetic backup whose sms.db `change` is given to edit first; returns the backup and the message table's columns. */
function backupWith(change: (db: Database.Database) => void) {
  const root = buildBackup(tempDir());
  const db = new Database(backupSource(root).file('Library/SMS/sms.db', 'HomeDomain')!);
  change(db);
  const columns = (db.prepare("SELECT name FROM pragma_table_info('message')").all() as { name: string }[]).map((c) => c.name);
  const guids = (db.prepare('SELECT guid FROM message ORDER BY ROWID').pluck().all() as string[]);
  db.close();
  return { root, columns, guids };
}

describe('device sms.json', () => {
  it('gives every column of the message table, binary values in base64, then MVT\'s keys, in the table\'s order', async () => {
    const body = Buffer.from([0x04, 0x0b, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x00, 0xff]);
    const { root, columns, guids } = backupWith((db) => {
      db.prepare("UPDATE message SET attributedBody = ? WHERE guid = 'g1'").run(body);
      // A blob in a column declared TEXT: SQLite keeps a value's own type.
      db.prepare("UPDATE message SET subject = ? WHERE guid = 'g4'").run(Buffer.from('subject bytes'));
    });
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(root), SMS, index, out);
    assert.equal(r.modules[0].error, undefined);
    const text = fs.readFileSync(path.join(out, 'sms.json'), 'utf8');
    // Read as Python's json reads it: sms.db's dates (nanoseconds) pass 2^53 and keep every digit.
    const messages = parseExactJson(text) as Record<string, unknown>[];
    assert.deepEqual(messages.map((m) => m.guid), guids);
    for (const m of messages) assert.deepEqual(Object.keys(m), [...columns, ...MVT_KEYS]);
    const g1 = messages.find((m) => m.guid === 'g1')!;
    assert.equal(g1.attributedBody, body.toString('base64'));
    assert.deepEqual([g1.phone_number, g1.isodate_read, g1.direction], ['friend@example.org', '2021-05-01 18:03:00.000000', 'received']);
    const g4 = messages.find((m) => m.guid === 'g4')!;
    assert.equal(g4.subject, Buffer.from('subject bytes').toString('base64'));
    assert.deepEqual(g4.links, [`https://${PLANTED.smsDomain}/8bWmJk/track`]);
    // One message to a line, between the list's brackets.
    assert.equal(text.split('\n').length, messages.length + 2);

    // The alert's event is the message as sms.json holds it.
    const link = r.alerts.find((a) => a.level === 'CRITICAL')!;
    assert.deepEqual(link.event, g4);
    const detected = parseExactJson(fs.readFileSync(path.join(out, 'sms_detected.json'), 'utf8')) as { level: string; event: unknown }[];
    assert.deepEqual(detected.find((a) => a.level === 'CRITICAL')!.event, g4);
    assert.equal(typeof g4.date, 'bigint');

    // check-iocs reads the file back and finds the same.
    const again = recheckResults(out, index).alerts.filter((a) => a.module === 'sms');
    assert.deepEqual(again.map((a) => [a.level, a.event]), r.alerts.map((a) => [a.level, a.event]));
  });

  it('finds each alerted message\'s line in whichever piece of the file holds it', async () => {
    const planted = new Set([999, 1000, 1001, 2000, 2345]);
    const { root } = backupWith((db) => {
      const add = db.prepare("INSERT INTO message (guid, text, date, handle_id, is_from_me, service) VALUES (?, ?, ?, 1, 0, 'SMS')");
      db.transaction(() => {
        for (let i = 0; i < 2500; i++) add.run(`bulk${i}`, planted.has(i) ? `see https://${PLANTED.smsDomain}/x/${i}` : `note ${i} with "quotes", commas\nand a new line`, 6e17 + i * 1e9);
      })();
    });
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(root), SMS, index, out);
    const found = r.alerts.filter((a) => a.level === 'CRITICAL').map((a) => a.event as Record<string, unknown>);
    assert.deepEqual(found.map((e) => e.guid).filter((g) => String(g).startsWith('bulk')).sort(), [...planted].map((i) => `bulk${i}`).sort());
    for (const e of found) assert.match(String(e.text), new RegExp(`/x/${String(e.guid).slice(4)}$|8bWmJk`));
    const messages = JSON.parse(fs.readFileSync(path.join(out, 'sms.json'), 'utf8')) as Record<string, unknown>[];
    assert.equal(messages.length, r.modules[0].records);
    assert.equal(messages.find((m) => m.guid === 'bulk7')!.text, 'note 7 with "quotes", commas\nand a new line');
  });

  it('writes sms.json afresh when a blob met late makes the module read every message again', async () => {
    const { root, guids } = backupWith((db) => {
      const add = db.prepare("INSERT INTO message (guid, text, date, handle_id, is_from_me, service) VALUES (?, ?, ?, 1, 0, 'SMS')");
      db.transaction(() => {
        for (let i = 0; i < 3000; i++) add.run(`bulk${i}`, `note ${i}`, 6e17 + i * 1e9);
      })();
      // Thousands of lines are on their way to the file when this one stops the first read.
      db.prepare("UPDATE message SET subject = ? WHERE guid = 'bulk2900'").run(Buffer.from('late bytes'));
    });
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(root), SMS, index, out);
    assert.equal(r.modules[0].error, undefined);
    const messages = parseExactJson(fs.readFileSync(path.join(out, 'sms.json'), 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(messages.map((m) => m.guid), guids);
    assert.equal(messages.find((m) => m.guid === 'bulk2900')!.subject, Buffer.from('late bytes').toString('base64'));
  });

  it('leaves no results file of a module that fails after it began writing it', async () => {
    const { root } = backupWith(() => undefined);
    const failing: DeviceModule = {
      ...SMS[0],
      slug: 'sms',
      extract(ctx) {
        ctx.resultsFile!().push('[\n{"half": "written"}');
        throw new Error('stopped half-way');
      },
    };
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(root), [failing], index, out);
    assert.match(r.modules[0].error!.message, /stopped half-way/);
    assert.equal(fs.existsSync(path.join(out, 'sms.json')), false);
    assert.ok(fs.existsSync(path.join(out, 'timeline.csv')));
  });
});
