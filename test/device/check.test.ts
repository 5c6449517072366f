// Device checks on synthetic backups and dumps: every planted indicator is found by the right
// module at the right level and nothing else is flagged; MVT's output files; a broken module
// never stops the others; WAL contents are read.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { backupSource, EncryptedBackup, extractTarGz, fsSource, MODULES, parseShutdownLog, recheckResults, runDeviceCheck, sysdiagnoseSource, type Alert } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { buildBackup, buildFsDump, buildSysdiagnose, PLANTED, writeTarGz } from '../../src/device/synthetic/index.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
/** What the sms module finds in the synthetic sms.db: the planted link and Apple's threat notification. */
const SMS_ALERTS = [`sms:CRITICAL:${PLANTED.smsDomain}`, "sms:HIGH:Apple's threat notification"];
const summary = (alerts: Alert[]) => alerts.map((a) => `${a.module}:${a.level}:${(a.matched_indicator?.value as string | undefined) ?? a.message.split(':')[0]}`).sort();

describe('device check: iOS backup', () => {
  it('finds every planted indicator with the right module and level, and nothing else', async () => {
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir())), MODULES, index);
    assert.deepEqual(summary(r.alerts), [
      `whatsapp:CRITICAL:${PLANTED.whatsappDomain}`,
      `chrome_history:CRITICAL:${PLANTED.chromeDomain}`,
      `tcc:CRITICAL:${PLANTED.tccClient}`,
      'configuration_profiles:CRITICAL:76DAB334-7E17-475D-A5D6-0794EB5818A5',
      `datausage:CRITICAL:${PLANTED.process}`,
      `datausage:CRITICAL:${PLANTED.truncatedProcess}`,
      'datausage:HIGH:Found manipulated process entry 6',
      'datausage:LOW:Missing process 6. Previous process at "2021-05-03 07',
      `manifest:HIGH:${PLANTED.fileName}`,
      `manifest:HIGH:${PLANTED.pathDomain}`,
      `safari_history:CRITICAL:${PLANTED.safariDomain}`,
      `safari_history:CRITICAL:${PLANTED.safariProfileDomain}`,
      'safari_history:MEDIUM:Redirect took less than a second! (350 milliseconds)',
      `sms:CRITICAL:${PLANTED.smsDomain}`,
      "sms:HIGH:Apple's threat notification",
      `safari_browser_state:CRITICAL:${PLANTED.browserStateDomain}`,
      `webkit_resource_load_statistics:CRITICAL:${PLANTED.observedDomain}`,
      `webkit_session_resource_log:CRITICAL:${PLANTED.redirectDomain}`,
      `os_analytics_ad_daily:CRITICAL:${PLANTED.addailyProcess}`,
      `locationd_clients:HIGH:${PLANTED.locationProcess}`,
      'profile_events:CRITICAL:76DAB334-7E17-475D-A5D6-0794EB5818A5',
      // MVT's LOW for every profile operation, beside the CRITICAL of a matching one.
      'profile_events:LOW:On 2021-01-10 09',
      'profile_events:LOW:On 2021-05-03 07',
      `interaction_c:CRITICAL:${PLANTED.interactionDomain}`,
      `shortcuts:CRITICAL:${PLANTED.shortcutDomain}`,
      `applications:MEDIUM:${PLANTED.sideloadedApp} was not installed from the App Store or by MDM (source com.example.installer)`,
      'sms_attachments:MEDIUM:Suspicious iMessage attachment /var/tmp/com.apple.messages/5B2A0E1C-1 on 2021-05-03 07',
      `id_status_cache:CRITICAL:${PLANTED.lookupEmail}`,
      'global_preferences:INFORMATIONAL:Lockdown mode enabled',
      `chrome_favicon:CRITICAL:${PLANTED.chromeIconDomain}`,
      `firefox_favicon:CRITICAL:${PLANTED.firefoxIconDomain}`,
      `calendar:CRITICAL:${PLANTED.calendarEmail}`,
      'calendar:HIGH:Potential Quadream exploit event identified',
    ].sort());
    assert.equal(r.alerts.find((a) => a.module === 'datausage' && a.matched_indicator?.how === 'process-truncated')?.matched_indicator?.value, PLANTED.truncatedProcess);
    assert.deepEqual(r.modules.filter((m) => m.error).map((m) => m.slug), []);
  });

  it('writes MVT-compatible results', async () => {
    const out = tempDir();
    const root = buildBackup(tempDir());
    await runDeviceCheck(backupSource(root), MODULES, index, out, [PEGASUS_STIX]);
    const files = fs.readdirSync(out).sort();
    for (const f of ['alerts.json', 'alerts_timeline.csv', 'info.json', 'timeline.csv', 'sms.json', 'sms_detected.json', 'safari_history.json', 'datausage.json', 'manifest.json', 'manifest_detected.json']) assert.ok(files.includes(f), f);
    assert.equal(fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8').split('\r\n')[0], '"UTC Timestamp","Plugin","Event","Description"');
    assert.equal(fs.readFileSync(path.join(out, 'alerts_timeline.csv'), 'utf8').split('\r\n')[0], '"Event Time","Module","Message","Event"');
    const detected = JSON.parse(fs.readFileSync(path.join(out, 'sms_detected.json'), 'utf8'));
    const link = detected.find((d: Alert) => d.level === 'CRITICAL');
    assert.deepEqual(Object.keys(link).sort(), ['event', 'event_time', 'level', 'matched_indicator', 'message', 'module']);
    assert.equal(link.event_time, '2021-05-03 07:11:00.000000');
    // sms.json keeps the keys MVT's sms.json gives (from message.* and its own additions).
    const messages = JSON.parse(fs.readFileSync(path.join(out, 'sms.json'), 'utf8'));
    for (const key of ['guid', 'text', 'service', 'account', 'date', 'date_read', 'is_from_me', 'handle_id', 'phone_number', 'isodate', 'isodate_read', 'direction', 'links']) assert.ok(key in messages[0], key);
    const read = messages.find((m: { guid: string }) => m.guid === 'g1');
    assert.deepEqual([read.phone_number, read.isodate_read, read.direction], ['friend@example.org', '2021-05-01 18:03:00.000000', 'received']);
    // sms_attachments.json: MVT's keys, binary columns in base64, the message's sender joined in.
    const attachments = JSON.parse(fs.readFileSync(path.join(out, 'sms_attachments.json'), 'utf8'));
    const jpeg = attachments.find((a: { guid: string }) => a.guid === 'at1');
    for (const key of ['attachment_id', 'filename', 'transfer_name', 'total_bytes', 'is_outgoing', 'is_sticker', 'isodate', 'start_date', 'direction', 'has_user_info', 'service', 'phone_number']) assert.ok(key in jpeg, key);
    assert.deepEqual([jpeg.service, jpeg.phone_number, jpeg.direction, jpeg.has_user_info, jpeg.user_info], ['iMessage', 'friend@example.org', 'received', true, Buffer.from('bplist00').toString('base64')]);
    const timeline = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf8');
    assert.match(timeline, /"2021-05-01 18:02:00.000000","SMSAttachments","sms_attachment","iMessage: Attachment 'IMG_0001.jpeg' received from friend@example.org with 201000 bytes \(is_sticker: 0, has_user_info: true\)"/);
    assert.match(timeline, /"2021-05-01 18:03:00.000000","SMS","sms_read","iMessage: g1 ""See you at 8/);
    const info = JSON.parse(fs.readFileSync(path.join(out, 'info.json'), 'utf8'));
    assert.match(info.ioc_hashes[0].sha256, /^[0-9a-f]{64}$/);
    // The evidence each module read, hashed, for the chain of custody.
    const sms = info.hashes.find((h: { file_path: string }) => h.file_path === 'HomeDomain-Library/SMS/sms.db');
    assert.equal(sms.sha256, crypto.createHash('sha256').update(fs.readFileSync(backupSource(root).file('Library/SMS/sms.db', 'HomeDomain')!)).digest('hex'));
  });

  it('reads what is still only in a database\'s write-ahead log', async () => {
    const root = buildBackup(tempDir(), { smsWal: true });
    const walFiles = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('-wal'));
    assert.equal(walFiles.length, 1, 'the fixture keeps a WAL');
    const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === 'sms'), index);
    assert.deepEqual(summary(r.alerts), SMS_ALERTS);
  });

  it('reads a database left in WAL mode with no log beside it (as iOS keeps them), and leaves its bytes unchanged', async () => {
    const root = buildBackup(tempDir());
    const sms = backupSource(root).file('Library/SMS/sms.db', 'HomeDomain')!;
    const db = new Database(sms);
    db.pragma('journal_mode = WAL');
    db.close();
    const before = fs.readFileSync(sms);
    assert.deepEqual([before[18], before[19], fs.existsSync(`${sms}-wal`)], [2, 2, false], 'the header says WAL and no log is left');
    const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === 'sms'), index);
    assert.deepEqual(r.modules.map((m) => m.error), [undefined]);
    assert.deepEqual(summary(r.alerts), SMS_ALERTS);
    assert.ok(fs.readFileSync(sms).equals(before), 'the evidence is not written to');
  });

  it('rolls back a transaction the phone left unfinished (a hot journal) in its copy, not in the evidence', async () => {
    const root = buildBackup(tempDir());
    const sms = backupSource(root).file('Library/SMS/sms.db', 'HomeDomain')!;
    // A snapshot taken mid-transaction: messages deleted in the file, their pages kept in the journal.
    const live = path.join(tempDir(), 'sms.db');
    fs.copyFileSync(sms, live);
    const db = new Database(live);
    // A small cache and 2 MB of new rows make SQLite write the deletion into the file before commit.
    db.pragma('cache_size = 1');
    db.exec('BEGIN; DELETE FROM message; CREATE TABLE filler (x); INSERT INTO filler SELECT randomblob(4000) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 500) SELECT i FROM c);');
    assert.equal(new Database(fs.readFileSync(live), { readonly: true }).prepare('SELECT count(*) FROM message').pluck().get(), 0, 'the file alone has lost the messages');
    fs.copyFileSync(live, sms);
    fs.copyFileSync(`${live}-journal`, `${sms}-journal`);
    db.exec('ROLLBACK');
    db.close();
    const before = fs.readFileSync(sms);
    const r = await runDeviceCheck(backupSource(root), MODULES.filter((m) => m.slug === 'sms'), index);
    assert.deepEqual(summary(r.alerts), SMS_ALERTS);
    assert.ok(fs.readFileSync(sms).equals(before) && fs.existsSync(`${sms}-journal`), 'the evidence and its journal are left as they were');
  });

  it('logs a corrupt database or a missing table as a typed error of that module; the others go on', async () => {
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir(), { corruptHistory: true, usageWithoutLiveTable: true })), MODULES, index);
    const errors = Object.fromEntries(r.modules.filter((m) => m.error).map((m) => [m.slug, m.error!.code]));
    assert.deepEqual(errors, { safari_history: 'DEVICE_DB_CORRUPT', datausage: 'DEVICE_SCHEMA' });
    assert.ok(r.alerts.some((a) => a.module === 'sms') && r.alerts.some((a) => a.module === 'manifest'));
  });

  it('leaves no copy of an evidence database behind, also when its module fails', async () => {
    const backup = buildBackup(tempDir(), { corruptHistory: true, usageWithoutLiveTable: true });
    const tmp = tempDir();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const r = await runDeviceCheck(backupSource(backup), MODULES, index);
      assert.equal(r.modules.filter((m) => m.error).length, 2);
      assert.ok(r.modules.filter((m) => !m.error).length > 10);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    assert.deepEqual(fs.readdirSync(tmp), []);
  });

  it('flags BackupAgent on the network (triangle_check heuristic)', async () => {
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir(), { backupAgentTraffic: 31_337 })), MODULES.filter((m) => m.slug === 'datausage'), index);
    assert.ok(r.alerts.some((a) => a.level === 'HIGH' && /BackupAgent/.test(a.message)));
  });

  it('flags the triangle_check window and a disguised attachment; each kind of event is needed', async () => {
    const only = MODULES.filter((m) => m.slug === 'triangle_check' || m.slug === 'sms_attachments');
    const r = await runDeviceCheck(backupSource(buildBackup(tempDir(), { triangle: true, backupAgentTraffic: 31_337 })), only, index);
    const tri = r.alerts.filter((a) => a.module === 'triangle_check');
    assert.equal(tri.length, 1);
    assert.equal(tri[0].level, 'HIGH');
    assert.match(tri[0].message, /\(location, network, preference, sms_attachment\)/);
    assert.equal(tri[0].event_time, '2021-05-03 07:12:50.000000');
    assert.deepEqual(summary(r.alerts.filter((a) => a.module === 'sms_attachments')), ['sms_attachments:HIGH:attachment IMG_4411.gif is not the .gif its name says (as FORCEDENTRY\'s disguised PDFs)', 'sms_attachments:MEDIUM:Suspicious iMessage attachment /var/tmp/com.apple.messages/5B2A0E1C-1 on 2021-05-03 07']);
    // Without the attachment written in the window, the same preference, location and network events are not enough.
    const quiet = await runDeviceCheck(backupSource(buildBackup(tempDir(), { backupAgentTraffic: 31_337 })), only, index);
    assert.deepEqual(quiet.alerts.filter((a) => a.module === 'triangle_check' || a.level === 'HIGH'), []);
    assert.ok(quiet.modules.find((m) => m.slug === 'triangle_check')!.records >= 2);
    // BackupAgent's one usage row with traffic gives its process's first and latest use.
    assert.equal(quiet.timeline.filter((row) => row.module === 'triangle_check' && row.event === 'network').length, 2);
  });

  it('re-checks saved results against newer indicators (check-iocs)', async () => {
    const out = tempDir();
    const pegasusOnly = new MatchIndex(recordsFromFiles([PEGASUS_STIX]).records);
    const first = await runDeviceCheck(backupSource(buildBackup(tempDir())), MODULES, pegasusOnly, out);
    assert.ok(!first.alerts.some((a) => a.module === 'whatsapp'));
    const again = recheckResults(out, index);
    assert.deepEqual(summary(again.alerts.filter((a) => a.module === 'whatsapp')), [`whatsapp:CRITICAL:${PLANTED.whatsappDomain}`]);
    // Predator's indicators add three findings: the WhatsApp link, the configuration profile and its installation.
    assert.equal(again.alerts.length, first.alerts.length + 3);
    assert.ok(again.alerts.some((a) => a.module === 'configuration_profiles'));
    assert.ok(again.alerts.some((a) => a.module === 'profile_events' && a.level === 'CRITICAL'));
    // The session resource log is written in MVT's shape (entries by log) and read back from it.
    assert.ok(again.alerts.some((a) => a.module === 'webkit_session_resource_log'));
    assert.ok(JSON.parse(fs.readFileSync(path.join(out, 'whatsapp_detected.json'), 'utf8'))[0].matched_indicator.collection === 'Predator');
    assert.throws(() => recheckResults(tempDir(), index), /no module results/);
  });

  it('says an encrypted backup is encrypted', () => {
    const root = buildBackup(tempDir());
    fs.writeFileSync(path.join(root, 'Manifest.db'), Buffer.alloc(4096, 7));
    assert.throws(() => backupSource(root), (e: unknown) => e instanceof EncryptedBackup);
  });
});

