// iOS modules over property lists: per-process network baselines (OSAnalyticsADDaily), apps that
// asked for location (locationd clients.plist), configuration-profile events (MCProfileEvents),
// and installed applications (the backup's Info.plist, or iTunesMetadata.plist in a dump).
import { createHash } from 'node:crypto';
import { parseUtc } from '../../core/index.ts';
import { mvtTimeOfApple, mvtTimeOfDate } from '../time.ts';
import { isPlistDict, parsePlist, type PlistValue } from '../plist.ts';
import { base64Of, pythonJson } from '../python-values.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { backupInfoPlist, dictOf, heuristic, highAtMost, locate, matchAlerts, readPlistDict } from './common.ts';

export const osanalyticsAddaily: DeviceModule = {
  slug: 'os_analytics_ad_daily',
  description: 'network use by process, daily baseline (com.apple.osanalytics.addaily.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /^HomeDomain-Library\/Preferences\/com\.apple\.osanalytics\.addaily\.plist$/, /\/com\.apple\.osanalytics\.addaily\.plist$/, 'com.apple.osanalytics.addaily.plist').flatMap((f) =>
      Object.entries(dictOf(readPlistDict(f.file, f.path).netUsageBaseline)).map(([proc, v]) => {
        const a = Array.isArray(v) ? v : [];
        return { package: proc, ts: mvtTimeOfDate(a[0]), wifi_in: a[1] ?? null, wifi_out: a[2] ?? null, wwan_in: a[3] ?? null, wwan_out: a[4] ?? null } as Result;
      }));
  },
  check: (records, { index }) => records.flatMap((r) => matchAlerts('os_analytics_ad_daily', r, r.ts as string | null, index.process(String(r.package)), 'process')),
  timeline: (records) => records.map((r) => ({ timestamp: r.ts as string | null, module: 'os_analytics_ad_daily', event: 'osanalytics_addaily', data: `${r.package} WIFI IN: ${r.wifi_in}, WIFI OUT: ${r.wifi_out} - WWAN IN: ${r.wwan_in}, WWAN OUT: ${r.wwan_out}` })),
};

const LOCATION_TIMES = ['ConsumptionPeriodBegin', 'ReceivingLocationInformationTimeStopped', 'VisitTimeStopped', 'LocationTimeStopped', 'BackgroundLocationTimeStopped', 'SignificantTimeStopped', 'NonPersistentSignificantTimeStopped', 'FenceTimeStopped', 'BeaconRegionTimeStopped'];

export const locationdClients: DeviceModule = {
  slug: 'locationd_clients',
  description: 'apps and daemons that used location (locationd clients.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /^RootDomain-Library\/Caches\/locationd\/clients\.plist$/, /\/Library\/Caches\/locationd\/clients\.plist$/, 'locationd clients.plist').flatMap((f) =>
      Object.entries(readPlistDict(f.file, f.path)).flatMap(([key, v]) => {
        // MVT's record: the client's whole entry (times as MVT writes them, the storage token in
        // base64), then its name; entries that are not dictionaries (migration counters) are skipped.
        if (!isPlistDict(v)) return [];
        const r: Result = {};
        for (const [k, x] of Object.entries(v)) r[k] = LOCATION_TIMES.includes(k) ? (mvtTimeOfApple(x) ?? '') : pythonJson(k === 'ClientStorageToken' ? base64Of(x) : x);
        r.package = key.replace(/:+$/, '');
        return [r];
      }));
  },
  check(records, { index }) {
    // A location client is matched by its process name, bundle id, or the paths of its bundle and executable.
    return records.flatMap((r): Alert[] => {
      const proc = String(r.package).split('/').pop() ?? '';
      const hits = [...index.process(proc), ...(typeof r.BundleId === 'string' ? index.process(r.BundleId) : [])];
      for (const k of ['BundlePath', 'Executable', 'Registered']) if (typeof r[k] === 'string') hits.push(...index.filePath(r[k] as string));
      return highAtMost(matchAlerts('locationd_clients', r, null, hits, `location client ${r.package}:`));
    });
  },
  timeline: (records) => records.flatMap((r) => LOCATION_TIMES.filter((t) => typeof r[t] === 'string').map((t) => ({ timestamp: r[t] as string, module: 'locationd_clients', event: t, data: `${t} from ${r.package}` }))),
};

