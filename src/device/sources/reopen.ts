// A source opened again in another thread (a check's worker) from its spec (see types.ts).
import { androidqfSource } from './android.ts';
import { backupSource } from './backup.ts';
import { reopenEncryptedBackup } from './encrypted-backup.ts';
import { fsSource } from './fs.ts';
import type { ArtifactSource, SourceSpec } from './types.ts';

/** `tmp`: where this thread may write decrypted files (a folder the opening thread removes). */
export function reopenSource(spec: SourceSpec, tmp: string): ArtifactSource {
  switch (spec.kind) {
    case 'backup':
      return backupSource(spec.root);
    case 'fs':
      return fsSource(spec.root);
    case 'androidqf':
      return androidqfSource(spec.root, spec.backupPassword);
    case 'encrypted-backup':
      return reopenEncryptedBackup(spec, tmp);
  }
}
