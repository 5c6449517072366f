// dumpsys_adb_state: the computers this phone trusts for USB debugging (MVT's DumpsysADBState). A
// trusted computer can install and run apps and read the phone's data over a cable. The computer
// an AndroidQF collection was made with is expected among them: where the collection names it
// (acquisition.json's adb_host_public_key, else adb_host_key.pub), MVT's rules apply — any other
// trusted key, or an invalid one, LOW; the acquisition host's own key last used a day or more
// before the acquisition, INFORMATIONAL. Without that (a bugreport alone), keys are listed only.
import fs from 'node:fs';
import { isBase64Key, parseDumpsysAdb, type AdbKey } from '../android/parse-dumpsys-adb.ts';
import type { ArtifactSource } from '../sources/types.ts';
import { mvtTimeOfDate } from '../time.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { dumpsysSection } from './android-common.ts';
import { heuristic } from './common.ts';

const SLUG = 'dumpsys_adb_state';
const DAY_MS = 86_400_000;

/** What an AndroidQF collection says of its acquisition (acquisition.json's keys, as MVT passes them on). */
interface Acquisition {
  adb_host_public_key?: unknown;
  started?: unknown;
}

/** A key's base64 text: "<base64> <user>" cut at its first space (MVT's _key_material). */
const keyMaterial = (key: unknown) => (typeof key === 'string' ? key.trim().split(' ')[0] : '');

/** The collection's account of its acquisition, or undefined when it gives none (a bugreport alone). */
function acquisitionOf(source: ArtifactSource): Acquisition | undefined {
  if (source.kind !== 'androidqf') return undefined;
  const json = source.find(/(^|\/)acquisition\.json$/)[0];
  if (json) {
    try {
      const info = JSON.parse(fs.readFileSync(json.file, 'utf8')) as Record<string, unknown> | null;
      if (info && typeof info === 'object' && !Array.isArray(info)) return { adb_host_public_key: info.adb_host_public_key, started: info.started };
    } catch {
      // An unreadable acquisition.json: the key file may still name the host.
    }
  }
  const pub = source.find(/(^|\/)adb_host_key\.pub$/)[0];
  return pub ? { adb_host_public_key: fs.readFileSync(pub.file, 'utf8') } : undefined;
}

/** The trusted keys, each once: the keystore's (with their last connection) before user_keys', as MVT takes them. */
function trustedKeys(records: Result[]): AdbKey[] {
  const out: AdbKey[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of [...(Array.isArray(r.keystore) ? r.keystore : []), ...(Array.isArray(r.user_keys) ? r.user_keys : [])]) {
      if (!k || typeof k !== 'object') continue;
      const identity = keyMaterial((k as AdbKey).key) || JSON.stringify(k);
      if (seen.has(identity)) continue;
      seen.add(identity);
      out.push(k as AdbKey);
    }
  }
  return out;
}

export const dumpsysAdb: DeviceModule = {
  slug: SLUG,
  description: 'computers trusted for USB debugging (dumpsys adb), against the acquisition host',
  sources: ['androidqf', 'bugreport'],
  // The record keeps what the collection says of its acquisition (`acquisition`, a key MVT's lacks),
  // so that check-iocs, without the collection, judges the keys as the check did.
  extract({ source }) {
    const acquisition = acquisitionOf(source);
    return parseDumpsysAdb(dumpsysSection(source, 'adb')).map((r) => (acquisition ? { ...r, acquisition } : r)) as Result[];
  },
  check(records) {
    const acquisition = records.find((r) => r.acquisition && typeof r.acquisition === 'object')?.acquisition as Acquisition | undefined;
    if (!acquisition) return [];
    const hostKey = isBase64Key(keyMaterial(acquisition.adb_host_public_key)) ? keyMaterial(acquisition.adb_host_public_key) : '';
    const started = typeof acquisition.started === 'string' ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(acquisition.started) ? acquisition.started : `${acquisition.started}Z`) : NaN;
    const alerts: Alert[] = [];
    for (const k of trustedKeys(records)) {
      const key = keyMaterial(k.key);
      const what = `${k.fingerprint || '<unknown key>'} (${k.user || 'unknown user'})`;
      const lastMs = /^\d+$/.test(String(k.last_connected ?? '')) ? Number(k.last_connected) : NaN;
      const time = Number.isFinite(lastMs) ? (mvtTimeOfDate(new Date(lastMs)) ?? '') : '';
      const event = k as unknown as Result;
      if (!isBase64Key(key)) alerts.push(heuristic(SLUG, 'LOW', `Found an invalid trusted ADB host key: ${what}`, event, time));
      else if (!hostKey) alerts.push(heuristic(SLUG, 'LOW', `Found a trusted ADB host key, but the AndroidQF acquisition does not include its host key: ${what}`, event, time));
      else if (key !== hostKey) alerts.push(heuristic(SLUG, 'LOW', `Found a trusted ADB host key different from the AndroidQF acquisition host: ${what}`, event, time));
      else if (Number.isFinite(started) && Number.isFinite(lastMs) && lastMs <= started - DAY_MS) {
        alerts.push(heuristic(SLUG, 'INFORMATIONAL', `Found a trusted ADB host key last connected at least one day before the AndroidQF acquisition: ${what}`, event, time));
      }
    }
    return alerts;
  },
  timeline: () => [],
};
