// A backup.ab encrypted with a backup password, as Android writes one when the owner sets it: the
// inverse of android/backup-ab-crypto.ts, for tests and training. Fresh salts, IVs and master key
// each time.
import crypto from 'node:crypto';
import { javaCharBytes } from '../android/backup-ab-crypto.ts';
import { headerLines } from '../android/lines.ts';

const PLAIN_HEADER = 'ANDROID BACKUP\n';

/** The encrypted twin of a plain backup.ab (`version` 2 and later hash the master key as Java did). */
export function encryptBackupAb(plain: Buffer, password: string, rounds = 10_000): Buffer {
  const head = headerLines(plain, 4, 64);
  if (head?.lines[0] !== 'ANDROID BACKUP' || head.lines[3] !== 'none') throw new Error('not a plain Android backup');
  const { lines, rest: data } = head;
  const [userSalt, checksumSalt, userIv, masterIv, masterKey] = [64, 64, 16, 16, 32].map((n) => crypto.randomBytes(n));
  const version = Number(lines[1]);
  const checksum = crypto.pbkdf2Sync(version > 1 ? javaCharBytes(masterKey) : masterKey, checksumSalt, rounds, 32, 'sha1');
  const blob = Buffer.concat([Buffer.from([16]), masterIv, Buffer.from([32]), masterKey, Buffer.from([32]), checksum]);
  const userKey = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), userSalt, rounds, 32, 'sha1');
  const sealedBlob = crypto.createCipheriv('aes-256-cbc', userKey, userIv);
  const sealedData = crypto.createCipheriv('aes-256-cbc', masterKey, masterIv);
  return Buffer.concat([
    Buffer.from(`${PLAIN_HEADER}${lines[1]}\n${lines[2]}\nAES-256\n${userSalt.toString('hex').toUpperCase()}\n${checksumSalt.toString('hex').toUpperCase()}\n${rounds}\n${userIv.toString('hex').toUpperCase()}\n`),
    Buffer.from(`${Buffer.concat([sealedBlob.update(blob), sealedBlob.final()]).toString('hex').toUpperCase()}\n`),
    sealedData.update(data),
    sealedData.final(),
  ]);
}
