// Android backups (backup.ab, as AndroidQF collects them for messages): a text header
// ("ANDROID BACKUP", version, compressed, encryption), then a zlib-compressed tar. Messages are in
// apps/com.android.providers.telephony/d_f/*_sms_backup and *_mms_backup, each zlib-compressed
// JSON. Everything is inflated within bounds; a password-protected backup is decrypted with its
// password (backup-ab-crypto.ts), and is a typed error without it.
import zlib from 'node:zlib';
import { AndroidBackupError } from '../errors.ts';
import { decryptBackupAb } from './backup-ab-crypto.ts';
import { headerLines } from './lines.ts';
import { readTarHeader } from '../sources/tar.ts';
import { mvtTimeOfUnix } from '../time.ts';
import { mvtLinks } from '../links.ts';

export const MAX_AB_BYTES = 2 * 1024 ** 3;

export { AndroidBackupError };

/**
 * A message as the backup holds it, every key kept (MVT keeps them), with MVT's own keys added: an
 * MMS's text moved from `mms_body` to `body`, `isodate` (MVT's time text of `date`, milliseconds),
 * `direction`, and `links` when the body has some or is empty.
 */
export interface AbSms {
  address?: unknown;
  body: string;
  date?: unknown;
  isodate: string | null;
  direction: 'sent' | 'received';
  links?: string[] | null;
  [key: string]: unknown;
}

function header(buf: Buffer, where: string): { version: number; compressed: boolean; encryption: string; body: Buffer } {
  const head = headerLines(buf, 4, 64);
  if (!head) throw new AndroidBackupError(where, 'truncated or not an Android backup header');
  const { lines, rest } = head;
  if (lines[0] !== 'ANDROID BACKUP' || !/^\d+$/.test(lines[1]) || !/^[01]$/.test(lines[2])) throw new AndroidBackupError(where, 'not an Android backup (bad header)');
  return { version: Number(lines[1]), compressed: lines[2] === '1', encryption: lines[3], body: rest };
}

/** The tar's regular files whose name passes the filter, in memory. */
function tarFiles(tar: Buffer, want: (name: string) => boolean, where: string): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const { name, size, type, octalSize } = readTarHeader(h);
    if (!octalSize) throw new AndroidBackupError(where, `bad tar header at byte ${at}`);
    const start = at + 512;
    if (start + size > tar.length) throw new AndroidBackupError(where, `${name} runs past the end of the archive`);
    if ((type === '0' || type === '\0') && want(name)) out.push({ name, data: tar.subarray(start, start + size) });
    at = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

const inflate = (b: Buffer, where: string, what: string) => {
  try {
    return zlib.inflateSync(b, { maxOutputLength: MAX_AB_BYTES });
  } catch (e) {
    throw new AndroidBackupError(where, `${what} does not inflate: ${(e as Error).message}`);
  }
};

/** Where the telephony provider keeps its messages in a backup, relative to the backup's root. */
export const MESSAGE_FILE = /^apps\/com\.android\.providers\.telephony\/d_f\/[^/]*_(sms|mms)_backup$/;

/** The messages of a backup; `password` opens one encrypted with a backup password. */
export function parseAndroidBackupSms(buf: Buffer, where = 'backup.ab', password?: string): AbSms[] {
  const h = header(buf, where);
  const data = h.encryption === 'none' ? h.body : decryptBackupAb(h.body, h.version, h.encryption, password, where);
  const tar = h.compressed ? inflate(data, where, 'the backup') : data;
  return messagesOfFiles(tarFiles(tar, (n) => MESSAGE_FILE.test(n), where), where);
}

/**
 * The messages of the telephony provider's files (each zlib-compressed JSON), from a backup or
 * the folder it was extracted to: the SMS files' first, then the MMS files', as MVT reads them.
 */
export function messagesOfFiles(files: { name: string; data: Buffer }[], where: string): AbSms[] {
  const kind = (f: { name: string }) => (/_sms_backup$/.test(f.name) ? 0 : 1);
  return [...files].sort((a, b) => kind(a) - kind(b)).flatMap((f) => {
    let list: unknown;
    try {
      list = JSON.parse(inflate(f.data, where, f.name).toString('utf8'));
    } catch (e) {
      if (e instanceof AndroidBackupError) throw e;
      throw new AndroidBackupError(where, `${f.name} is not JSON`);
    }
    if (!Array.isArray(list)) throw new AndroidBackupError(where, `${f.name} is not a list of messages`);
    return list.flatMap((e): AbSms[] => {
      if (!e || typeof e !== 'object' || Array.isArray(e)) return [];
      const m = { ...(e as Record<string, unknown>) };
      if ('mms_body' in m) {
        const text = m.mms_body;
        delete m.mms_body;
        m.body = text;
      }
      if (typeof m.body !== 'string') m.body = '';
      const date = Number(m.date);
      m.isodate = Number.isInteger(date) ? mvtTimeOfUnix(date / 1000) : null;
      m.direction = Number(m.date_sent) ? 'sent' : 'received';
      const links = m.body ? mvtLinks(m.body) : null;
      if (links?.length || (m.body as string).trim() === '') m.links = links;
      return [m as AbSms];
    });
  });
}
