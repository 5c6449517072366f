// Android sources. An AndroidQF collection is a folder (packages.json, ps.txt, getprop.txt,
// settings_*.txt, files.json, dumpsys.txt, bugreport.zip…) read like a dump. A bugreport zip holds
// one dumpstate text (named by main_entry.txt, else the bugreport-*.txt), which the dumpsys
// modules split into services; only that entry is inflated, within bounds.
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactNotFound } from '../errors.ts';
import { fsSource, requireFolder } from './fs.ts';
import type { ArtifactSource } from './types.ts';
import { openZip, ZipError } from './zip.ts';
import { safeEntryPath } from './tar.ts';

/** `backupPassword`: the password of its backup.ab, if the phone's owner set one. */
export function androidqfSource(root: string, backupPassword?: string): ArtifactSource {
  requireFolder(root, 'AndroidQF collection folder');
  const source = fsSource(root);
  return { ...source, kind: 'androidqf', backupPassword, spec: { kind: 'androidqf', root: source.root, backupPassword } };
}

/** The dumpstate text of a bugreport zip. */
export function bugreportText(zipFile: string): string {
  const zip = openZip(zipFile);
  const byName = new Map(zip.entries.filter((e) => safeEntryPath(e.name)).map((e) => [e.name, e]));
  const main = byName.get('main_entry.txt');
  const named = main ? zip.read(main, 4096).toString('utf8').trim() : undefined;
  const entry = (named && byName.get(named)) ?? [...byName.values()].filter((e) => /(^|\/)(bugreport|dumpstate)[^/]*\.txt$/.test(e.name)).sort((a, b) => b.size - a.size)[0];
  if (!entry) throw new ZipError(zipFile, 'no dumpstate text (main_entry.txt or bugreport-*.txt): is this an Android bugreport?');
  return zip.read(entry).toString('utf8');
}

export function bugreportSource(zipFile: string): ArtifactSource & { text(): string } {
  if (!fs.existsSync(zipFile)) throw new ArtifactNotFound('bugreport zip', zipFile);
  let text: string | undefined;
  return {
    kind: 'bugreport',
    root: path.resolve(zipFile),
    file: () => undefined,
    find: () => [],
    text: () => (text ??= bugreportText(zipFile)),
  };
}
