// AndroidQF modules: installed packages (app ids, APK hashes and signing certificates against
// indicators; root apps; installs from outside a store; disabled security apps), running processes,
// system properties (an old security patch), the file listing (paths and hashes against
// indicators; executables in /data/local/tmp), and the messages in backup.ab (links against
// indicators). Settings are in android-settings.ts.
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactNotFound } from '../errors.ts';
import { fileRecords, packageObjects, packageRecord, parseFilesJson } from '../android/parse-json.ts';
import { parseGetprop, parsePs } from '../android/parse-text.ts';
import type { MatchIndex } from '../../indicators/index.ts';
import type { ArtifactSource } from '../sources/types.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { deviceZone, installerFinding, readInventory, ROOT_PACKAGES, SECURITY_PACKAGES, SYSTEM_UPDATE_PACKAGES } from './android-common.ts';
import { heuristic, linkAlerts, macbRows, matchAlerts } from './common.ts';
import { MESSAGE_FILE, messagesOfFiles, parseAndroidBackupSms } from '../android/backup-ab.ts';
import { parseFilesRecords, parsePackagesRecords } from '../android/protobuf.ts';

const read = (source: ArtifactSource, name: RegExp, what: string) => {
  const f = source.find(name)[0];
  if (!f) throw new ArtifactNotFound(what);
  return { text: fs.readFileSync(f.file, 'utf8'), where: f.path };
};

export const aqfPackages: DeviceModule = {
  slug: 'aqf_packages',
  description: 'installed apps, their APK hashes and certificates (packages.json or packages.pb)',
  sources: ['androidqf'],
  extract({ source }) {
    // MVT keeps the packages as AndroidQF wrote them; checks read their fields through packageRecord.
    return readInventory(source, 'packages', packageObjects, (b, where) => parsePackagesRecords(b, where).filter((p) => p.name !== ''));
  },
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const p = packageRecord(r);
      const name = p.name;
      out.push(...matchAlerts('aqf_packages', r, null, index.exactOf('app_id', name), 'app'));
      for (const f of p.files) {
        if (f.sha256) out.push(...matchAlerts('aqf_packages', r, null, index.match(f.sha256, 'hash'), `APK ${f.path} of ${name} with hash`));
        for (const h of [f.certificate?.Md5, f.certificate?.Sha1, f.certificate?.Sha256]) if (h) out.push(...matchAlerts('aqf_packages', r, null, index.match(h, 'cert'), `signing certificate of ${name}`));
      }
      // MVT's levels: a rooting app MEDIUM, a disabled security or update package HIGH.
      if (ROOT_PACKAGES.has(name)) out.push(heuristic('aqf_packages', 'MEDIUM', `${name} is a rooting app: the phone's protections may be off`, r));
      const found = installerFinding(p.installer, p.system);
      if (found) out.push(heuristic('aqf_packages', found.level, `${name} was ${found.how}`, r));
      if (SECURITY_PACKAGES.has(name) && p.disabled) out.push(heuristic('aqf_packages', 'HIGH', `security package ${name} is disabled`, r));
      if (SYSTEM_UPDATE_PACKAGES.has(name) && p.disabled) out.push(heuristic('aqf_packages', 'HIGH', `system update package ${name} is disabled: the phone may get no security updates`, r));
    }
    return out;
  },
  timeline: () => [],
};

export const aqfProcesses: DeviceModule = {
  slug: 'aqf_processes',
  description: 'processes running at collection time (ps.txt)',
  sources: ['androidqf'],
  extract: ({ source }) => parsePs(read(source, /(^|\/)ps\.txt$/, 'ps.txt').text).records as unknown as Result[],
  check: (records, { index }) => processAlerts('aqf_processes', records, index),
  timeline: () => [],
};

/**
 * Process names against process and app-id indicators, as MVT checks them. A process's threads
 * share its name unless they rename themselves: a name is reported once per process.
 */
export function processAlerts(slug: string, records: Result[], index: MatchIndex): Alert[] {
  const seen = new Set<string>();
  return records.flatMap((r) => {
    const name = r.proc_name as string;
    // gatekeeperd shares its name with a known indicator but is Android's own daemon.
    if (!name || name === 'gatekeeperd' || seen.has(`${r.pid} ${name}`)) return [];
    const found = [...matchAlerts(slug, r, null, index.process(name), 'process'), ...matchAlerts(slug, r, null, index.exactOf('app_id', name), 'process of app')];
    if (found.length > 0) seen.add(`${r.pid} ${name}`);
    return found;
  });
}

// MVT's bound: six months of 31 days since the patch level's date.
const PATCH_MAX_AGE_DAYS = 6 * 31;

/**
 * The alerts of system properties, for the module `slug`: a property named by an indicator, and a
 * security patch level older than MVT's six months, which vigil rates MEDIUM.
 */
