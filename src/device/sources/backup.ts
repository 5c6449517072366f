// An iTunes/Finder iOS backup: Manifest.db lists every file (domain, relativePath) and its fileID,
// the SHA-1 of "domain-relativePath"; the file itself lives at <fileID[0:2]>/<fileID>.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseCorrupted, EncryptedBackup } from '../errors.ts';
import { openEvidenceDb } from '../sqlite.ts';
import type { ArtifactSource } from './types.ts';

export interface ManifestEntry {
  fileID: string;
  domain: string;
  relativePath: string;
  flags: number;
}

export function readManifest(root: string): ManifestEntry[] {
  const manifest = path.join(root, 'Manifest.db');
  if (!fs.existsSync(manifest)) throw new DatabaseCorrupted(root, 'no Manifest.db: is this an iOS backup folder?');
  let db;
  try {
    db = openEvidenceDb(manifest, 'Manifest.db');
  } catch (e) {
    // In an encrypted backup Manifest.db itself is encrypted and does not open as SQLite.
    if (e instanceof DatabaseCorrupted) throw new EncryptedBackup(root);
    throw e;
  }
  try {
    db.require('Files', ['fileID', 'domain', 'relativePath', 'flags']);
    return db.db.prepare('SELECT fileID, domain, relativePath, flags FROM Files').all() as ManifestEntry[];
  } finally {
    db.close();
  }
}

export function backupSource(root: string): ArtifactSource & { manifest: ManifestEntry[] } {
  const manifest = readManifest(root);
  const byKey = new Map(manifest.map((e) => [`${e.domain}\u0000${e.relativePath}`, e]));
  const fileOf = (e: ManifestEntry) => {
    const p = path.join(root, e.fileID.slice(0, 2), e.fileID);
    return fs.existsSync(p) ? p : undefined;
  };
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
          return f ? [{ path: e.relativePath, file: f, domain: e.domain }] : [];
        });
    },
  };
}
