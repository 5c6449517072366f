// iOS modules over two preference lists MVT reads in backups and dumps alike: the identity
// services' lookup cache (idstatuscache.plist: every iMessage and FaceTime address the phone looked
// up, where Amnesty found the iMessage accounts Pegasus attacked from), and the global preferences
// (whether Lockdown Mode, Apple's protection against mercenary spyware, is on); and the device a
// backup came from (its Info.plist).
import { mvtTimeOfApple, mvtTimeOfDate } from '../time.ts';
import type { PlistValue } from '../plist.ts';
import { pythonJson } from '../python-values.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { LATEST_LISTED_IOS, outdatedIos } from '../ios-builds.ts';
import { backupInfoPlist, dictOf, heuristic, locate, matchAlerts, oneDictionary, readPlistDict } from './common.ts';

/** The lookups of one idstatuscache.plist: per service (package), each address with its status and time. */
export function idStatusEntries(plist: Record<string, unknown>): Result[] {
  const entries: Result[] = [];
  for (const [pkg, lookups] of Object.entries(plist)) {
    for (const [user, v] of Object.entries(dictOf(lookups))) {
      const entry = dictOf(v);
      // MVT skips an entry that lacks either key.
      if (!('LookupDate' in entry) || !('IDStatus' in entry)) continue;
      const when = entry.LookupDate instanceof Date ? mvtTimeOfDate(entry.LookupDate) : mvtTimeOfApple(entry.LookupDate);
      // MVT writes a NUL in an address as the four characters \x00.
      entries.push({ package: pkg, user: user.replaceAll('\x00', '\\x00'), isodate: when, idstatus: pythonJson(entry.IDStatus as PlistValue) });
    }
  }
  const counts = new Map<unknown, number>();
  for (const e of entries) counts.set(e.user, (counts.get(e.user) ?? 0) + 1);
  for (const e of entries) e.occurrences = counts.get(e.user);
  return entries;
}

export const idStatusCache: DeviceModule = {
  slug: 'id_status_cache',
  description: 'iMessage and FaceTime addresses the phone looked up (idstatuscache.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    const found = locate(
      source,
      /^HomeDomain-Library\/Preferences\/com\.apple\.identityservices\.idstatuscache\.plist$/,
      /^\/private\/var\/mobile\/Library\/(Preferences\/com\.apple\.identityservices\.idstatuscache|IdentityServices\/idstatuscache)\.plist$/,
      'idstatuscache.plist',
    );
    // As MVT: each file's entries counted on their own.
    return found.flatMap((f) => idStatusEntries(readPlistDict(f.file, f.path)));
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const user = String(r.user ?? '');
      // MVT checks mailto: addresses against email indicators; vigil also checks tel: numbers
      // against account and phone indicators, as its calls module does.
      const hits = user.startsWith('mailto:')
        ? matchAlerts('id_status_cache', r, r.isodate as string | null, index.match(user.slice(7).replace(/^'+|'+$/g, ''), 'email'), 'looked-up address')
        : user.startsWith('tel:')
          ? matchAlerts('id_status_cache', r, r.isodate as string | null, index.match(user.slice(4), 'account'), 'looked-up number')
          : [];
      if (hits.length > 0) return hits;
      return user.includes('\\x00\\x00') ? [heuristic('id_status_cache', 'HIGH', `Found an ID Status Cache entry with suspicious patterns: ${user}`, r, r.isodate as string | null)] : [];
    });
  },
  timeline: (records) =>
    records.map((r) => ({ timestamp: r.isodate as string | null, module: 'id_status_cache', event: 'lookup', data: `Lookup of ${r.user} within ${r.package} (Status ${r.idstatus})` })),
};

export const globalPreferences: DeviceModule = {
  slug: 'global_preferences',
  description: 'global preferences, and whether Lockdown Mode is on (.GlobalPreferences.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    const [f] = locate(source, /^HomeDomain-Library\/Preferences\/\.GlobalPreferences\.plist$/, /^\/private\/var\/mobile\/Library\/Preferences\/\.GlobalPreferences\.plist$/, '.GlobalPreferences.plist');
    return Object.entries(readPlistDict(f.file, f.path)).map(([entry, value]) => ({ entry, value: pythonJson(value as PlistValue) }));
  },
  check(records) {
    // As MVT: said only where the phone stored the setting; absent, nothing is known.
    return records
      .filter((r) => r.entry === 'LDMGlobalEnabled')
      .map((r) => (r.value ? heuristic('global_preferences', 'INFORMATIONAL', 'Lockdown mode enabled', r) : heuristic('global_preferences', 'LOW', 'Lockdown mode disabled', r)));
  },
  // MVT gives no timeline rows for these preferences.
  timeline: () => [],
};

/** The device fields MVT keeps from a backup's Info.plist, in its order. */
const BACKUP_INFO_FIELDS = ['Build Version', 'Device Name', 'Display Name', 'GUID', 'ICCID', 'IMEI', 'MEID', 'Installed Applications', 'Last Backup Date', 'Phone Number', 'Product Name', 'Product Type', 'Product Version', 'Serial Number', 'Target Identifier', 'Target Type', 'Unique Identifier', 'iTunes Version'];

export const backupInfo: DeviceModule = {
  slug: 'backup_info',
  description: 'the device and the backup: model, iOS version, phone number, serial (Info.plist)',
  sources: ['backup'],
  extract({ source, note }) {
    const info = backupInfoPlist(source);
    // MVT's warning, as a note: an outdated iOS lacks fixes for exploits used against such phones.
    const version = info['Product Version'];
    if (typeof version === 'string' && outdatedIos(version)) note?.(`this phone runs an outdated iOS version: ${version} (the latest vigil's list of releases knows is ${LATEST_LISTED_IOS})`);
    // One record; a field the phone did not write is null, as MVT keeps it.
    return [Object.fromEntries(BACKUP_INFO_FIELDS.map((k) => [k, k in info ? pythonJson(info[k] as PlistValue) : null]))];
  },
  ...oneDictionary,
  // Context for the analyst, as in MVT: nothing to match, no time to place.
  check: () => [],
  timeline: () => [],
};
