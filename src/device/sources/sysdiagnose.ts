// A sysdiagnose archive (.tar.gz): unpacked, within bounds, into a private temporary folder and
// read like a dump; modules find their files by name (shutdown.log lives under system_logs).
import path from 'node:path';
import { isFile } from '../../core/index.ts';
import { ArtifactNotFound } from '../errors.ts';
import { fsSource } from './fs.ts';
import { privateTempDir, removeTempDir } from '../temp.ts';
import { extractTarGz, type TarLimits, type TarReport } from './tar.ts';
import type { ArtifactSource } from './types.ts';

export async function sysdiagnoseSource(archive: string, limits?: TarLimits): Promise<ArtifactSource & { report: TarReport; cleanup(): void }> {
  if (!isFile(archive)) throw new ArtifactNotFound('sysdiagnose archive', archive);
  const dir = privateTempDir('vigil-sysdiagnose-');
  try {
    const report = await extractTarGz(archive, dir, limits);
    const inner = fsSource(dir);
    // No spec: a worker would reopen the unpacked folder as a dump (the folder's own spec), not as
    // this archive, so its few modules run on the check's thread.
    return { ...inner, kind: 'sysdiagnose', root: path.resolve(archive), unpackedInto: inner.root, spec: undefined, report, cleanup: () => removeTempDir(dir) };
  } catch (e) {
    removeTempDir(dir);
    throw e;
  }
}