describe('device check: filesystem dump', () => {
  it('finds shutdown.log traces with iShutdown heuristics, and network usage', async () => {
    const r = await runDeviceCheck(fsSource(buildFsDump(tempDir())), MODULES, index);
    const s = summary(r.alerts.filter((a) => a.module === 'shutdown_log'));
    assert.deepEqual(s, ['shutdown_log:CRITICAL:bh', 'shutdown_log:LOW:reboot at 2021-05-03 08', 'shutdown_log:MEDIUM:process /private/var/db/com.apple.xpc.roleaccountd.staging/bh was running from an unusual location at shutdown (iShutdown heuristic)', 'shutdown_log:MEDIUM:process /private/var/tmp/helperd was running from an unusual location at shutdown (iShutdown heuristic)'].sort());
    assert.ok(r.alerts.some((a) => a.module === 'netusage' && a.level === 'HIGH' && /BackupAgent/.test(a.message)));
    assert.ok(r.alerts.some((a) => a.module === 'netusage' && a.matched_indicator?.value === PLANTED.process));
    // Of the processes without a bundle, only the implant's binary is nowhere in the dump (the
    // truncated name is found by the file name it begins).
    assert.deepEqual(r.alerts.filter((a) => a.module === 'netusage' && a.level === 'MEDIUM').map((a) => a.message), [`Could not find the binary of process ${PLANTED.process}, which has no bundle ID`]);
    assert.ok(r.alerts.some((a) => a.module === 'sms' && a.level === 'CRITICAL'));
  });

  it('finds every planted indicator of the dump-only, preference, calendar and analytics modules, and nothing else', async () => {
    const r = await runDeviceCheck(fsSource(buildFsDump(tempDir())), MODULES.filter((m) => ['filesystem', 'webkit_indexeddb', 'webkit_local_storage', 'webkit_safari_view_service', 'safari_favicon', 'id_status_cache', 'global_preferences', 'calendar', 'whatsapp_contacts', 'analytics', 'analytics_ios_versions', 'version_history', 'cache_files'].includes(m.slug)), index);
    assert.deepEqual(summary(r.alerts), [
      `filesystem:HIGH:${PLANTED.fileName}`,
      // MVT's check of every part of a path against process names: the staging folder, and the
      // binary the dump holds under the name the Pegasus list gives.
      `filesystem:HIGH:${PLANTED.process}`,
      `filesystem:HIGH:${PLANTED.truncatedProcess}`,
      `webkit_indexeddb:CRITICAL:${PLANTED.indexedDbDomain}`,
      `webkit_local_storage:CRITICAL:${PLANTED.localStorageDomain}`,
      `id_status_cache:CRITICAL:${PLANTED.lookupEmail}`,
      'global_preferences:LOW:Lockdown mode disabled',
      `safari_favicon:CRITICAL:${PLANTED.safariIconPageDomain}`,
      `calendar:CRITICAL:${PLANTED.calendarEmail}`,
      'calendar:HIGH:Potential Quadream exploit event identified',
      `analytics:HIGH:${PLANTED.analyticsProcess}`,
      `cache_files:CRITICAL:${PLANTED.cacheDomain}`,
    ].sort());
    assert.deepEqual(r.modules.filter((m) => m.error).map((m) => m.slug), []);
    const staging = r.alerts.find((a) => a.module === 'filesystem' && a.matched_indicator?.value === PLANTED.process)!;
    assert.equal(staging.event.path, `private/var/db/com.apple.xpc.roleaccountd.staging/${PLANTED.process}`);
    assert.match(staging.message, /^in the path \/private\/var\/db\/com\.apple\.xpc\.roleaccountd\.staging\/bh, process name bh matches process indicator bh/);
  });

  it('does not follow paths out of the dump', () => {
    const root = buildFsDump(tempDir());
    const src = fsSource(root);
    assert.equal(src.file('../../../etc/passwd'), undefined);
    fs.symlinkSync('/etc/passwd', path.join(root, 'private/var/db/diagnostics/link.log'));
    assert.equal(src.file('/private/var/db/diagnostics/link.log'), undefined);
  });
});

