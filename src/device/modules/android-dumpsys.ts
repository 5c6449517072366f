// Modules over `dumpsys` output (bugreports, and AndroidQF collections): installed packages with
// installers and permissions, broadcast receivers (who intercepts SMS and calls), app ops, battery
// history (which apps ran), and accessibility services.
import { parseAccessibility, parseAppops, parseBatteryHistory, parseReceivers } from '../android/parse-dumpsys.ts';
import { parseDumpsysPackages } from '../android/parse-packages.ts';
import type { MatchIndex } from '../../indicators/index.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dumpsysSection, SURVEILLANCE_PERMISSIONS, unusualInstaller } from './android-common.ts';
import { heuristic, matchAlerts } from './common.ts';

const SOURCES: DeviceModule['sources'] = ['androidqf', 'bugreport'];
/** Android's own and the big vendors' packages: their receivers and services are expected. */
const isPlatformPackage = (pkg: string) => /^(android|com\.android|com\.google\.android|com\.samsung\.android)(\.|$)/.test(pkg);

/** Alerts for a record's package against app-id indicators. */
const appAlerts = (module: string, r: Result, time: string | null, index: MatchIndex, what: string) => matchAlerts(module, r, time, index.exactOf('app_id', r.package_name as string), what);


export const dumpsysPackages: DeviceModule = {
  slug: 'dumpsys_packages',
  description: 'installed packages, installers and permissions (dumpsys package)',
  sources: SOURCES,
  extract: ({ source }) => parseDumpsysPackages(dumpsysSection(source, 'package')) as unknown as Result[],
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const t = (r.first_install_time as string | null) ?? null;
      out.push(...appAlerts('dumpsys_packages', r, t, index, 'app'));
      const how = unusualInstaller(r.installer as string | null, r.system === true);
      if (!how) continue;
      const watching = [...new Set([...(r.requested_permissions as string[]), ...(r.granted_permissions as string[])])].filter((p) => SURVEILLANCE_PERMISSIONS.has(p));
      out.push(watching.length >= 3
        ? heuristic('dumpsys_packages', 'HIGH', `${r.package_name} was ${how} and asks for ${watching.length} surveillance permissions (${watching.map((p) => p.split('.').pop()).join(', ')})`, r, t)
        : heuristic('dumpsys_packages', 'MEDIUM', `${r.package_name} was ${how}`, r, t));
    }
    return out;
  },
  timeline: (records) => records.filter((r) => r.first_install_time).map((r) => ({ timestamp: r.first_install_time as string, module: 'dumpsys_packages', event: 'package_installed', data: `${r.package_name} installed by ${r.installer ?? 'no installer'}` })),
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
  extract: ({ source }) => parseReceivers(dumpsysSection(source, 'package')) as unknown as Result[],
  check(records, { index }) {
    return records.flatMap((r) => {
      const watched = WATCHED_INTENTS[r.intent as string];
      const m = appAlerts('dumpsys_receivers', r, null, index, `receiver of ${watched ?? r.intent} in app`);
      return m.length > 0 || !watched || isPlatformPackage(r.package_name as string) ? m : [heuristic('dumpsys_receivers', 'INFORMATIONAL', `${r.receiver} receives ${watched}`, r)];
    });
  },
  timeline: () => [],
};

export const dumpsysAppops: DeviceModule = {
  slug: 'dumpsys_appops',
  description: 'app operations and when apps used them (dumpsys appops)',
  sources: SOURCES,
  extract: ({ source }) => parseAppops(dumpsysSection(source, 'appops')) as unknown as Result[],
  check(records, { index }) {
    return records.flatMap((r) => {
      const perms = r.permissions as { name: string; access?: string; entries: { timestamp: string | null; access: string }[] }[];
      const last = perms.flatMap((p) => p.entries.map((e) => e.timestamp)).filter(Boolean).sort().pop() ?? null;
      const m = appAlerts('dumpsys_appops', r, last, index, 'app');
      if (m.length > 0) return m;
      return perms.filter((p) => p.name === 'REQUEST_INSTALL_PACKAGES' && p.access === 'allow').map((p) => heuristic('dumpsys_appops', 'MEDIUM', `${r.package_name} may install other apps (REQUEST_INSTALL_PACKAGES allowed)`, { ...r, permissions: [p] }, p.entries.map((e) => e.timestamp).filter(Boolean).sort().pop() ?? null));
    });
  },
  timeline: (records) => records.flatMap((r) => (r.permissions as { name: string; entries: { timestamp: string | null; access: string }[] }[]).flatMap((p) => p.entries.filter((e) => e.timestamp).map((e) => ({ timestamp: e.timestamp, module: 'dumpsys_appops', event: e.access, data: `${r.package_name} access to ${p.name}: ${e.access}` })))),
};

export const dumpsysBatteryHistory: DeviceModule = {
  slug: 'dumpsys_battery_history',
  description: 'jobs, wakeups and foreground apps (dumpsys batterystats)',
  sources: SOURCES,
  extract: ({ source }) => parseBatteryHistory(dumpsysSection(source, 'batterystats')) as unknown as Result[],
  check: (records, { index }) => records.flatMap((r) => appAlerts('dumpsys_battery_history', r, null, index, `battery history (${r.event}) of app`)),
  timeline: () => [],
};

export const dumpsysAccessibility: DeviceModule = {
  slug: 'dumpsys_accessibility',
  description: 'enabled accessibility services (dumpsys accessibility)',
  sources: SOURCES,
  extract: ({ source }) => parseAccessibility(dumpsysSection(source, 'accessibility')) as unknown as Result[],
  check(records, { index }) {
    return records.flatMap((r) => {
      const m = appAlerts('dumpsys_accessibility', r, null, index, 'accessibility service of app');
      // An accessibility service reads the screen and can act for the user: stalkerware's favourite door.
      return m.length > 0 || isPlatformPackage(r.package_name as string) ? m : [heuristic('dumpsys_accessibility', 'MEDIUM', `accessibility service ${r.service} is enabled: it can read the screen and act for the user`, r)];
    });
  },
  timeline: () => [],
};
