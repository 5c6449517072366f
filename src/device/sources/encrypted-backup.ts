// An encrypted iOS backup, decrypted on the fly: the keybag is unlocked with the password, the
// encrypted Manifest.db is decrypted into a private temporary folder, and each file a module asks
// for is decrypted there on first use. decryptBackup writes a whole plain copy, as MVT's
// decrypt-backup does.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseCorrupted, DeviceError, EncryptedBackup } from '../errors.ts';
import { isPlistDict, parsePlist } from '../plist.ts';
import { requireFolder } from './fs.ts';
import { parseMBFile } from './mbfile.ts';
import { privateTempDir, removeTempDir } from '../temp.ts';
import { backupSource, FLAG_FILE, manifestSource, readManifest, readManifestDb, storedPath, type ManifestEntry } from './backup.ts';
import { decryptContent, decryptSqlite, decryptToFile, parseKeybag, unlockKeybag, unwrapClassed } from './backup-crypto.ts';
import type { ArtifactSource, SourceSpec } from './types.ts';


interface Unlocked {
  classKeys: Map<number, Buffer>;
  manifest: ManifestEntry[];
  tmp: string;
}

/** What an encrypted backup's Manifest.plist holds for decryption (all absent in a plain backup). */
interface PlistKeys {
  encrypted: boolean;
  keyBag?: Buffer;
  manifestKey?: Buffer;
}

function readPlistKeys(root: string): PlistKeys {
  const plist = path.join(root, 'Manifest.plist');
  if (!fs.existsSync(plist)) return { encrypted: false };
  const p = parsePlist(fs.readFileSync(plist), 'Manifest.plist');
  if (!isPlistDict(p)) return { encrypted: false };
  const buf = (v: unknown) => (Buffer.isBuffer(v) ? v : undefined);
  return { encrypted: p.IsEncrypted === true, keyBag: buf(p.BackupKeyBag), manifestKey: buf(p.ManifestKey) };
}

const encryptedBy = (k: PlistKeys) => k.encrypted && k.keyBag !== undefined;

export function isEncryptedBackup(root: string): boolean {
  return encryptedBy(readPlistKeys(root));
}

async function unlock(root: string, password: string, keys?: PlistKeys): Promise<Unlocked> {
  requireFolder(root, 'iOS backup folder');
  const { keyBag, manifestKey } = keys ?? readPlistKeys(root);
  if (!keyBag || !manifestKey) throw new DeviceError('DEVICE_KEYBAG', 'Manifest.plist has no BackupKeyBag or ManifestKey: is this an encrypted iOS backup?', { where: root });
  const classKeys = await unlockKeybag(parseKeybag(keyBag, 'Manifest.plist'), password, root);
  const tmp = privateTempDir('vigil-backup-');
  try {
    const key = unwrapClassed(classKeys, manifestKey, 'ManifestKey');
    fs.writeFileSync(path.join(tmp, 'Manifest.db'), decryptSqlite(key, fs.readFileSync(path.join(root, 'Manifest.db'))), { mode: 0o600 });
    return { classKeys, manifest: readManifestDb(path.join(tmp, 'Manifest.db'), 'Manifest.db (decrypted)', true), tmp };
  } catch (e) {
    removeTempDir(tmp);
    throw e;
  }
}

/** The file's key and size from its MBFile record. */
export function fileKeyOf(blob: Buffer, where: string): { wrapped: Buffer; size?: number; protectionClass?: number } {
  const f = parseMBFile(blob, where);
  if (!f.wrappedKey) throw new DatabaseCorrupted(where, 'file record has no EncryptionKey');
  return { wrapped: f.wrappedKey, size: f.size, protectionClass: f.protectionClass };
}

/** The file's key and recorded size, or undefined for a directory, a link or a file absent from the backup. */
function entryKey(root: string, u: Unlocked, e: ManifestEntry): { stored: string; key: Buffer; size?: number } | undefined {
  const stored = storedPath(root, e);
  if (e.flags !== FLAG_FILE || !e.file || !fs.existsSync(stored)) return undefined;
  const where = `${e.domain}-${e.relativePath}`;
  const { wrapped, size, protectionClass } = fileKeyOf(e.file, where);
  return { stored, key: unwrapClassed(u.classKeys, wrapped, where, protectionClass), size };
}

