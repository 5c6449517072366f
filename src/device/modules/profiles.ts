// Configuration profiles installed on the device (ConfigurationProfiles/profile-*.stub), kept as MVT
// keeps them: the whole plist, its binary keys in base64, and the install date. Their UUIDs are
// checked against configuration-profile indicators (Predator installed one); a profile that
// manages notification settings is worth a look, since it can hide the warnings a user would see.
import fs from 'node:fs';
import path from 'node:path';
import { ArtifactNotFound } from '../errors.ts';
import { isPlistDict, parsePlist, type PlistDict, type PlistValue } from '../plist.ts';
import { base64Of, pythonJson } from '../python-values.ts';
import { mvtTimeOfDate } from '../time.ts';
import type { Alert, DeviceModule, Result } from '../types.ts';
import { heuristic, matchAlerts, pyStr } from './common.ts';

const DOMAIN = 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles';

/** A profile's signing certificates (in the profile and in its stub), each in base64. */
const signerCerts = (d: PlistDict) => {
  if (Array.isArray(d.SignerCerts)) d.SignerCerts = d.SignerCerts.map((c) => base64Of(c) ?? null);
};

/** The keys MVT writes in base64 (certificates, persistent references, push tokens). */
function encodeBinaryKeys(p: PlistDict): PlistDict {
  const out: PlistDict = { ...p };
  signerCerts(out);
  if (isPlistDict(out.OTAProfileStub)) {
    const stub: PlistDict = { ...out.OTAProfileStub };
    signerCerts(stub);
    if (isPlistDict(stub.PayloadContent) && 'EnrollmentIdentityPersistentID' in stub.PayloadContent) {
      stub.PayloadContent = { ...stub.PayloadContent, EnrollmentIdentityPersistentID: base64Of(stub.PayloadContent.EnrollmentIdentityPersistentID) ?? null };
    }
    out.OTAProfileStub = stub;
  }
  for (const k of ['PushTokenDataSentToServerKey', 'LastPushTokenHash']) if (k in out) out[k] = base64Of(out[k]) ?? null;
  if (Array.isArray(out.PayloadContent)) {
    out.PayloadContent = out.PayloadContent.map((entry): PlistValue => {
      if (!isPlistDict(entry)) return entry;
      const e: PlistDict = { ...entry };
      for (const k of ['PERSISTENT_REF', 'IdentityPersistentRef']) if (k in e) e[k] = base64Of(e[k]) ?? null;
      return e;
    });
  }
  return out;
}

const payloads = (plist: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(plist.PayloadContent) ? plist.PayloadContent.filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e)) : [];

export const profiles: DeviceModule = {
  slug: 'configuration_profiles',
  description: 'installed configuration profiles (ConfigurationProfiles/profile-*.stub)',
  sources: ['backup', 'fs'],
  extract({ source }) {
    const files = source.find(/ConfigurationProfiles\/profile-[^/]*$/);
    if (files.length === 0) throw new ArtifactNotFound('ConfigurationProfiles/profile-*');
    return files.map((f) => {
      let plist: PlistDict = {};
      try {
        const p = parsePlist(fs.readFileSync(f.file), f.path);
        if (isPlistDict(p)) plist = p;
      } catch {
        // MVT keeps a profile it cannot read, with an empty plist.
      }
      const install = mvtTimeOfDate(plist.InstallDate) ?? '';
      return { file_id: f.fileID ?? path.basename(f.file), relative_path: f.path, domain: f.domain ?? DOMAIN, plist: pythonJson(encodeBinaryKeys(plist)), install_date: install } as Result;
    });
  },
  check(records, { index }) {
    return records.flatMap((r): Alert[] => {
      const plist = r.plist as Record<string, unknown>;
      const uuid = typeof plist.PayloadUUID === 'string' ? plist.PayloadUUID : null;
      if (!uuid) return [];
      const hits = matchAlerts('configuration_profiles', r, r.install_date ? (r.install_date as string) : null, index.match(uuid, 'profile_id'), `configuration profile "${pyStr(plist.PayloadDisplayName)}"`);
      if (hits.length > 0) return hits;
      const hiding = payloads(plist).find((p) => p.PayloadType === 'com.apple.notificationsettings');
      return hiding ? [heuristic('configuration_profiles', 'MEDIUM', `configuration profile "${pyStr(plist.PayloadDisplayName)}" (${uuid}) manages notification settings, which can hide what the phone would show`, r, (r.install_date as string) || null)] : [];
    });
  },
  // MVT's row, for profiles with an install date.
  timeline: (records) => records.filter((r) => r.install_date).map((r) => {
    const p = r.plist as Record<string, unknown>;
    return { timestamp: r.install_date as string, module: 'configuration_profiles', event: 'configuration_profile_install', data: `${pyStr(p.PayloadType)} installed: ${pyStr(p.PayloadUUID)} - ${pyStr(p.PayloadDisplayName)}: ${pyStr(p.PayloadDescription)}` };
  }),
};
