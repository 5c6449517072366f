// An iTunes/Finder iOS backup: Manifest.db lists every file (domain, relativePath) and its fileID,
// the SHA-1 of "domain-relativePath"; the file itself lives at <fileID[0:2]>/<fileID>. An encrypted
// backup is opened by encrypted-backup.ts and read through the same lookups.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseCorrupted, EncryptedBackup } from '../errors.ts';
import { withEvidenceDb } from '../sqlite.ts';
import { requireFolder } from './fs.ts';
import type { ArtifactSource } from './types.ts';

export interface ManifestEntry {
  fileID: string;
  domain: string;
  relativePath: string;
  flags: number;
  /** The NSKeyedArchiver MBFile record (read only for encrypted backups, where it holds the file's key). */
  file?: Buffer | null;
}

export const FLAG_FILE = 1;

/** Files in Manifest.db, with their MBFile records when the table has them (an encrypted backup needs them). */
export function readManifestDb(file: string, label: string, needBlobs = false): ManifestEntry[] {
  return withEvidenceDb(file, label, (db) => {
    db.require('Files', ['fileID', 'domain', 'relativePath', 'flags', ...(needBlobs ? ['file'] : [])]);
    const hasBlobs = db.columns('Files').has('file');
    return db.db.prepare(`SELECT fileID, domain, relativePath, flags${hasBlobs ? ', file' : ''} FROM Files`).all() as ManifestEntry[];
  });
}

export function readManifest(root: string): ManifestEntry[] {
  requireFolder(root, 'iOS backup folder');
  const manifest = path.join(root, 'Manifest.db');
  if (!fs.existsSync(manifest)) throw new DatabaseCorrupted(root, 'no Manifest.db: is this an iOS backup folder?');
  try {
    return readManifestDb(manifest, 'Manifest.db');
  } catch (e) {
    // In an encrypted backup Manifest.db itself is encrypted and does not open as SQLite.
    if (e instanceof DatabaseCorrupted) throw new EncryptedBackup(root);
    throw e;
  }
}

/** The lookups every backup source shares; fileOf gives the readable file of an entry, if any. */
export function manifestSource(root: string, manifest: ManifestEntry[], fileOf: (e: ManifestEntry) => string | undefined): ArtifactSource & { manifest: ManifestEntry[] } {
  const byKey = new Map(manifest.map((e) => [`${e.domain}\u0000${e.relativePath}`, e]));
  return {
    kind: 'backup',
    root,
    manifest,
    file(relativePath, domain) {
      const hits = domain ? [byKey.get(`${domain}\u0000${relativePath}`)] : manifest.filter((e) => e.relativePath === relativePath);
      for (const e of hits) if (e) {
        const f = fileOf(e);
        if (f) return f;
      }
      return undefined;
    },
    find(pattern) {
      return manifest
        .filter((e) => pattern.test(`${e.domain}-${e.relativePath}`))
        .flatMap((e) => {
          const f = fileOf(e);
          return f ? [{ path: e.relativePath, file: f, domain: e.domain, fileID: e.fileID }] : [];
        });
    },
  };
}

export function storedPath(root: string, e: ManifestEntry): string {
  return path.join(root, e.fileID.slice(0, 2), e.fileID);
}

/** A plain backup; its manifest is read unless the caller already has it. */
export function backupSource(root: string, manifest: ManifestEntry[] = readManifest(root)): ArtifactSource & { manifest: ManifestEntry[] } {
  const source = manifestSource(root, manifest, (e) => {
    const p = storedPath(root, e);
    return fs.existsSync(p) ? p : undefined;
  });
  return { ...source, spec: { kind: 'backup', root } };
}
