// info.json's hashes: one taken as a module read a file is used only while the file is unchanged,
// and a file never read whole is hashed from the disk.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { evidenceHashes } from '../../src/device/evidence-hashes.ts';
import { noteReadHash, takeReadHash } from '../../src/device/read-hashes.ts';
import { tempDir } from '../helpers/fixtures.ts';

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

describe('evidence hashes', () => {
  const dir = tempDir();

  it('uses the hash taken at reading while the file is unchanged, and hashes a changed one again', async () => {
    const file = path.join(dir, 'sms.db');
    fs.writeFileSync(file, 'as read');
    // A hash noted for other bytes shows which one info.json took.
    noteReadHash(file, fs.statSync(file), Buffer.from('noted'));
    const ioc = path.join(dir, 'iocs.stix2');
    fs.writeFileSync(ioc, '{}');
    const first = await evidenceHashes(dir, new Map([['HomeDomain-Library/SMS/sms.db', file]]), [ioc]);
    assert.deepEqual(first, { ioc_hashes: [{ file_path: ioc, sha256: sha256('{}') }], hashes: [{ file_path: 'HomeDomain-Library/SMS/sms.db', sha256: sha256('noted') }] });
    // Given once: the next check hashes the file itself.
    assert.equal(takeReadHash(file, fs.statSync(file)), undefined);
    noteReadHash(file, fs.statSync(file), Buffer.from('as read'));
    fs.writeFileSync(file, 'changed after reading');
    const second = await evidenceHashes(dir, new Map([['sms', file]]), []);
    assert.deepEqual(second.hashes, [{ file_path: 'sms', sha256: sha256('changed after reading') }]);
  });

  it('hashes an archive given as the target itself, first', async () => {
    const archive = path.join(dir, 'bugreport.zip');
    fs.writeFileSync(archive, 'zip bytes');
    const other = path.join(dir, 'a.txt');
    fs.writeFileSync(other, 'a');
    const r = await evidenceHashes(archive, new Map([['z', other], ['b', other]]), []);
    assert.deepEqual(r.hashes.map((h) => h.file_path), [archive, 'b', 'z']);
    assert.equal(r.hashes[0].sha256, sha256('zip bytes'));
  });
});
