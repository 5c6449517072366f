// Android's settings, from AndroidQF's settings_*.txt (aqf_settings) and a bugreport's `dumpsys
// settings` (settings, MVT's Settings): a setting that turns a protection off, away from its safe
// value, MEDIUM, as MVT says it. The bugreport gives more than the value: each row's fields and its
// recent changes (which app changed it, from what, when), which go into the timeline.
import fs from 'node:fs';
import path from 'node:path';
import { parseDumpsysSettings, type SettingChange } from '../android/parse-dumpsys-settings.ts';
import { parseSettings } from '../android/parse-text.ts';
import { ArtifactNotFound } from '../errors.ts';
import { mvtJson } from '../json-chunks.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dumpsysEnding, dumpsysSection } from './android-common.ts';
import { heuristic, pyStr } from './common.ts';

/** Settings that turn a protection off when away from their safe value: key, safe value, MVT's description. */
export const DANGEROUS_SETTINGS: [string, string, string][] = [
  ['verifier_verify_adb_installs', '1', 'disabled Google Play Services apps verification'],
  ['package_verifier_enable', '1', 'disabled Google Play Protect'],
  ['package_verifier_state', '1', 'disabled APK package verification'],
  ['package_verifier_user_consent', '1', 'disabled Google Play Protect'],
  ['upload_apk_enable', '1', 'disabled Google Play Protect'],
  ['adb_install_need_confirm', '1', 'disabled confirmation of adb apps installation'],
  ['send_security_reports', '1', 'disabled sharing of security reports'],
  ['samsung_errorlog_agree', '1', 'disabled sharing of crash logs with manufacturer'],
  ['send_action_app_error', '1', 'disabled applications errors reports'],
  // vigil's own: MVT does not list it.
  ['install_non_market_apps', '0', 'enabled installation of apps from unknown sources'],
  ['accessibility_enabled', '0', 'enabled accessibility services'],
];

/** MVT's alert for a dangerous setting away from its safe value, at `time` (the row's last change, when known). */
function dangerousAlert(slug: string, r: Result, time: string | null): Alert[] {
  const d = DANGEROUS_SETTINGS.find(([k]) => k === r.name);
  return d && r.value !== d[1] ? [heuristic(slug, 'MEDIUM', `Found suspicious "${r.namespace}" setting "${r.name} = ${r.value}" (${d[2]})`, r, time)] : [];
}

// AndroidQF's files hold only keys and values: MVT writes { namespace: { key: value } }.
export const aqfSettings: DeviceModule = {
  slug: 'aqf_settings',
  description: 'global, secure and system settings (settings_*.txt)',
  sources: ['androidqf'],
  extract({ source }) {
    const files = source.find(/(^|\/)settings_\w+\.txt$/);
    if (files.length === 0) throw new ArtifactNotFound('settings_*.txt');
    return files.flatMap((f) => parseSettings(fs.readFileSync(f.file, 'utf8'), path.basename(f.path, '.txt').replace(/^settings_/, '')).records);
  },
  json(records) {
    const byNamespace: Record<string, Record<string, unknown>> = {};
    for (const r of records) (byNamespace[String(r.namespace)] ??= {})[String(r.name)] = r.value;
    return [mvtJson(byNamespace)];
  },
  fromJson: (value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).flatMap(([namespace, kv]) => (kv && typeof kv === 'object' ? Object.entries(kv).map(([name, v]) => ({ namespace, name, value: v }) as Result) : []))
      : [],
  check: (records) => records.flatMap((r) => dangerousAlert('aqf_settings', r, null)),
  timeline: () => [],
};

const historyOf = (r: Result): SettingChange[] => (Array.isArray(r.history) ? (r.history as SettingChange[]) : []);

// The bugreport's rows, a list as MVT writes it (a name may repeat within a namespace).
export const dumpsysSettings: DeviceModule = {
  slug: 'settings',
  description: 'global, secure, system and config settings of each user, with their recent changes (dumpsys settings)',
  sources: ['bugreport', 'androidqf'],
  extract: ({ source }) => parseDumpsysSettings(dumpsysSection(source, 'settings'), dumpsysEnding(source, 'settings')) as unknown as Result[],
  // Results saved before vigil wrote MVT's list: { "global:user_0": { name: value } }.
  fromJson: (value) =>
    Array.isArray(value)
      ? (value as Result[])
      : aqfSettings.fromJson!(value).map((r) => {
          const [namespace, user] = String(r.namespace).split(':user_');
          return { namespace, user: user ?? '0', name: r.name, value: r.value, history: [] } as Result;
        }),
  // Only the first dangerous setting of a row, dated by its last change.
  check: (records) => records.flatMap((r) => dangerousAlert('settings', r, historyOf(r).at(-1)?.timestamp ?? null)),
  timeline: (records) =>
    records.flatMap((r) =>
      historyOf(r)
        .filter((h) => h.timestamp)
        .map((h) => ({ timestamp: h.timestamp, module: 'settings', event: 'settings_change', data: `${pyStr(r.namespace)} setting "${pyStr(r.name)}" changed from "${pyStr(h.oldValue)}" to "${pyStr(h.newValue)}" by ${pyStr(h.pkg)}` })),
    ),
};