export function getpropAlerts(slug: string, records: Result[], index: MatchIndex): Alert[] {
  const out: Alert[] = [];
  for (const r of records) {
    out.push(...matchAlerts(slug, r, null, index.exactOf('property', r.name as string), 'property'));
    const patch = r.name === 'ro.build.version.security_patch' && /^\d{4}-\d{2}-\d{2}$/.test(r.value as string) ? Date.parse(r.value as string) : NaN;
    if ((Date.now() - patch) / 86_400_000 > PATCH_MAX_AGE_DAYS) out.push(heuristic(slug, 'MEDIUM', `security patch level ${r.value} is more than six months old: known exploits may work on this phone`, r));
  }
  return out;
}

export const aqfGetprop: DeviceModule = {
  slug: 'aqf_get_prop',
  description: 'system properties: device, Android version, security patch (getprop.txt)',
  sources: ['androidqf'],
  extract: ({ source }) => parseGetprop(read(source, /(^|\/)getprop\.txt$/, 'getprop.txt').text).records,
  check: (records, { index }) => getpropAlerts('aqf_get_prop', records, index),
  timeline: () => [],
};

// AndroidQF's own binary, which it leaves in /data/local/tmp while it collects.
const COLLECTOR = '/data/local/tmp/collector';

export const aqfFiles: DeviceModule = {
  slug: 'aqf_files',
  description: 'files on the phone, their paths and hashes (files.json or files.pb)',
  sources: ['androidqf'],
  extract({ source }) {
    // files.pb's records hold no hashes.
    const zone = deviceZone(source);
    return readInventory(source, 'files', (text, where) => parseFilesJson(text, where, zone), (b, where) => fileRecords(parseFilesRecords(b, where), zone)) as Result[];
  },
  // As MVT checks: a path indicator says all; otherwise any file in /data/local/tmp (where exploit
  // chains drop their stages) is HIGH, and its hash is checked.
  check(records, { index }) {
    const out: Alert[] = [];
    for (const r of records) {
      const p = r.path as string;
      const t = (r.modified_time as string | null | undefined) ?? null;
      const byPath = matchAlerts('aqf_files', r, t, index.filePath(p), 'file');
      out.push(...byPath);
      if (byPath.length > 0 || p === COLLECTOR) continue;
      if (p.startsWith('/data/local/tmp/')) out.push(heuristic('aqf_files', 'HIGH', `Found ${String(r.mode ?? '').includes('x') ? 'executable ' : ''}file at suspicious path "${p}"`, r, t));
      // MVT checks SHA-256, then SHA-1, then MD5, and stops at the first that matches.
      for (const kind of ['sha256', 'sha1', 'md5']) {
        const hash = typeof r[kind] === 'string' ? (r[kind] as string) : '';
        const found = hash ? matchAlerts('aqf_files', r, t, index.match(hash, 'hash'), `file ${p} with ${kind}`) : [];
        out.push(...found);
        if (found.length > 0) break;
      }
    }
    return out;
  },
  // MVT's MACB rows: one per distinct time, saying which of modified, accessed and changed it is.
  timeline: (records) => records.flatMap((r) => macbRows('aqf_files', r.context ? `${r.path} (${r.context})` : String(r.path), { m: r.modified_time, a: r.access_time, c: r.changed_time })),
};

/**
 * The messages of an Android backup: a backup.ab (an AndroidQF collection's, or one given alone), or
 * the telephony provider's files in the folder a backup was extracted to, as MVT's check-backup reads them.
 */
function backupMessages(source: ArtifactSource): Result[] {
  if (source.kind === 'android-backup' && fs.statSync(source.root).isFile()) {
    return parseAndroidBackupSms(fs.readFileSync(source.root), path.basename(source.root), source.backupPassword);
  }
  if (source.kind === 'android-backup') {
    const files = source.find(/_backup$/).filter((f) => MESSAGE_FILE.test(f.path.slice(1)));
    if (files.length === 0) throw new ArtifactNotFound('apps/com.android.providers.telephony/d_f/*_sms_backup or *_mms_backup');
    return messagesOfFiles(files.map((f) => ({ name: f.path.slice(1), data: fs.readFileSync(f.file) })), source.root);
  }
  const f = source.find(/(^|\/)backup\.ab$/)[0];
  if (!f) throw new ArtifactNotFound('backup.ab');
  return parseAndroidBackupSms(fs.readFileSync(f.file), f.path, source.backupPassword);
}

export const aqfSms: DeviceModule = {
  slug: 'aqf_sms',
  // MVT's module of AndroidQF's messages is its class SMS: sms.json.
  results: 'sms',
  description: 'SMS and MMS messages and their links (backup.ab)',
  sources: ['androidqf', 'android-backup'],
  extract: ({ source }) => backupMessages(source),
  check: (records, { index }) => linkAlerts('aqf_sms', records, index, 'link in a message'),
  timeline: (records) => records.map((r) => ({ timestamp: r.isodate as string | null, module: 'aqf_sms', event: `sms_${r.direction}`, data: `${r.address ?? ''}: ${r.body}` })),
};
