// Where a device check reads its artifacts: an iOS backup (files named by hash, listed in
// Manifest.db), a filesystem dump (a folder tree), a sysdiagnose archive, an AndroidQF collection,
// an Android bugreport, an Android backup (backup.ab or its extracted folder), Android intrusion logs.

export interface ArtifactSource {
  kind: 'backup' | 'fs' | 'sysdiagnose' | 'androidqf' | 'bugreport' | 'android-backup' | 'intrusion-logs';
  root: string;
  /** Where its files are read from when `root` is an archive unpacked for the check (a sysdiagnose, a zipped collection). */
  unpackedInto?: string;
  /** The file for a backup domain and relative path, or for a path in a dump; undefined if absent. */
  file(relativePath: string, domain?: string): string | undefined;
  /** Files whose path (domain-relativePath in a backup) matches; a backup's give their domain and file ID. */
  find(pattern: RegExp): { path: string; file: string; domain?: string; fileID?: string }[];
  /** The password of an encrypted backup inside the source (an AndroidQF collection's backup.ab). */
  backupPassword?: string;
  /** How another thread opens the same evidence again; absent, the source is read in one thread only. */
  spec?: SourceSpec;
  /** Removes what opening the source wrote to a temporary folder (decrypted or unpacked evidence). */
  cleanup?(): void;
}

/**
 * A source as another thread opens it again: a folder, or an encrypted backup with what unlocking
 * it gave (the class keys and the decrypted Manifest.db), so the password is not needed twice.
 */
export type SourceSpec =
  | { kind: 'backup' | 'fs'; root: string }
  | { kind: 'androidqf'; root: string; backupPassword?: string }
  | { kind: 'encrypted-backup'; root: string; classKeys: [number, Uint8Array][]; manifestDb: string };