describe('device check: sysdiagnose archive', () => {
  it('reads shutdown.log from the archive; skips escaping paths and links', async () => {
    const archive = buildSysdiagnose(path.join(tempDir(), 'sysdiagnose.tar.gz'));
    const src = await sysdiagnoseSource(archive);
    try {
      assert.deepEqual(src.report.skipped.map((x) => x.reason).sort(), ['link (not followed)', 'path outside the archive', 'path outside the archive']);
      assert.ok(!fs.existsSync(path.join(path.dirname(archive), 'escaped.txt')));
      const r = await runDeviceCheck(src, MODULES, index);
      assert.ok(r.alerts.some((a) => a.module === 'shutdown_log' && a.level === 'CRITICAL' && a.matched_indicator?.value === PLANTED.process));
      // The evidence is the archive; its files are read from the folder it was unpacked into.
      assert.equal(src.root, path.resolve(archive));
      assert.ok(src.unpackedInto && fs.statSync(src.unpackedInto).isDirectory());
    } finally {
      src.cleanup();
    }
    assert.ok(!fs.existsSync(src.unpackedInto!), 'the unpacked copy is removed');
  });

  it('stops at its size bound instead of filling the disk', async () => {
    const bomb = writeTarGz(path.join(tempDir(), 'bomb.tar.gz'), [{ name: 'a/zeros', data: '\0'.repeat(2_000_000) }]);
    await assert.rejects(extractTarGz(bomb, tempDir(), { maxBytes: 1_000_000, maxEntries: 10 }), /expands past 1000000 bytes/);
    fs.writeFileSync(path.join(path.dirname(bomb), 'junk.tar.gz'), 'not gzip');
    await assert.rejects(extractTarGz(path.join(path.dirname(bomb), 'junk.tar.gz'), tempDir()), /not a readable tar\.gz/);
  });
});

describe('shutdown.log parser (fast-check)', () => {
  it('parses any text without throwing, and never invents clients', () => {
    const line = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('remaining client pid: 1 (/a/b)', 'SIGTERM: [1620000000]', 'these clients are still here', 'SIGTERM: [99999999999999]', 'remaining client pid: x (/a)'));
    fc.assert(fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
      const text = lines.join('\n');
      const { events } = parseShutdownLog(text);
      const declared = (text.match(/^remaining client pid:\s*\d+\s*\(.*\)\s*$/gm) ?? []).length;
      assert.ok(events.reduce((n, e) => n + e.clients.length, 0) <= declared);
    }), { numRuns: 500 });
  });
});
