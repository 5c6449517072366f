// Password-protected Android backups, decrypted as Android's BackupManagerService encrypts them
// and MVT decrypts them. After the header's "AES-256" line come, one per line: the user salt, the
// checksum salt (hex), the PBKDF2 rounds, the user IV (hex) and the master key blob (hex), then
// the data. PBKDF2-HMAC-SHA1 of the password with the user salt gives the key of the blob
// (AES-256-CBC): the master IV, the master key and their checksum, each after a length byte. The
// checksum is PBKDF2 of the master key with the checksum salt, the key's bytes first widened as
// Java's char conversion widens them (format 2 and later). The data is AES-256-CBC under the master
// key, PKCS#7-padded.
import crypto from 'node:crypto';
import { AndroidBackupError, WrongPassword } from '../errors.ts';
import { headerLines } from './lines.ts';

// Android writes 10,000 rounds; far more is a hostile file asking for hours of work.
const MAX_ROUNDS = 10_000_000;

/**
 * A master key's bytes as Android's Java code hashed them for the checksum: a byte of 0x80 or more
 * is a negative Java byte, widened to the char 0xFF80–0xFFFF, then written in UTF-8 (three bytes).
 */
export function javaCharBytes(key: Buffer): Buffer {
  const out: number[] = [];
  for (const b of key) {
    if (b < 0x80) out.push(b);
    else out.push(0xef, 0xbc | ((b >> 6) & 0x3f), 0x80 | (b & 0x3f));
  }
  return Buffer.from(out);
}

function hexField(line: string, what: string, where: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(line)) throw new AndroidBackupError(where, `the ${what} is not hexadecimal`);
  return Buffer.from(line, 'hex');
}

/** The plain (possibly still compressed) data of an encrypted backup's body, the part after its four header lines. */
export function decryptBackupAb(body: Buffer, version: number, encryption: string, password: string | undefined, where: string): Buffer {
  if (encryption !== 'AES-256') throw new AndroidBackupError(where, `encryption '${encryption.slice(0, 20)}' is not one Android writes`);
  if (password === undefined) throw new AndroidBackupError(where, 'the backup is encrypted', 'give its password: --password-env VAR, the variable holding it');
  const head = headerLines(body, 5, 4096);
  if (!head) throw new AndroidBackupError(where, 'the encryption header is truncated');
  const { lines: [userSaltHex, checksumSaltHex, roundsText, userIvHex, blobHex], rest } = head;
  const userSalt = hexField(userSaltHex, 'user salt', where);
  const checksumSalt = hexField(checksumSaltHex, 'checksum salt', where);
  const userIv = hexField(userIvHex, 'user IV', where);
  const blob = hexField(blobHex, 'master key blob', where);
  const rounds = /^\d{1,9}$/.test(roundsText) ? Number(roundsText) : NaN;
  if (!(rounds >= 1 && rounds <= MAX_ROUNDS)) throw new AndroidBackupError(where, `the PBKDF2 round count is not one Android writes: ${roundsText.slice(0, 12)}`);
  if (userIv.length !== 16 || blob.length === 0 || blob.length % 16 !== 0) throw new AndroidBackupError(where, 'the user IV or the master key blob has the wrong size');

  const userKey = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), userSalt, rounds, 32, 'sha1');
  const opener = crypto.createDecipheriv('aes-256-cbc', userKey, userIv).setAutoPadding(false);
  const plainBlob = Buffer.concat([opener.update(blob), opener.final()]);
  // Three length-prefixed fields; with a wrong password the lengths are noise and may run past the end.
  const fields: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < 3; i++) {
    const n = plainBlob[at];
    if (n === undefined || at + 1 + n > plainBlob.length) throw new WrongPassword(where);
    fields.push(plainBlob.subarray(at + 1, at + 1 + n));
    at += 1 + n;
  }
  const [masterIv, masterKey, checksum] = fields;
  const expected = crypto.pbkdf2Sync(version > 1 ? javaCharBytes(masterKey) : masterKey, checksumSalt, rounds, 32, 'sha1');
  if (checksum.length !== expected.length || !crypto.timingSafeEqual(checksum, expected) || masterKey.length !== 32 || masterIv.length !== 16) throw new WrongPassword(where);

  if (rest.length % 16 !== 0) throw new AndroidBackupError(where, 'the encrypted data is truncated');
  try {
    const d = crypto.createDecipheriv('aes-256-cbc', masterKey, masterIv);
    return Buffer.concat([d.update(rest), d.final()]);
  } catch {
    throw new AndroidBackupError(where, 'the encrypted data does not end in valid padding (truncated or damaged)');
  }
}
