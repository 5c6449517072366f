// The backup's Manifest: every file's domain and path, checked for indicator file names, file
// paths, and domain names inside paths (web caches and cookies are stored under the site's name).
import { canonicalDomain } from '../../indicators/index.ts';
import type { DeviceModule, Result } from '../types.ts';
import { parseMBFile } from '../sources/mbfile.ts';
import { highAtMost, macbRows, matchAlerts } from './common.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { ManifestEntry } from '../sources/backup.ts';

const DOMAIN_ROOT: Record<string, string> = {
  HomeDomain: '/private/var/mobile/',
  RootDomain: '/private/var/root/',
  WirelessDomain: '/private/var/wireless/',
  SystemPreferencesDomain: '/private/var/preferences/',
  MediaDomain: '/private/var/mobile/',
  ManagedPreferencesDomain: '/private/var/Managed Preferences/',
};

export const manifest: DeviceModule = {
  slug: 'manifest',
  description: 'every file of the backup (Manifest.db): names, paths, domains in paths',
  sources: ['backup'],
  extract({ source }) {
    const entries = (source as ArtifactSource & { manifest?: ManifestEntry[] }).manifest ?? [];
    // MVT's record: the row, then the file's times, mode (as Python's oct() writes it), owner and size.
    return entries.map((e) => {
      const r: Result = { file_id: e.fileID, domain: e.domain, relative_path: e.relativePath, flags: e.flags, created: '' };
      if (!e.file) return r;
      try {
        const m = parseMBFile(e.file, e.relativePath);
        return { ...r, created: m.birth ?? '', modified: m.lastModified ?? '', status_changed: m.lastStatusChange ?? '', mode: m.mode === undefined ? null : `0o${m.mode.toString(8)}`, owner: m.userId ?? null, size: m.size ?? null };
      } catch {
        // A damaged record keeps the row, as MVT keeps it.
        return r;
      }
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => {
      const rel = String(r.relative_path);
      const root = Object.hasOwn(DOMAIN_ROOT, String(r.domain)) ? DOMAIN_ROOT[String(r.domain)] : '/';
      const alerts = matchAlerts('manifest', r, null, index.filePath(`${root}${rel}`), 'file');
      for (const part of rel.split('/')) {
        const d = part.includes('.') ? canonicalDomain(part.replace(/^(https?_|\.)/, '')) : undefined;
        if (d && !/\.(plist|db|sqlite|sqlitedb|json|png|jpg|dat|log|txt)$/i.test(d)) alerts.push(...matchAlerts('manifest', r, null, index.domain(d), 'domain in a file path'));
      }
      // MVT rates both HIGH: a name in a path, not the thing itself.
      return highAtMost(alerts);
    });
  },
  // MVT's MACB rows: one per distinct time, saying which of modified, changed and born it is.
  timeline: (records) =>
    records.flatMap((r) => ('modified' in r && 'status_changed' in r ? macbRows('manifest', `${r.relative_path} - ${r.domain}`, { m: r.modified, c: r.status_changed, b: r.created }) : [])),
};