export const profileEvents: DeviceModule = {
  slug: 'profile_events',
  description: 'installations and removals of configuration profiles (MCProfileEvents.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /-Library\/ConfigurationProfiles\/MCProfileEvents\.plist$/, /\/ConfigurationProfiles\/MCProfileEvents\.plist$/, 'MCProfileEvents.plist').flatMap((f) => {
      const events = readPlistDict(f.file, f.path).ProfileEvents;
      // MVT's record: the profile, then every key of its event, lower-cased, the time as MVT writes it.
      return (Array.isArray(events) ? events : []).flatMap((e) => Object.entries(dictOf(e)).slice(0, 1).map(([profileId, v]) => {
        const r: Result = { profile_id: profileId, timestamp: '', operation: '', process: '' };
        for (const [k, x] of Object.entries(dictOf(v))) {
          const key = k.toLowerCase();
          r[key] = key === 'timestamp' ? (mvtTimeOfDate(x) ?? '') : pythonJson(x as PlistValue);
        }
        return r;
      }));
    });
  },
  check(records, { index }) {
    // Every profile operation is worth a look, as MVT says (spyware installed profiles to keep a
    // foothold); then a matching process, or else a matching profile, is critical.
    const time = (r: Result) => (r.timestamp ? (r.timestamp as string) : null);
    const low = records.map((r) => heuristic('profile_events', 'LOW', `On ${r.timestamp} process "${r.process}" started operation "${r.operation}" of profile "${r.profile_id}"`, r, time(r)));
    return [...low, ...records.flatMap((r) => {
      const byProcess = matchAlerts('profile_events', r, time(r), index.process(String(r.process)), 'process');
      return byProcess.length > 0 ? byProcess : matchAlerts('profile_events', r, time(r), index.match(String(r.profile_id), 'profile_id'), 'profile');
    })];
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.timestamp as string, module: 'profile_events', event: 'profile_operation', data: `Process ${r.process} started operation ${r.operation} of profile ${r.profile_id}` })),
};

const KNOWN_INSTALLERS = new Set(['com.apple.AppStore', 'com.apple.AppStore.ProductPageExtension', 'com.apple.dmd', 'dmd']);

/** MVT's record of an app: its whole iTunesMetadata (after the app's name in a backup, before the file's path in a dump), the purchase time as isodate when there is one. */
function appRecord(meta: Record<string, PlistValue>, before: Result, after: Result = {}): Result {
  const purchase = dictOf(meta['com.apple.iTunesStore.downloadInfo']).purchaseDate;
  const isodate = typeof purchase === 'string' ? mvtTimeOfDate(new Date(parseUtc(purchase))) : mvtTimeOfDate(purchase);
  return { ...before, ...(pythonJson(meta) as Result), ...after, ...(isodate ? { isodate } : {}) };
}

export const applications: DeviceModule = {
  slug: 'applications',
  description: 'installed applications and where they came from (Info.plist, iTunesMetadata.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    if (source.kind === 'backup') {
      return Object.entries(dictOf(backupInfoPlist(source).Applications)).map(([name, v]) => {
        const app = dictOf(v);
        const raw = app.iTunesMetadata;
        const r = appRecord(Buffer.isBuffer(raw) ? (dictOf(parsePlist(raw, `Info.plist ${name}`)) as Record<string, PlistValue>) : {}, { name });
        // MVT fingerprints the icon a half-installed app shows.
        if (Buffer.isBuffer(app.PlaceholderIcon)) r.icon_sha256 = createHash('sha256').update(app.PlaceholderIcon).digest('hex');
        return r;
      });
    }
    return locate(source, /$^/, /\/Bundle\/Application\/[^/]+\/iTunesMetadata\.plist$/, 'iTunesMetadata.plist').map((f) => appRecord(readPlistDict(f.file, f.path) as Record<string, PlistValue>, {}, { file_path: f.path }));
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const id = r.softwareVersionBundleId;
      if (typeof id !== 'string') return [heuristic('applications', 'HIGH', `application ${r.name ?? r.file_path} has no bundle id (softwareVersionBundleId), as no store app lacks one`, r)];
      const m = matchAlerts('applications', r, (r.isodate as string | undefined) ?? null, [...index.process(id), ...index.exactOf('app_id', id)], 'application');
      if (m.length > 0) return m;
      const from = typeof r.sourceApp === 'string' ? r.sourceApp : 'com.apple.AppStore';
      return KNOWN_INSTALLERS.has(from) ? [] : [heuristic('applications', 'MEDIUM', `${id} was not installed from the App Store or by MDM (source ${from})`, r, (r.isodate as string | undefined) ?? null)];
    });
  },
  timeline: (records) => records.filter((r) => 'isodate' in r).map((r) => ({ timestamp: r.isodate as string, module: 'applications', event: 'app_installed', data: `App ${r.name ?? ''} version ${r.bundleShortVersionString ?? ''} from ${r.artistName ?? ''} installed from ${r.sourceApp ?? ''}` })),
};