function decryptEntry(root: string, u: Unlocked, e: ManifestEntry): Buffer | undefined {
  const k = entryKey(root, u, e);
  return k && decryptContent(k.key, fs.readFileSync(k.stored), k.size);
}

type DecryptingSource = ArtifactSource & { manifest: ManifestEntry[]; cleanup(): void };

export async function encryptedBackupSource(root: string, password: string): Promise<DecryptingSource> {
  return decryptingSource(root, await unlock(root, password));
}

function decryptingSource(root: string, u: Unlocked): DecryptingSource {
  const done = new Map<string, string | undefined>();
  const inner = manifestSource(root, u.manifest, (e) => {
    if (!done.has(e.fileID)) {
      const plain = decryptEntry(root, u, e);
      const out = plain ? path.join(u.tmp, e.fileID) : undefined;
      if (plain && out) fs.writeFileSync(out, plain, { mode: 0o600 });
      done.set(e.fileID, out);
    }
    return done.get(e.fileID);
  });
  const spec: SourceSpec = { kind: 'encrypted-backup', root, classKeys: [...u.classKeys], manifestDb: path.join(u.tmp, 'Manifest.db') };
  return { ...inner, spec, cleanup: () => removeTempDir(u.tmp) };
}

/**
 * An encrypted backup another thread unlocked, opened again from its spec: the files this thread
 * decrypts go to `tmp` (a folder the unlocking thread removes); the password is not needed.
 */
export function reopenEncryptedBackup(spec: Extract<SourceSpec, { kind: 'encrypted-backup' }>, tmp: string): DecryptingSource {
  const classKeys = new Map(spec.classKeys.map(([k, v]) => [k, Buffer.from(v)]));
  const manifest = readManifestDb(spec.manifestDb, 'Manifest.db (decrypted)', true);
  return { ...decryptingSource(spec.root, { classKeys, manifest, tmp }), cleanup: () => undefined };
}

/** A plain or encrypted backup; an encrypted one needs the password. A decrypted copy keeps its
 *  Manifest.plist, so whether Manifest.db opens as SQLite decides, not the plist's flag. */
export async function openBackup(root: string, password?: string): Promise<ArtifactSource & { manifest: ManifestEntry[] }> {
  let manifest: ManifestEntry[];
  try {
    manifest = readManifest(root);
  } catch (e) {
    if (!(e instanceof EncryptedBackup)) throw e;
    const keys = readPlistKeys(root);
    if (!encryptedBy(keys)) throw new DatabaseCorrupted(path.join(root, 'Manifest.db'), 'not SQLite, and Manifest.plist has no backup keybag');
    if (password === undefined) throw e;
    return decryptingSource(root, await unlock(root, password, keys));
  }
  return backupSource(root, manifest);
}

/** Writes a plain copy of an encrypted backup to out; returns how many files were decrypted. */
export async function decryptBackup(root: string, password: string, out: string, onFile?: (done: number, total: number) => void): Promise<{ files: number; skipped: number }> {
  const u = await unlock(root, password);
  try {
    fs.mkdirSync(out, { recursive: true, mode: 0o700 });
    if (fs.existsSync(path.join(out, 'Manifest.db'))) throw new DeviceError('DEVICE_OUTPUT', 'the output folder already holds a backup', { where: out, hint: 'choose an empty folder' });
    let files = 0;
    let skipped = 0;
    for (const [i, e] of u.manifest.entries()) {
      // Streamed: a backup holds videos far larger than memory.
      const k = entryKey(root, u, e);
      if (k) {
        const dest = storedPath(out, e);
        fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
        await decryptToFile(k.key, k.stored, dest, k.size);
        files++;
      } else if (e.flags === FLAG_FILE) skipped++;
      onFile?.(i + 1, u.manifest.length);
    }
    for (const f of ['Info.plist', 'Status.plist', 'Manifest.plist']) if (fs.existsSync(path.join(root, f))) fs.copyFileSync(path.join(root, f), path.join(out, f));
    // Manifest.db last: a folder without it is visibly unfinished if the copy is interrupted.
    fs.copyFileSync(path.join(u.tmp, 'Manifest.db'), path.join(out, 'Manifest.db'));
    return { files, skipped };
  } finally {
    removeTempDir(u.tmp);
  }
}
