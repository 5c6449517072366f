// Configuration profiles installed on the device (ConfigurationProfiles/*.stub and *.plist):
// their UUIDs and identifiers, checked against configuration-profile indicators (Predator
// installed one).
import fs from 'node:fs';
import { ArtifactNotFound } from '../errors.ts';
import { isPlistDict, parsePlist, type PlistValue } from '../plist.ts';
import type { DeviceModule, Result } from '../types.ts';
import { matchAlerts } from './common.ts';

const str = (v: PlistValue | undefined) => (typeof v === 'string' ? v : null);

export const profiles: DeviceModule = {
  slug: 'configuration_profiles',
  description: 'installed configuration profiles (ConfigurationProfiles)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    const files = source.find(/ConfigurationProfiles\/(profile-[^/]*\.stub|[^/]*\.plist)$/);
    if (files.length === 0) throw new ArtifactNotFound('ConfigurationProfiles');
    return files.flatMap((f) => {
      const p = parsePlist(fs.readFileSync(f.file), f.path);
      if (!isPlistDict(p)) return [];
      const uuid = str(p.PayloadUUID);
      if (!uuid) return [];
      const installed = p.InstallDate instanceof Date ? p.InstallDate.toISOString() : null;
      return [{ isodate: installed, uuid, identifier: str(p.PayloadIdentifier), name: str(p.PayloadDisplayName), organization: str(p.PayloadOrganization), file: f.path } as Result];
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => matchAlerts('configuration_profiles', r, r.isodate as string | null, index.match(String(r.uuid), 'profile_id'), 'configuration profile'));
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'configuration_profiles', event: 'profile_installed', data: `${r.name ?? r.identifier ?? r.uuid}` })),
};
