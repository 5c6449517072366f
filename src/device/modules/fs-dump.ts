// Modules only a filesystem dump can feed, as MVT's check-fs runs them: every file and folder of
// the dump with its modification time (paths against file indicators, and any part of a path
// named like a spyware process, as Pegasus's roleaccountd staging folders were), and the website
// folders WebKit keeps per app (IndexedDB, LocalStorage, SafariViewService), whose names are origins.
import fs from 'node:fs';
import path from 'node:path';
import type { Match } from '../../indicators/index.ts';
import { ArtifactNotFound } from '../errors.ts';
import { mvtTimeOfStatNs } from '../time.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { DeviceModule, Result } from '../types.ts';
import { highAtMost, matchAlerts } from './common.ts';

/** Python's st_mtime of an entry as MVT writes it, its link not followed. */
const mtimeOf = (p: string): string | null => mvtTimeOfStatNs(fs.lstatSync(p, { bigint: true }).mtimeNs);

/**
 * Every entry under `root` in os.walk's order (a folder's subfolders, then its other entries, then
 * each subfolder's tree), names sorted so that two runs agree. Links are listed, never followed;
 * an entry that cannot be read is left out, as MVT leaves it.
 */
export function* walkDump(root: string): Generator<{ path: string; modified: string | null }> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      continue;
    }
    const dirs = names.filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
    const others = names.filter((e) => !e.isDirectory()).map((e) => path.join(dir, e.name));
    for (const p of [...dirs, ...others]) {
      let modified: string | null;
      try {
        modified = mtimeOf(p);
      } catch {
        continue;
      }
      yield { path: path.relative(root, p), modified };
    }
    // Popped last first: the first subfolder's tree comes next.
    for (let i = dirs.length - 1; i >= 0; i--) pending.push(dirs[i]);
  }
}

export const filesystem: DeviceModule = {
  slug: 'filesystem',
  description: 'every file and folder of a filesystem dump, with its modification time',
  sources: ['fs'],
  extract({ source }) {
    // A folder without the phone's private/var is not a dump: listing it would make any folder
    // look checked (and clean) to the rest of the check.
    if (!['private/var', 'var'].some((p) => dumpFolders(source.root, p).length > 0)) {
      throw new ArtifactNotFound('private/var (the root of an iOS filesystem dump)', source.root);
    }
    return [...walkDump(source.root)];
  },
  check(records, { index }) {
    // Folder names repeat across a dump: each is looked up once.
    const asProcess = new Map<string, Match[]>();
    const processIn = (part: string) => asProcess.get(part) ?? asProcess.set(part, index.exactOf('process', part)).get(part)!;
    return records.flatMap((r) => {
      const p = String(r.path);
      const time = r.modified as string | null;
      // The record's path is relative to the dump (MVT's); indicators name paths from the phone's root.
      const alerts = matchAlerts('filesystem', r, time, index.filePath(`/${p}`), 'file');
      const named = p.split('/').flatMap((part) => (part ? processIn(part) : []));
      alerts.push(...matchAlerts('filesystem', r, time, named.slice(0, 1), `in the path /${p}, process name`));
      // MVT rates both HIGH: a name on disk, not the thing running.
      return highAtMost(alerts);
    });
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.modified as string | null, module: 'filesystem', event: 'entry_modified', data: String(r.path) })),
};

/** Folders of the dump matching a pattern of path segments ('*' is any one name); links not followed. */
export function dumpFolders(root: string, pattern: string): string[] {
  let found = [root];
  for (const seg of pattern.split('/').filter(Boolean)) {
    found = found.flatMap((dir) => {
      if (seg !== '*') {
        const p = path.join(dir, seg);
        return fs.existsSync(p) && fs.lstatSync(p).isDirectory() ? [p] : [];
      }
      try {
        return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)).sort();
      } catch {
        return [];
      }
    });
  }
  return found;
}

/** MVT's WebKit record of each entry named after an origin (`https_example.com_0`): the folder, the origin's URL, the folder's time. */
export function webkitOrigins(source: ArtifactSource, pattern: string, what: string): Result[] {
  const folders = dumpFolders(source.root, pattern);
  if (folders.length === 0) throw new ArtifactNotFound(what);
  return folders.flatMap((folder) => {
    const isodate = mtimeOf(folder);
    return fs
      .readdirSync(folder)
      .sort()
      .filter((name) => name.startsWith('http'))
      .map((name) => ({ folder: path.relative(source.root, folder), url: name.replace('http_', 'http://').replace('https_', 'https://').split('_')[0], isodate }));
  });
}

const APP_DATA = 'private/var/mobile/Containers/Data/Application/*';

function webkitFolderModule(slug: string, what: string, pattern: string, event: string, data: (r: Result) => string | undefined): DeviceModule {
  return {
    slug,
    description: `sites that kept ${what} in an app's WebKit data`,
    sources: ['fs'],
    extract: ({ source }) => webkitOrigins(source, pattern, `WebKit ${what} folders`),
    check: (records, { index }) => records.flatMap((r) => matchAlerts(slug, r, r.isodate as string | null, index.url(String(r.url)), 'site')),
    // MVT's SafariViewService module gives no timeline rows.
    timeline: (records) => records.flatMap((r) => {
      const text = data(r);
      return text === undefined ? [] : [{ timestamp: r.isodate as string | null, module: slug, event, data: text }];
    }),
  };
}

export const webkitIndexedDb = webkitFolderModule('webkit_indexeddb', 'IndexedDB databases', `${APP_DATA}/Library/WebKit/WebsiteData/IndexedDB`, 'webkit_indexeddb', (r) => `IndexedDB folder ${r.folder} containing file for URL ${r.url}`);
export const webkitLocalStorage = webkitFolderModule('webkit_local_storage', 'local storage', `${APP_DATA}/Library/WebKit/WebsiteData/LocalStorage`, 'webkit_local_storage', (r) => `WebKit Local Storage folder ${r.folder} containing file for URL ${r.url}`);
export const webkitSafariViewService = webkitFolderModule('webkit_safari_view_service', 'website data in SafariViewService', `${APP_DATA}/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData`, '', () => undefined);
