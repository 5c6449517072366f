// backup.ab protected by a backup password, as MVT reads one with --backup-password: the encrypted
// twin of a backup gives the same messages and the same check; a wrong or missing password is one
// typed error for that module, the others go on; the format is checked against an independent
// decryption (Python's hashlib and the openssl command, following MVT's steps); hostile headers and
// mutated backups give typed errors only (fast-check).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AndroidBackupError, androidqfSource, MODULES, parseAndroidBackupSms, runDeviceCheck, WrongPassword } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { androidBackupAb, androidTestStix, buildAndroidQF, encryptBackupAb } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';
import { python } from '../helpers/python.ts';

const PASSWORD = 'Ünïcode pass 7';
const messages = [
  { address: '+491510000001', body: 'see you at 8', date: 1619892000000, date_sent: 0 },
  { address: '+491510000002', body: 'Your delivery: https://alraeeenews.com/t/3fa', date: 1620024000000, date_sent: 0 },
];

// MVT's steps, written apart from vigil's reader: PBKDF2 from Python's hashlib, AES from openssl.
const REFERENCE = String.raw`
import hashlib, subprocess, sys, zlib
data = open(sys.argv[1], 'rb').read()
password = sys.argv[2]
magic, version, compressed, algo, rest = data.split(b'\n', 4)
user_salt, ck_salt, rounds, user_iv, blob, enc = rest.split(b'\n', 5)
rounds = int(rounds)
def aes(key, iv, data, pad):
    args = ['openssl', 'enc', '-d', '-aes-256-cbc', '-K', key.hex(), '-iv', iv.hex()] + ([] if pad else ['-nopad'])
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout
key = hashlib.pbkdf2_hmac('sha1', password.encode('utf-8'), bytes.fromhex(user_salt.decode()), rounds, 32)
b = aes(key, bytes.fromhex(user_iv.decode()), bytes.fromhex(blob.decode()), False)
n = b[0]; miv = b[1:1 + n]; b = b[1 + n:]
n = b[0]; mk = b[1:1 + n]; b = b[1 + n:]
n = b[0]; ck = b[1:1 + n]
# Java widened each byte to a char before hashing it: 0x80 and up became U+FF80..U+FFFF.
widened = ''.join(chr(x) if x < 0x80 else chr(0xFF00 | x) for x in mk).encode('utf-8') if int(version) > 1 else mk
assert hashlib.pbkdf2_hmac('sha1', widened, bytes.fromhex(ck_salt.decode()), rounds, 32) == ck, 'checksum'
plain = aes(mk, miv, enc, True)
print(hashlib.sha256(zlib.decompress(plain) if compressed == b'1' else plain).hexdigest())
`;

describe('password-protected Android backups', () => {
  const plain = androidBackupAb(messages);
  const encrypted = encryptBackupAb(plain, PASSWORD);

  it('gives the messages of its plain twin with the password', () => {
    assert.match(encrypted.toString('latin1', 0, 40), /^ANDROID BACKUP\n5\n1\nAES-256\n/);
    assert.ok(!encrypted.includes(Buffer.from('alraeeenews')));
    const fromPlain = parseAndroidBackupSms(plain);
    assert.equal(fromPlain.length, 2);
    assert.deepEqual(parseAndroidBackupSms(encrypted, 'backup.ab', PASSWORD), fromPlain);
  });

  it('is written as MVT reads it: an independent decryption gives the same archive', () => {
    const file = path.join(tempDir(), 'backup.ab');
    fs.writeFileSync(file, encrypted);
    const stdout = python(REFERENCE, [file, PASSWORD]);
    const tar = zlib.inflateSync(plain.subarray('ANDROID BACKUP\n5\n1\nnone\n'.length));
    assert.equal(stdout.trim(), crypto.createHash('sha256').update(tar).digest('hex'));
  });

  it('refuses a wrong or missing password with one typed error each', () => {
    assert.throws(() => parseAndroidBackupSms(encrypted, 'backup.ab', 'not it'), (e) => e instanceof WrongPassword && e.code === 'DEVICE_PASSWORD');
    assert.throws(() => parseAndroidBackupSms(encrypted, 'backup.ab'), (e) => e instanceof AndroidBackupError && /encrypted/.test(e.message) && /--password-env/.test(e.oneLine()));
    // A round count no phone writes is refused before any work.
    const hostile = Buffer.from(encrypted.toString('latin1').replace(/\n10000\n/, '\n999999999\n'), 'latin1');
    assert.throws(() => parseAndroidBackupSms(hostile, 'backup.ab', PASSWORD), /round count/);
  });

  it('checks an AndroidQF collection with an encrypted backup as its plain twin, on one thread or two', async () => {
    const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX, androidTestStix(path.join(tempDir(), 'a.stix2'))]).records);
    const run = async (root: string, password: string | undefined, threads: number) => {
      const out = tempDir();
      const r = await runDeviceCheck(androidqfSource(root, password), MODULES, index, out, [], undefined, { threads });
      return { r, sms: fs.readFileSync(path.join(out, 'sms.json'), 'utf8') };
    };
    const plainRun = await run(buildAndroidQF(tempDir()), undefined, 1);
    const root = buildAndroidQF(tempDir(), { backupPassword: PASSWORD });
    for (const threads of [1, 2]) {
      const r = await run(root, PASSWORD, threads);
      assert.equal(r.sms, plainRun.sms);
      assert.deepEqual(r.r.alerts.filter((a) => a.module === 'aqf_sms'), plainRun.r.alerts.filter((a) => a.module === 'aqf_sms'));
      assert.ok(r.r.alerts.some((a) => a.module === 'aqf_sms' && a.level !== 'INFORMATIONAL'));
    }
    // Without the password, only that module fails, and says why.
    const without = await runDeviceCheck(androidqfSource(root), MODULES, index);
    assert.equal(without.modules.find((m) => m.slug === 'aqf_sms')?.error?.code, 'DEVICE_ANDROID_BACKUP');
    assert.deepEqual(without.modules.filter((m) => m.error && m.slug !== 'aqf_sms'), plainRun.r.modules.filter((m) => m.error));
    const wrong = await runDeviceCheck(androidqfSource(root, 'not it'), MODULES, index);
    assert.equal(wrong.modules.find((m) => m.slug === 'aqf_sms')?.error?.code, 'DEVICE_PASSWORD');
  });

  it('gives messages or a typed error on mutated encrypted backups', () => {
    const small = encryptBackupAb(plain, PASSWORD, 50);
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(small.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(small.length), (muts, cut) => {
      const b = Buffer.from(small.subarray(0, Math.max(cut, 10)));
      for (const [at, v] of muts) if (at < b.length) b[at] = v;
      try {
        for (const m of parseAndroidBackupSms(b, 'backup.ab', PASSWORD)) assert.equal(typeof m.body, 'string');
      } catch (e) {
        assert.ok(e instanceof AndroidBackupError || e instanceof WrongPassword, String(e));
      }
    }), { numRuns: 400, seed: 5 });
  });
});
