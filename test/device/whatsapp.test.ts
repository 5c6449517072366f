// The whatsapp module reads ChatStorage.sqlite as MVT does: every message column with its media
// item and link preview joined in, links from the text, the preview and the media URL (less
// WhatsApp's own media servers), and MVT's timeline rows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { backupSource, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { buildBackup, PLANTED } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
const WHATSAPP = MODULES.filter((m) => m.slug === 'whatsapp');
const chatStorage = (root: string) => backupSource(root).file('ChatStorage.sqlite', 'AppDomainGroup-group.net.whatsapp.WhatsApp.shared')!;

describe('device whatsapp', () => {
  it('gives every message column with its media item and preview, links without WhatsApp\'s media servers, and MVT\'s timeline', async () => {
    const root = buildBackup(tempDir());
    const db = new Database(chatStorage(root));
    const columns = (db.prepare("SELECT name FROM pragma_table_info('ZWAMESSAGE')").all() as { name: string }[]).map((c) => c.name);
    db.close();
    const out = tempDir();
    const r = await runDeviceCheck(backupSource(root), WHATSAPP, index, out);
    const records = JSON.parse(fs.readFileSync(path.join(out, 'whatsapp.json'), 'utf8')) as Record<string, unknown>[];
    assert.equal(records.length, 3);
    for (const m of records) for (const key of [...columns, 'ZAUTHORNAME', 'ZMEDIAURL', 'ZCONTENT1', 'ZCONTENT2', 'ZMATCHEDTEXT', 'ZSUMMARY', 'ZTITLE', 'isodate', 'links']) assert.ok(key in m, key);
    const byPk = new Map(records.map((m) => [m.Z_PK, m]));
    assert.deepEqual(byPk.get(1)!.links, ['https://maps.example.net/place/1'], 'the text and its preview name one link once');
    assert.equal(byPk.get(1)!.ZSUMMARY, 'A place to eat');
    assert.deepEqual([byPk.get(3)!.ZTEXT, byPk.get(3)!.ZMEDIAURL, byPk.get(3)!.links], ['', 'https://mmg.whatsapp.net/d/f/AgT1x.enc', []]);
    assert.deepEqual(r.alerts.map((a) => [a.level, a.matched_indicator?.value]), [['CRITICAL', PLANTED.whatsappDomain]]);
    const rows = r.timeline.filter((t) => t.module === 'whatsapp');
    assert.equal(rows.length, 3);
    assert.ok(rows.some((t) => t.event === 'message' && t.data === "'lunch? https://maps.example.net/place/1' from 4915100000002@s.whatsapp.net - Embedded links: https://maps.example.net/place/1"));
    assert.ok(rows.some((t) => t.data === "'' from 4915100000002@s.whatsapp.net"));
  });

  it('finds an indicator in a link preview or a media URL, not only in the text', async () => {
    const domain = index.valuesOf('domain').map((d) => d.value).find((d) => d !== PLANTED.whatsappDomain)!;
    const root = buildBackup(tempDir());
    const db = new Database(chatStorage(root));
    db.prepare("INSERT INTO ZWAMESSAGE (Z_PK, ZMESSAGEDATE, ZFROMJID, ZTEXT) VALUES (4, 642000000, '525500000098@s.whatsapp.net', NULL)").run();
    db.prepare('INSERT INTO ZWAMESSAGEDATAITEM (Z_PK, ZMESSAGE, ZCONTENT1) VALUES (2, 4, ?)').run(`https://${domain}/preview/7`);
    db.prepare('UPDATE ZWAMEDIAITEM SET ZMEDIAURL = ? WHERE ZMESSAGE = 3').run(`https://media.${domain}/m/1.jpg`);
    db.close();
    const r = await runDeviceCheck(backupSource(root), WHATSAPP, index);
    const found = r.alerts.filter((a) => a.matched_indicator?.value === domain).map((a) => (a.event as { Z_PK: number }).Z_PK).sort();
    assert.deepEqual(found, [3, 4]);
  });
});
