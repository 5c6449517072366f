// The PII vault: victim numbers, names and organisations are stored only encrypted (AES-256-GCM)
// and found by a keyed hash (HMAC-SHA-256), never in plain text. The key comes from VIGIL_KEY or a
// key file created 0600 on first use; the store remembers the key's fingerprint, so a lost or wrong
// key is one clear error instead of garbage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { VigilError, type VigilConfig } from '../core/index.ts';
import type { Queryable } from '../store/index.ts';

export class PiiError extends VigilError {}

const VERSION = 'v1';
const FINGERPRINT_KEY = 'pii_key_fingerprint';

function deriveKeys(master: Buffer): { enc: Buffer; mac: Buffer } {
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { enc: derive('vigil pii encryption'), mac: derive('vigil pii lookup') };
}

/** Reads a 32-byte key written as 64 hex digits or as base64. */
export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new PiiError('PII_KEY_FORMAT', 'the key must be 32 bytes, as 64 hex digits or base64', { where, hint: 'generate one with: openssl rand -hex 32' });
  }
  return key;
}

export class PiiVault {
  private readonly enc: Buffer;
  private readonly mac: Buffer;
  readonly fingerprint: string;
  /** Random bytes for IVs, drawn in bulk: one CSPRNG call per 512 encryptions instead of one each. */
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;

  constructor(master: Buffer) {
    const k = deriveKeys(master);
    this.enc = k.enc;
    this.mac = k.mac;
    this.fingerprint = crypto.createHmac('sha256', this.mac).update('vigil key check').digest('hex').slice(0, 16);
  }

  private nextIv(): Buffer {
    if (this.ivAt + 12 > this.ivPool.length) {
      this.ivPool = crypto.randomBytes(12 * 512);
      this.ivAt = 0;
    }
    // Copied out, so no IV shares memory with the pool (or with another IV).
    const iv = Buffer.from(this.ivPool.subarray(this.ivAt, this.ivAt + 12));
    this.ivAt += 12;
    return iv;
  }

  encrypt(plain: string): string {
    const iv = this.nextIv();
    const cipher = crypto.createCipheriv('aes-256-gcm', this.enc, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
  }

  decrypt(token: string): string {
    if (!token.startsWith(`${VERSION}:`)) throw new PiiError('PII_FORMAT', 'not an encrypted vigil value');
    const raw = Buffer.from(token.slice(VERSION.length + 1), 'base64');
    if (raw.length < 28) throw new PiiError('PII_FORMAT', 'encrypted value is truncated');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.enc, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiError('PII_KEY_MISMATCH', 'an encrypted value does not open with this key', { hint: 'the store was written with another key: set VIGIL_KEY to it or restore the key file' });
    }
  }

  encryptOrNull(plain: string | null | undefined): string | null {
    return plain == null || plain === '' ? null : this.encrypt(plain);
  }

  /** The lookup hash of a value: equal values give equal hashes, and nothing else can be read from it. */
  hash(kind: string, value: string): string {
    return crypto.createHmac('sha256', this.mac).update(`${kind}\u0000${value}`).digest('hex');
  }
}

/**
 * A redacted form for logs and exports: the country calling code and the last two digits of a
 * number (+52•••••••78); names and other text as their initial.
 */
export function redact(value: string | null | undefined, kind: 'number' | 'text' = 'number'): string {
  if (!value) return '';
  if (kind === 'number') {
    const digits = value.replace(/[\s().-]/g, '');
    const cc = parsePhoneNumberFromString(digits)?.countryCallingCode;
    const m = cc ? new RegExp(`^(\\+${cc})(\\d*)(\\d{2})$`).exec(digits) : /^(\+\d{1,3})(\d*)(\d{2})$/.exec(digits);
    return m ? `${m[1]}${'•'.repeat(Math.max(3, m[2].length))}${m[3]}` : '•••';
  }
  return `${[...value][0]}•••`;
}

function keyFile(config: VigilConfig): string {
  return path.join(config.home, 'key');
}

/**
 * Opens the vault: the key from VIGIL_KEY, else the key file (created 0600 only when the store holds
 * no encrypted data yet), checked against the fingerprint the store recorded.
 */
export async function openVault(q: Queryable, config: VigilConfig, env: NodeJS.ProcessEnv = process.env): Promise<PiiVault> {
  const recorded = (await q.query<{ value: string }>('SELECT value FROM vigil_meta WHERE key = $1', [FINGERPRINT_KEY]))[0]?.value;
  let master: Buffer;
  const file = keyFile(config);
  if (env.VIGIL_KEY && env.VIGIL_KEY.trim() !== '') master = parseKey(env.VIGIL_KEY, 'VIGIL_KEY');
  else if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) throw new PiiError('PII_KEY_PERMISSIONS', `the key file is readable by others (mode ${mode.toString(8)})`, { where: file, hint: `chmod 600 ${file}` });
    master = parseKey(fs.readFileSync(file, 'utf8'), file);
  } else if (recorded) {
    throw new PiiError('PII_KEY_MISSING', `victim data in this store is encrypted (key fingerprint ${recorded}) and no key was found`, {
      where: file,
      hint: 'set VIGIL_KEY to the key, or restore the key file from your backup; without it the data cannot be read',
    });
  } else {
    fs.mkdirSync(config.home, { recursive: true, mode: 0o700 });
    master = crypto.randomBytes(32);
    fs.writeFileSync(file, master.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const vault = new PiiVault(master);
  if (recorded && recorded !== vault.fingerprint) {
    throw new PiiError('PII_KEY_MISMATCH', `this key (fingerprint ${vault.fingerprint}) is not the one the store's victim data was encrypted with (${recorded})`, {
      hint: 'set VIGIL_KEY to the original key or restore its key file',
    });
  }
  if (!recorded) await q.query('INSERT INTO vigil_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [FINGERPRINT_KEY, vault.fingerprint]);
  return vault;
}
