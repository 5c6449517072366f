// iOS modules over property lists: per-process network baselines (OSAnalyticsADDaily), apps that
// asked for location (locationd clients.plist), configuration-profile events (MCProfileEvents),
// and installed applications (the backup's Info.plist, or iTunesMetadata.plist in a dump).
import fs from 'node:fs';
import path from 'node:path';
import { parseUtc } from '../../core/index.ts';
import { mvtTimeOfDate } from '../time.ts';
import { ArtifactNotFound } from '../errors.ts';
import { parsePlist } from '../plist.ts';
import { appleTime } from '../sqlite.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dictOf, highAtMost, isoOfDate, locate, matchAlerts } from './common.ts';

const readPlist = (file: string, where: string) => dictOf(parsePlist(fs.readFileSync(file), where));

export const osanalyticsAddaily: DeviceModule = {
  slug: 'osanalytics_addaily',
  description: 'network use by process, daily baseline (com.apple.osanalytics.addaily.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /^HomeDomain-Library\/Preferences\/com\.apple\.osanalytics\.addaily\.plist$/, /\/com\.apple\.osanalytics\.addaily\.plist$/, 'com.apple.osanalytics.addaily.plist').flatMap((f) =>
      Object.entries(dictOf(readPlist(f.file, f.path).netUsageBaseline)).map(([proc, v]) => {
        const a = Array.isArray(v) ? v : [];
        return { package: proc, ts: isoOfDate(a[0]), wifi_in: a[1] ?? null, wifi_out: a[2] ?? null, wwan_in: a[3] ?? null, wwan_out: a[4] ?? null } as Result;
      }));
  },
  check: (records, { index }) => records.flatMap((r) => matchAlerts('osanalytics_addaily', r, r.ts as string | null, index.process(String(r.package)), 'process')),
  timeline: (records) => records.map((r) => ({ timestamp: r.ts as string | null, module: 'osanalytics_addaily', event: 'osanalytics_addaily', data: `${r.package} WIFI IN: ${r.wifi_in}, WIFI OUT: ${r.wifi_out} - WWAN IN: ${r.wwan_in}, WWAN OUT: ${r.wwan_out}` })),
};

const LOCATION_TIMES = ['ConsumptionPeriodBegin', 'ReceivingLocationInformationTimeStopped', 'VisitTimeStopped', 'LocationTimeStopped', 'BackgroundLocationTimeStopped', 'SignificantTimeStopped', 'NonPersistentSignificantTimeStopped', 'FenceTimeStopped', 'BeaconRegionTimeStopped'];

export const locationdClients: DeviceModule = {
  slug: 'locationd_clients',
  description: 'apps and daemons that used location (locationd clients.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    return locate(source, /^RootDomain-Library\/Caches\/locationd\/clients\.plist$/, /\/Library\/Caches\/locationd\/clients\.plist$/, 'locationd clients.plist').flatMap((f) =>
      Object.entries(readPlist(f.file, f.path)).flatMap(([key, v]) => {
        const d = dictOf(v);
        if (Object.keys(d).length === 0) return [];
        const r: Result = { package: key.replace(/:+$/, '') };
        for (const [k, x] of Object.entries(d)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') r[k] = LOCATION_TIMES.includes(k) ? appleTime(x) : x;
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
      const events = readPlist(f.file, f.path).ProfileEvents;
      return (Array.isArray(events) ? events : []).flatMap((e) => Object.entries(dictOf(e)).map(([profileId, v]) => {
        const d = dictOf(v);
        return { profile_id: profileId, timestamp: isoOfDate(d.timestamp), operation: typeof d.operation === 'string' ? d.operation : '', process: typeof d.process === 'string' ? d.process : '' } as Result;
      }));
    });
  },
  check(records, { index }) {
    return records.flatMap((r) => {
      const m = [...matchAlerts('profile_events', r, r.timestamp as string | null, index.process(String(r.process)), 'process'), ...matchAlerts('profile_events', r, r.timestamp as string | null, index.match(String(r.profile_id), 'profile_id'), 'profile')];
      // Every profile operation is worth a look: spyware installed profiles to keep a foothold.
      return m.length > 0 ? m : [{ level: 'LOW', module: 'profile_events', message: `process ${r.process} started operation ${r.operation} of profile ${r.profile_id}`, event_time: r.timestamp as string | null, event: r, matched_indicator: null } as Alert];
    });
  },
  timeline: (records) => records.map((r) => ({ timestamp: r.timestamp as string | null, module: 'profile_events', event: 'profile_operation', data: `Process ${r.process} started operation ${r.operation} of profile ${r.profile_id}` })),
};

const KNOWN_INSTALLERS = new Set(['com.apple.AppStore', 'com.apple.AppStore.ProductPageExtension', 'com.apple.dmd', 'dmd']);

function appRecord(meta: Record<string, unknown>, extra: Result): Result {
  const purchase = dictOf(meta['com.apple.iTunesStore.downloadInfo']).purchaseDate;
  const keep = ['softwareVersionBundleId', 'itemName', 'artistName', 'bundleShortVersionString', 'sourceApp', 'itemId'];
  return { ...extra, ...Object.fromEntries(keep.filter((k) => meta[k] !== undefined).map((k) => [k, meta[k]])), isodate: typeof purchase === 'string' ? mvtTimeOfDate(new Date(parseUtc(purchase))) : null };
}

export const applications: DeviceModule = {
  slug: 'applications',
  description: 'installed applications and where they came from (Info.plist, iTunesMetadata.plist)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    if (source.kind === 'backup') {
      const info = path.join(source.root, 'Info.plist');
      if (!fs.existsSync(info)) throw new ArtifactNotFound('Info.plist', source.root);
      return Object.entries(dictOf(readPlist(info, 'Info.plist').Applications)).map(([name, v]) => {
        const raw = dictOf(v).iTunesMetadata;
        return appRecord(Buffer.isBuffer(raw) ? dictOf(parsePlist(raw, `Info.plist ${name}`)) : {}, { name });
      });
    }
    return locate(source, /$^/, /\/Bundle\/Application\/[^/]+\/iTunesMetadata\.plist$/, 'iTunesMetadata.plist').map((f) => appRecord(readPlist(f.file, f.path), { file_path: f.path }));
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const id = r.softwareVersionBundleId;
      if (typeof id !== 'string') return [{ level: 'MEDIUM', module: 'applications', message: `application ${r.name ?? r.file_path} has no bundle id`, event_time: null, event: r, matched_indicator: null }];
      const m = matchAlerts('applications', r, r.isodate as string | null, [...index.process(id), ...index.exactOf('app_id', id)], 'application');
      if (m.length > 0) return m;
      const from = typeof r.sourceApp === 'string' ? r.sourceApp : 'com.apple.AppStore';
      return KNOWN_INSTALLERS.has(from) ? [] : [{ level: 'MEDIUM', module: 'applications', message: `${id} was not installed from the App Store or by MDM (source ${from})`, event_time: r.isodate as string | null, event: r, matched_indicator: null }];
    });
  },
  timeline: (records) => records.filter((r) => r.isodate).map((r) => ({ timestamp: r.isodate as string, module: 'applications', event: 'app_installed', data: `App ${r.itemName ?? r.name ?? ''} version ${r.bundleShortVersionString ?? ''} from ${r.artistName ?? ''} installed from ${r.sourceApp ?? ''}` })),
};
