// An Android backup checked alone, as MVT's check-backup takes one: a backup.ab file, plain or
// encrypted with a backup password, or the folder it was extracted to. Its messages are those an
// AndroidQF collection's backup.ab gives (the same sms.json), SMS files before MMS files as MVT
// reads them; what is not there is a typed error, never a clean phone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { androidBackupSource, androidqfSource, ArtifactNotFound, MODULES, runDeviceCheck } from '../../src/device/index.ts';
import { androidTestStix, buildAndroidBackup, buildAndroidQF, ANDROID_PLANTED as P } from '../../src/device/synthetic/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX, androidTestStix(path.join(tempDir(), 'android.stix2'))]).records);
const PASSWORD = 'backup pass 9';

async function smsJson(source: ReturnType<typeof androidBackupSource>) {
  const out = tempDir();
  const r = await runDeviceCheck(source, MODULES, index, out);
  return { r, json: fs.readFileSync(path.join(out, 'sms.json'), 'utf8') };
}

const telephony = 'apps/com.android.providers.telephony/d_f';
const compressed = (messages: object[]) => zlib.deflateSync(Buffer.from(JSON.stringify(messages)));

describe('device check: an Android backup alone', () => {
  it('reads a backup.ab as the AndroidQF collection reads its own: the same sms.json, the planted link CRITICAL', async () => {
    const alone = await smsJson(androidBackupSource(buildAndroidBackup(path.join(tempDir(), 'backup.ab'))));
    assert.deepEqual(alone.r.modules.map((m) => [m.slug, m.records, m.error?.code]), [['aqf_sms', 3, undefined]]);
    assert.deepEqual(alone.r.alerts.map((a) => [a.level, a.matched_indicator?.value]), [['CRITICAL', P.smsDomain]]);
    const qf = await smsJson(androidqfSource(buildAndroidQF(tempDir())));
    assert.equal(alone.json, qf.json);
  });

  it('opens an encrypted backup.ab with its password; without it, one typed error naming --password-env', async () => {
    const file = buildAndroidBackup(path.join(tempDir(), 'locked.ab'), PASSWORD);
    const plain = await smsJson(androidBackupSource(buildAndroidBackup(path.join(tempDir(), 'plain.ab'))));
    assert.equal((await smsJson(androidBackupSource(file, PASSWORD))).json, plain.json);
    const closed = await runDeviceCheck(androidBackupSource(file), MODULES, index);
    assert.equal(closed.modules[0].error?.code, 'DEVICE_ANDROID_BACKUP');
    assert.match(closed.modules[0].error!.message, /--password-env/);
    assert.deepEqual(closed.alerts, []);
  });

  it('reads the folder a backup was extracted to, SMS files before MMS files as MVT does', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, telephony), { recursive: true });
    fs.writeFileSync(path.join(dir, telephony, '000000_mms_backup'), compressed([{ address: '+1', mms_body: `pic https://${P.smsDomain}/m`, date: 1620000000000, date_sent: 0 }]));
    fs.writeFileSync(path.join(dir, telephony, '000001_sms_backup'), compressed([{ address: '+2', body: 'hello', date: 1620000001000, date_sent: 1 }]));
    fs.writeFileSync(path.join(dir, 'apps/com.android.providers.telephony/_manifest'), 'manifest');
    const { r, json } = await smsJson(androidBackupSource(dir));
    const records = JSON.parse(json) as { address: string; body: string; direction: string }[];
    assert.deepEqual(records.map((m) => [m.address, m.body, m.direction]), [['+2', 'hello', 'sent'], ['+1', `pic https://${P.smsDomain}/m`, 'received']]);
    assert.deepEqual(r.alerts.map((a) => a.matched_indicator?.value), [P.smsDomain]);
  });

  it('says what is missing: no path, or a folder without the telephony provider\'s files', async () => {
    assert.throws(() => androidBackupSource(path.join(tempDir(), 'nowhere.ab')), (e: unknown) => e instanceof ArtifactNotFound);
    const r = await runDeviceCheck(androidBackupSource(tempDir()), MODULES, index);
    assert.equal(r.modules[0].error?.code, 'DEVICE_NOT_FOUND');
    assert.match(r.modules[0].error!.message, /_sms_backup/);
  });
});
