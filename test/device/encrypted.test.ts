// Encrypted iOS backups: the encrypted twin of a fixture backup gives exactly the results of its
// plain twin, checked on the fly or after decrypt-backup; a wrong password is one clear error and
// nothing is written; a hostile keybag is a typed error (fast-check).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { exactJson } from '../../src/core/index.ts';
import { decryptBackup, DeviceError, KeybagError, MODULES, openBackup, parseKeybag, runDeviceCheck, WrongPassword, type Alert } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { buildBackup, encryptBackup, mbFileBlob } from '../../src/device/synthetic/index.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);
const PASSWORD = 'correct horse battery staple';
const comparable = (alerts: Alert[]) => alerts.map((a) => exactJson([a.module, a.level, a.message, a.event_time, a.event])).sort();

async function check(root: string, password?: string) {
  const src = await openBackup(root, password);
  try {
    return await runDeviceCheck(src, MODULES, index);
  } finally {
    src.cleanup?.();
  }
}

describe('encrypted iOS backup', () => {
  const plain = buildBackup(tempDir(), { triangle: true, backupAgentTraffic: 4242 });
  const encrypted = encryptBackup(plain, tempDir(), PASSWORD);

  it('is really encrypted: no file reads as its plain twin', () => {
    assert.notEqual(fs.readFileSync(path.join(encrypted, 'Manifest.db')).toString('latin1', 0, 15), 'SQLite format 3');
    const sms = fs.readdirSync(plain, { recursive: true }).map(String).filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{40}$/.test(f));
    for (const f of sms) assert.ok(!fs.readFileSync(path.join(encrypted, f)).equals(fs.readFileSync(path.join(plain, f))), f);
  });

  it('gives the same results as its plain twin, decrypted on the fly', async () => {
    const a = await check(plain);
    const b = await check(encrypted, PASSWORD);
    assert.ok(a.alerts.length >= 10);
    assert.ok(a.alerts.some((x) => x.module === 'triangle_check'), 'file times survive encryption');
    assert.deepEqual(comparable(b.alerts), comparable(a.alerts));
    const shape = (m: typeof a.modules) => m.map(({ duration_ms: _, ...rest }) => rest);
    assert.deepEqual(shape(b.modules), shape(a.modules));
  });

  it('decrypt-backup writes a plain backup that checks the same', async () => {
    const out = tempDir();
    const r = await decryptBackup(encrypted, PASSWORD, out);
    const stored = fs.readdirSync(plain, { recursive: true }).map(String).filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{40}$/.test(f));
    assert.deepEqual({ files: r.files, skipped: r.skipped }, { files: stored.length, skipped: 0 });
    assert.equal(fs.readFileSync(path.join(out, 'Manifest.db')).toString('latin1', 0, 15), 'SQLite format 3');
    assert.deepEqual(comparable((await check(out)).alerts), comparable((await check(plain)).alerts));
  });

  it('refuses a wrong or missing password with one clear error, writing nothing', async () => {
    const out = path.join(tempDir(), 'never');
    await assert.rejects(decryptBackup(encrypted, 'wrong password', out), (e: unknown) => e instanceof WrongPassword && e.code === 'DEVICE_PASSWORD');
    assert.ok(!fs.existsSync(out));
    await assert.rejects(openBackup(encrypted), (e: unknown) => e instanceof DeviceError && e.code === 'DEVICE_ENCRYPTED');
  });

  it('decrypt-backup streams large files and keeps them byte for byte', async () => {
    const base = buildBackup(tempDir());
    // A 3 MB "video", its length not a multiple of the AES block.
    const video = crypto.randomBytes(3 * 1024 * 1024 + 5);
    const id = crypto.createHash('sha1').update('CameraRollDomain-Media/DCIM/100APPLE/IMG_0001.MOV').digest('hex');
    fs.mkdirSync(path.join(base, id.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(base, id.slice(0, 2), id), video);
    const db = new Database(path.join(base, 'Manifest.db'));
    db.prepare('INSERT INTO Files VALUES (?, ?, ?, 1, ?)').run(id, 'CameraRollDomain', 'Media/DCIM/100APPLE/IMG_0001.MOV', mbFileBlob(video.length, {}));
    db.close();
    const out = tempDir();
    await decryptBackup(encryptBackup(base, tempDir(), PASSWORD), PASSWORD, out);
    assert.ok(fs.readFileSync(path.join(out, id.slice(0, 2), id)).equals(video));
  });

  it('does not decrypt over an existing backup', async () => {
    const out = tempDir();
    await decryptBackup(encrypted, PASSWORD, out);
    await assert.rejects(decryptBackup(encrypted, PASSWORD, out), /already holds a backup/);
  });

  it('keybag parser: any bytes give a keybag or a typed error (fast-check)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      try {
        parseKeybag(Buffer.from(bytes));
      } catch (e) {
        assert.ok(e instanceof KeybagError, String(e));
      }
    }), { numRuns: 2000 });
  });
});
