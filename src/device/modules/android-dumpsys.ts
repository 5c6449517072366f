// Modules over `dumpsys` output (bugreports, and AndroidQF collections): installed packages with
// installers and permissions, broadcast receivers (who intercepts SMS and calls), app ops, battery
// history (which apps ran) and daily updates (uninstalls, downgrades), database operations by
// process, accessibility services. Settings are in android-settings.ts.
import { accessibilityState, parseAccessibility, type AccessibilityRecord } from '../android/parse-accessibility.ts';
import { parseAppops, parseBatteryHistory } from '../android/parse-dumpsys.ts';
import { parseResolverTable } from '../android/parse-resolvers.ts';
import { parseBatteryDaily, parseDbinfo, parsePlatformCompat, uninstallsAndDowngrades, type DailyUpdate } from '../android/parse-dumpsys-history.ts';
import { grantedPermissions, parseDumpsysPackages, type DumpsysPackage } from '../android/parse-packages.ts';
import type { MatchIndex } from '../../indicators/index.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dumpsysSection, installerFinding, ROOT_PACKAGES, SURVEILLANCE_PERMISSIONS } from './android-common.ts';
import { fromListsByKey, heuristic, matchAlerts } from './common.ts';

const SOURCES: DeviceModule['sources'] = ['androidqf', 'bugreport'];
/** Android's own and the big vendors' packages: their receivers and services are expected. */
const isPlatformPackage = (pkg: string) => /^(android|com\.android|com\.google\.android|com\.samsung\.android)(\.|$)/.test(pkg);

/** A module's extract step: `parse` over the section of one dumpsys service. */
const fromSection = (service: string, parse: (text: string) => object[]): DeviceModule['extract'] => ({ source }) => parse(dumpsysSection(source, service)) as Result[];

/** Alerts for a record's package against app-id indicators. */
const appAlerts = (module: string, r: Result, time: string | null, index: MatchIndex, what: string) => matchAlerts(module, r, time, index.exactOf('app_id', r.package_name as string), what);

/** `alerts`, whose match some of MVT's modules also write into the record (its `matched_indicator` key). */
function matchIntoRecord(r: Result, alerts: Alert[]): Alert[] {
  if (alerts.length > 0) r.matched_indicator = alerts[0].matched_indicator;
  return alerts;
}

export const dumpsysPackages: DeviceModule = {
  slug: 'dumpsys_packages',
  description: 'installed packages, installers and permissions (dumpsys package)',
  sources: SOURCES,
  extract: fromSection('package', parseDumpsysPackages),
  check(records, { index }) {
    const out: Alert[] = [];
    const rootSeen = new Set<string>();
    for (const r of records) {
      const name = r.package_name as string;
      const t = (r.timestamp as string) || null;
      // MVT's: a rooting app MEDIUM, once per package.
      if (ROOT_PACKAGES.has(name) && !rootSeen.has(name)) {
        rootSeen.add(name);
        out.push(heuristic('dumpsys_packages', 'MEDIUM', `${name} is a rooting app: the phone's protections may be off`, r, t));
      }
      out.push(...appAlerts('dumpsys_packages', r, t, index, 'app'));
      const found = installerFinding(r.installer as string | null, r.system === true);
      if (!found) continue;
      const watching = [...new Set([...(r.requested_permissions as string[]), ...grantedPermissions(r as unknown as DumpsysPackage)])].filter((p) => SURVEILLANCE_PERMISSIONS.has(p));
      out.push(watching.length >= 3 && found.level !== 'INFORMATIONAL'
        ? heuristic('dumpsys_packages', 'HIGH', `${name} was ${found.how} and asks for ${watching.length} surveillance permissions (${watching.map((p) => p.split('.').pop()).join(', ')})`, r, t)
        : heuristic('dumpsys_packages', found.level, `${name} was ${found.how}`, r, t));
    }
    return out;
  },
  // MVT's rows: install, first install and last update, each when dumpsys gave its time.
  timeline: (records) =>
    records.flatMap((r) =>
      (
        [
          ['package_install', r.timestamp],
          ['package_first_install', r.first_install_time],
          ['package_last_update', r.last_update_time],
        ] as [string, unknown][]
      )
        .filter(([, t]) => typeof t === 'string' && t !== '')
        .map(([event, t]) => ({ timestamp: t as string, module: 'dumpsys_packages', event, data: `Install or update of package ${r.package_name}` })),
    ),
};

