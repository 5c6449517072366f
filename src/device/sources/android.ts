// Android sources. An AndroidQF collection is a folder (packages.json, ps.txt, getprop.txt,
// settings_*.txt, files.json, dumpsys.txt, bugreport.zip…) read like a dump, or that folder zipped,
// unpacked within bounds into a private temporary folder first. A bugreport zip holds
// one dumpstate text (named by main_entry.txt, else the bugreport-*.txt), which the dumpsys
// modules split into services; only that entry is inflated, within bounds. A vendor's archive
// around a bugreport zip is opened through the one inside.
import fs from 'node:fs';
import path from 'node:path';
import { isFile } from '../../core/index.ts';
import { ArtifactNotFound } from '../errors.ts';
import { fsSource, requireFolder } from './fs.ts';
import { privateTempDir, removeTempDir } from '../temp.ts';
import { extractZip, extractZipEntry } from './zip-extract.ts';
import type { ArtifactSource } from './types.ts';
import { openZip, ZipError, zipFileEntries } from './zip.ts';
import { safeEntryPath } from './tar.ts';

/** `backupPassword`: the password of its backup.ab, if the phone's owner set one. */
export function androidqfSource(root: string, backupPassword?: string): ArtifactSource {
  requireFolder(root, 'AndroidQF collection folder');
  const source = fsSource(root);
  return { ...source, kind: 'androidqf', backupPassword, spec: { kind: 'androidqf', root: source.root, backupPassword } };
}

/**
 * A zipped collection: AndroidQF's folder (named by the acquisition's UUID) inside a zip. It is
 * unpacked into a folder of that name, so that file paths read as MVT gives them; a zip of the
 * files alone unpacks into a folder named as the zip is.
 */
export async function androidqfZipSource(zipFile: string, backupPassword?: string): Promise<ArtifactSource & { cleanup(): void }> {
  const tmp = privateTempDir('vigil-androidqf-');
  try {
    const stem = path.basename(zipFile).replace(/\.zip$/i, '');
    const into = path.join(tmp, stem === '' || stem === '.' || stem === '..' ? 'collection' : stem);
    fs.mkdirSync(into);
    await extractZip(zipFile, into);
    const top = fs.readdirSync(into, { withFileTypes: true });
    const root = top.length === 1 && top[0].isDirectory() ? path.join(into, top[0].name) : into;
    const inner = androidqfSource(root, backupPassword);
    return { ...inner, root: path.resolve(zipFile), unpackedInto: root, cleanup: () => removeTempDir(tmp) };
  } catch (e) {
    removeTempDir(tmp);
    throw e;
  }
}

/** An AndroidQF collection, its folder or that folder zipped. */
export function openAndroidQF(target: string, backupPassword?: string): ArtifactSource | Promise<ArtifactSource> {
  if (isFile(target)) return androidqfZipSource(target, backupPassword);
  return androidqfSource(target, backupPassword);
}

/**
 * An Android backup as MVT's check-backup takes it: a backup.ab file, or the folder it was
 * extracted to (apps/…). `backupPassword`: the password of an encrypted backup.ab.
 */
export function androidBackupSource(target: string, backupPassword?: string): ArtifactSource {
  if (!fs.existsSync(target)) throw new ArtifactNotFound('Android backup (backup.ab or its extracted folder)', target);
  if (fs.statSync(target).isDirectory()) return { ...fsSource(target), kind: 'android-backup', backupPassword, spec: undefined };
  return { kind: 'android-backup', root: path.resolve(target), backupPassword, file: () => undefined, find: () => [] };
}

const DUMPSTATE_TEXT = /(^|\/)(bugreport|dumpstate)[^/]*\.txt$/;

/** The dumpstate text of a bugreport zip. */
export function bugreportText(zipFile: string): string {
  const zip = openZip(zipFile);
  const byName = new Map(zip.entries.filter((e) => safeEntryPath(e.name)).map((e) => [e.name, e]));
  const main = byName.get('main_entry.txt');
  const named = main ? zip.read(main, 4096).toString('utf8').trim() : undefined;
  const entry = (named && byName.get(named)) ?? [...byName.values()].filter((e) => DUMPSTATE_TEXT.test(e.name)).sort((a, b) => b.size - a.size)[0];
  if (!entry) throw new ZipError(zipFile, 'no dumpstate text (main_entry.txt or bugreport-*.txt): is this an Android bugreport?');
  return zip.read(entry).toString('utf8');
}

/**
 * A bugreport zip, or a vendor's archive around one: MIUI and HyperOS hand out a zip of app logs
 * with the real bugreport-<device>-<time>.zip inside. When the archive holds no dumpstate text of
 * its own, its bugreport-*.zip (the largest, if several) is unpacked within bounds into a private
 * temporary folder and read instead, as MVT now does; read as the outer archive, every module
 * would find nothing. A bugreport that has its own text is read as it is, whatever it attaches.
 */
export async function openBugreport(zipFile: string): Promise<ArtifactSource & { text(): string }> {
  const outer = bugreportSource(zipFile);
  const entries = zipFileEntries(zipFile).filter((e) => safeEntryPath(e.name));
  // Its own dumpstate sits at its top; a vendor's logs may hold other dumpstate_*.txt further down.
  if (entries.some((e) => !e.name.includes('/') && (e.name === 'main_entry.txt' || DUMPSTATE_TEXT.test(e.name)))) return outer;
  const nested = entries.filter((e) => /(^|\/)bugreport[^/]*\.zip$/i.test(e.name)).sort((a, b) => b.size - a.size)[0];
  if (!nested) return outer;
  const tmp = privateTempDir('vigil-bugreport-');
  try {
    const inner = path.join(tmp, path.basename(nested.name));
    await extractZipEntry(zipFile, nested, inner);
    return { ...bugreportSource(inner), root: path.resolve(zipFile), unpackedInto: inner, cleanup: () => removeTempDir(tmp) };
  } catch (e) {
    removeTempDir(tmp);
    throw e;
  }
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
