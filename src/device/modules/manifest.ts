// The backup's Manifest: every file's domain and path, checked for indicator file names, file
// paths, and domain names inside paths (web caches and cookies are stored under the site's name).
import { canonicalDomain } from '../../indicators/index.ts';
import type { DeviceModule } from '../types.ts';
import { matchAlerts } from './common.ts';
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
    return entries.map((e) => ({ domain: e.domain, relative_path: e.relativePath, file_id: e.fileID, flags: e.flags }));
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
      return alerts;
    });
  },
  timeline: () => [],
};