const WATCHED_INTENTS: Record<string, string> = {
  'android.provider.Telephony.NEW_OUTGOING_SMS': 'outgoing SMS',
  'android.provider.Telephony.SMS_RECEIVED': 'incoming SMS',
  'android.intent.action.DATA_SMS_RECEIVED': 'incoming data SMS',
  'android.intent.action.PHONE_STATE': 'calls and telephony state',
  'android.intent.action.NEW_OUTGOING_CALL': 'outgoing calls',
};

export const dumpsysReceivers: DeviceModule = {
  slug: 'dumpsys_receivers',
  description: 'broadcast receivers for SMS and calls (dumpsys package)',
  sources: SOURCES,
  // MVT's record of each entry of the receiver resolver table, a list in dumpsys_receivers.json.
  extract: fromSection('package', (text) => parseResolverTable(text, 'Receiver')),
  check(records, { index }) {
    return records.flatMap((r) => {
      const watched = r.resolver_type === 'non_data_action' ? WATCHED_INTENTS[r.key as string] : undefined;
      const m = appAlerts('dumpsys_receivers', r, null, index, `receiver of ${watched ?? r.key} in app`);
      return m.length > 0 || !watched || isPlatformPackage(r.package_name as string) ? m : [heuristic('dumpsys_receivers', 'INFORMATIONAL', `${r.component} receives ${watched}`, r)];
    });
  },
  // Results saved before vigil wrote MVT's list: { intent: [{ package_name, receiver }] }.
  fromJson: (value) =>
    Array.isArray(value)
      ? (value as Result[])
      : fromListsByKey(value, 'key').map((r) => ({ resolver_type: 'non_data_action', key: r.key, package_name: r.package_name, component: r.receiver, filter_count: 1 }) as Result),
  timeline: () => [],
};

type AppopsRecord = { package_name: string; permissions: { name: string; access?: string; entries: { timestamp?: string; access: string }[] }[] };
// MVT's: an app allowed (or refused) to install others, and anything the adb shell did.
const RISKY_PERMISSIONS = new Set(['REQUEST_INSTALL_PACKAGES']);
const RISKY_PACKAGES = new Set(['com.android.shell']);
const byTime = (a: { timestamp?: string }, b: { timestamp?: string }) => ((a.timestamp ?? '') < (b.timestamp ?? '') ? -1 : (a.timestamp ?? '') > (b.timestamp ?? '') ? 1 : 0);

export const dumpsysAppops: DeviceModule = {
  slug: 'dumpsys_appops',
  description: 'app operations and when apps used them (dumpsys appops)',
  sources: SOURCES,
  extract: fromSection('appops', parseAppops),
  // As MVT checks: a MEDIUM for each entry (or the operation, if it has none) of a risky operation
  // or of a risky package, with the record cut to that operation.
  check(records, { index }) {
    return records.flatMap((r) => {
      const { package_name: name, permissions } = r as unknown as AppopsRecord;
      const last = permissions.flatMap((p) => p.entries.map((e) => e.timestamp ?? '')).reduce((a, b) => (b > a ? b : a), '') || null;
      const m = appAlerts('dumpsys_appops', r, last, index, 'app');
      if (m.length > 0) return m;
      return permissions.flatMap((p) => {
        const risky = RISKY_PERMISSIONS.has(p.name);
        if (!risky && !RISKY_PACKAGES.has(name)) return [];
        const entries = p.entries.length > 0 ? [...p.entries].sort(byTime) : [{ access: 'Unknown', timestamp: '' }];
        return entries.map((e) =>
          heuristic('dumpsys_appops', 'MEDIUM', risky ? `Package '${name}' had risky permission '${p.name}' set to '${e.access}' at ${e.timestamp ?? ''}` : `Risky package '${name}' had '${p.name}' permission set to '${e.access}' at ${e.timestamp ?? ''}`, { ...r, permissions: [p] }, e.timestamp || null),
        );
      });
    });
  },
  timeline: (records) => (records as unknown as AppopsRecord[]).flatMap((r) => r.permissions.flatMap((p) => p.entries.filter((e) => e.timestamp).map((e) => ({ timestamp: e.timestamp as string, module: 'dumpsys_appops', event: e.access, data: `${r.package_name} access to ${p.name}: ${e.access}` })))),
};

export const dumpsysBatteryHistory: DeviceModule = {
  slug: 'dumpsys_battery_history',
  description: 'jobs, wakeups and foreground apps (dumpsys batterystats)',
  sources: SOURCES,
  extract: fromSection('batterystats', parseBatteryHistory),
  check: (records, { index }) => records.flatMap((r) => appAlerts('dumpsys_battery_history', r, null, index, `battery history (${r.event}) of app`)),
  timeline: () => [],
};

export const dumpsysAccessibility: DeviceModule = {
  slug: 'dumpsys_accessibility',
  description: 'accessibility services: installed, enabled, bound, per user (dumpsys accessibility)',
  sources: SOURCES,
  extract: fromSection('accessibility', parseAccessibility),
  check(records, { index }) {
    return (records as unknown as AccessibilityRecord[]).flatMap((r): Alert[] => {
      const event = r as unknown as Result;
      // A count the dump gives without naming the services: what it says is covered, and no more.
      if (!r.component) {
        const stated = r.installed_service_count ?? 0;
        const unnamed = r.unnamed_service_count ?? stated;
        const detail = unnamed === stated ? 'does not list their component names' : `lists the component names of only ${stated - unnamed} of them (${unnamed} unnamed)`;
        return [heuristic('dumpsys_accessibility', 'LOW', `The accessibility dump states ${stated} installed service(s) for user ${r.user_id} but ${detail}`, event)];
      }
      const m = appAlerts('dumpsys_accessibility', event, null, index, 'accessibility service of app');
      if (m.length > 0) return m;
      // An accessibility service reads the screen and acts for the user. One the dump says is off
      // is still reported, below one that runs; a state the dump does not give is not "off".
      const off = r.enabled === false && !r.bound;
      return [heuristic('dumpsys_accessibility', off ? 'LOW' : 'MEDIUM', `Found accessibility service: "${r.component}" (${accessibilityState(r)})`, event)];
    });
  },
  timeline: () => [],
};

export const dumpsysBatteryDaily: DeviceModule = {
  slug: 'dumpsys_battery_daily',
  description: 'daily package updates, uninstalls and downgrades (dumpsys batterystats)',
  sources: SOURCES,
  extract: fromSection('batterystats', parseBatteryDaily),
  check(records, { index }) {
    // MVT's: an uninstall (version 0) or a downgrade, MEDIUM, found in time order; then app ids.
    const found = uninstallsAndDowngrades(records as unknown as DailyUpdate[]).map((r) => heuristic('dumpsys_battery_daily', 'MEDIUM',
      r.action === 'uninstall' ? `Detected uninstall of package ${r.package_name} (vers 0)` : `Detected downgrade of package ${r.package_name} from vers ${r.previous_version_code} to vers ${r.version_code}`,
      r as unknown as Result, r.period_start));
    return [...found, ...records.flatMap((r) => appAlerts('dumpsys_battery_daily', r, null, index, 'daily update of app'))];
  },
  timeline: (records) => (records as unknown as DailyUpdate[]).map((r) => ({
    timestamp: r.period_start,
    module: 'dumpsys_battery_daily',
    event: 'battery_daily',
    data: r.version_code === 0 ? `Recorded uninstall of package ${r.package_name} (vers 0)`
      : r.action === 'downgrade' ? `Recorded downgrade of package ${r.package_name} from vers ${r.previous_version_code ?? 'unknown'} to vers ${r.version_code}`
      : `Recorded update of package ${r.package_name} with vers ${r.version_code}`,
  })),
};

export const dumpsysDbinfo: DeviceModule = {
  slug: 'dumpsys_dbinfo',
  description: "recent operations on apps' databases, by process (dumpsys dbinfo)",
  sources: SOURCES,
  extract: fromSection('dbinfo', parseDbinfo),
  check(records, { index }) {
    // MVT tests each part of the database's path as an app id, and writes the match into the record.
    return records.flatMap((r) => String(r.path ?? '').split('/').flatMap((part) => matchIntoRecord(r, matchAlerts('dumpsys_dbinfo', r, null, index.exactOf('app_id', part), 'database of app'))));
  },
  timeline: () => [],
};

export const dumpsysActivities: DeviceModule = {
  slug: 'dumpsys_activities',
  description: 'activities each intent resolves to (dumpsys package)',
  sources: SOURCES,
  extract: fromSection('package', (text) => parseResolverTable(text, 'Activity')),
  check: (records, { index }) => records.flatMap((r) => appAlerts('dumpsys_activities', r, null, index, 'activity of app')),
  timeline: () => [],
};

export const dumpsysPlatformCompat: DeviceModule = {
  slug: 'dumpsys_platform_compat',
  description: 'uninstalled apps platform_compat remembers (dumpsys platform_compat)',
  sources: SOURCES,
  extract: fromSection('platform_compat', parsePlatformCompat),
  check(records, { index }) {
    // An app removed from the phone but remembered here.
    return records.flatMap((r) => matchIntoRecord(r, appAlerts('dumpsys_platform_compat', r, null, index, 'uninstalled app')));
  },
  timeline: () => [],
};
